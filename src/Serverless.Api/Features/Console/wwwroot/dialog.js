// A confirmation in a modal <dialog>: a promise of true (confirmed) or false (cancelled, Esc).
import { $ } from './dom.js';

export function confirmDialog({ title, body, ok, cancel = 'Cancel' }) {
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-body').replaceChildren(...body);
  $('confirm-ok').textContent = ok;
  $('confirm-cancel').textContent = cancel;
  dialog.returnValue = '';
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'ok');
    }, { once: true });
    dialog.showModal();
    $('confirm-ok').focus();
  });
}

export const dialogOpen = () => document.querySelector('dialog[open]') !== null;
