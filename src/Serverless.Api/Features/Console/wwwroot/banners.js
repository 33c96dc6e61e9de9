// The status line, the error box and the sign-in expiry warning. A new action clears what the last one said.
import { ApiError } from './api.js';
import { $, el } from './dom.js';

let onUnauthorized = () => {};
export const whenUnauthorized = (handler) => { onUnauthorized = handler; };

export function say(message, link) {
  const box = $('status');
  box.replaceChildren(message, ...(link ? [' ', el('a', { href: link, target: '_blank', rel: 'noopener' }, link)] : []));
}

export function showError(error) {
  const box = $('error');
  if (!error) { box.hidden = true; box.textContent = ''; return; }
  const refused = error instanceof ApiError && error.status === 401;
  box.textContent = refused ? 'Your token was refused (expired, or not for this API). Sign in again.' : error.message;
  box.hidden = false;
  if (refused) onUnauthorized();
}

/** Called at the start of every action the reviewer takes, so nothing from the previous one lingers. */
export function clearBanners() {
  say('');
  showError(null);
}

// ---- the sign-in's end ----
const WARN_BEFORE_MS = 5 * 60 * 1000;
let expiryTimer = 0;

export function watchExpiry(claims, onExpired) {
  clearInterval(expiryTimer);
  const box = $('expiry');
  box.hidden = true;
  if (!claims?.exp) return;
  const check = () => {
    const left = claims.exp * 1000 - Date.now();
    if (left <= 0) { stopWatchingExpiry(); onExpired(); return; }
    if (left > WARN_BEFORE_MS) { box.hidden = true; return; }
    const minutes = Math.max(1, Math.ceil(left / 60000));
    const at = new Date(claims.exp * 1000).toLocaleTimeString(undefined, { timeStyle: 'short' });
    box.textContent = `Your sign-in ends at ${at} (in ${minutes} min). Save your work and sign in again with a fresh token before then.`;
    box.hidden = false;
  };
  check();
  expiryTimer = setInterval(check, 15_000);
}

export function stopWatchingExpiry() {
  clearInterval(expiryTimer);
  $('expiry').hidden = true;
}
