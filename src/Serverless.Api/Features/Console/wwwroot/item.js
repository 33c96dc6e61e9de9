// The item view: source beside draft, confidence, history, the reviewer's actions, editing with a live
// diff, publishing (after a confirmation naming the public URL) and comparing a regenerated draft with
// the draft it replaces. Nothing here throws typed text away: while editing, actions that would discard
// it are disabled, and leaving the draft with unsaved edits asks first.
import { ApiError, publicUrl } from './api.js';
import { $, el, level, percent, person, statusLabel, when } from './dom.js';
import { clearBanners, say, showError } from './banners.js';
import { confirmDialog } from './dialog.js';
import { changed, renderDiff, renderSideBySide, semantic, wordDiff } from './diff.js';
import { api, canPublish, hasUnsavedEdits, me, state } from './state.js';

const SPLIT_KEY = 'serverless.console.diff';
let hooks = { opened: () => {}, refreshQueue: async () => {} };
export const itemHooks = (h) => { hooks = { ...hooks, ...h }; };

/** Asks before unsaved edits would be lost; true when there are none or the reviewer lets them go. */
export async function mayLeaveEdits() {
  if (!hasUnsavedEdits()) return true;
  return confirmDialog({
    title: 'Discard your edits?',
    body: [el('p', {}, 'You have changed this draft and not approved it. Leaving now throws the changes away.')],
    ok: 'Discard edits',
    cancel: 'Keep editing',
  });
}

export async function open(id, { guard = true } = {}) {
  if (state.item?.draftId === id && !state.busy) return true;
  if (guard && !(await mayLeaveEdits())) return false;
  clearBanners();
  stopEditing(false);
  $('item-empty').hidden = true;
  $('item-view').hidden = false;
  $('item').setAttribute('aria-busy', 'true');
  say('Loading the draft…');
  try {
    let item = await api.get(id);
    // Opening a draft in review claims it, so two reviewers never work on the same one.
    if (item.status === 'in_review' && (!item.claimedBy || item.claimedBy === me())) {
      try { item = await api.claim(id); } catch (error) { if (!(error instanceof ApiError && error.status === 409)) throw error; item = await api.get(id); }
    }
    showItem(item);
    say('');
    hooks.opened(item);
  } catch (error) {
    say('');
    showError(error);
  } finally {
    $('item').removeAttribute('aria-busy');
  }
  return true;
}

export function closeItem() {
  state.item = null;
  stopEditing(false);
  $('item-view').hidden = true;
  $('item-empty').hidden = false;
}

export function showItem(item) {
  state.item = item;
  stopEditing(false);
  hideForms();
  $('compare-card').hidden = true;
  $('item-title').textContent = item.finalTitle || item.draftTitle;
  $('item-meta').textContent = `${item.source.type} · ${item.source.locale} · ${item.promptKey} v${item.promptVersion} · ${item.model} (${item.provider}) · ${when(item.createdAt)}`;
  $('item-badges').replaceChildren(...[
    el('span', { class: `badge status-${item.status}` }, statusLabel(item.status)),
    el('span', { class: `badge confidence ${level(item.confidence)}` }, `Confidence ${percent(item.confidence)}`),
    item.autoApproved ? el('span', { class: 'badge' }, 'Auto-approved') : null].filter(Boolean));
  const mine = item.claimedBy === me();
  $('item-lease').textContent = item.claimedBy
    ? (mine ? `You hold this draft until ${when(item.leaseUntil)}.` : `${person(item.claimedBy)} is working on this draft until ${when(item.leaseUntil)}.`)
    : item.status === 'in_review' ? 'Nobody holds this draft.' : '';
  $('item-lease').className = `lease ${item.claimedBy && !mine ? 'taken' : ''}`;
  showLineage(item);

  const facts = [['Type', item.source.type], ['Slug', item.source.slug], ['Locale', item.source.locale], ['Content status', item.source.status]];
  $('source-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  $('source-title').textContent = item.source.title;
  $('source-body').textContent = item.source.body || '—';
  $('source-instructions').textContent = item.source.instructions || 'None';
  $('draft-title').textContent = item.finalTitle ?? item.draftTitle;
  $('draft-body').textContent = item.finalBody ?? item.draftBody;

  if (item.edit) {
    showDiff([...item.edit.title, { op: 'equal', text: '\n\n' }, ...item.edit.body]);
    $('diff-distance').textContent = `· edit distance ${percent(item.edit.editDistance)}`;
  } else {
    $('diff-card').hidden = true;
  }

  const s = item.signals;
  $('signals').replaceChildren(
    el('li', {}, `Model's own score: ${s.modelScore == null ? 'none given (counted as 50%)' : percent(s.modelScore)}`),
    el('li', { class: s.schemaValid ? 'ok' : 'bad' }, s.schemaValid ? 'Output matched the schema' : 'Output did not match the schema (confidence 0)'),
    el('li', { class: s.lengthWithinBounds ? 'ok' : 'bad' }, `Length ${s.length} characters (allowed ${s.minLength}–${s.maxLength})${s.lengthWithinBounds ? '' : ': halved'}`),
    el('li', { class: s.bannedTermsFound.length ? 'bad' : 'ok' }, s.bannedTermsFound.length ? `Banned terms: ${s.bannedTermsFound.join(', ')} (confidence 0)` : 'No banned terms'));
  $('history').replaceChildren(...item.history.map((e) => el('li', {},
    el('strong', {}, e.action.replace(/_/g, ' ')), ` by ${e.actor} · ${when(e.at)}`,
    e.reasonCategory ? ` · ${e.reasonCategory.replace(/_/g, ' ')}` : '', e.comment ? el('q', {}, e.comment) : null)));
  $('history-empty').hidden = item.history.length > 0;
  updateActions();
}

function showLineage(item) {
  const line = $('item-lineage');
  const link = (id, text) => {
    const a = el('a', { href: `#item=${id}` }, text);
    a.addEventListener('click', (e) => { e.preventDefault(); hooks.navigate(id); });
    return a;
  };
  const parts = [];
  if (item.replacesDraftId) {
    const compare = el('button', { type: 'button', id: 'act-compare', class: 'ghost' }, 'Compare side by side');
    compare.addEventListener('click', () => compareWithReplaced());
    parts.push('Regenerated: this draft replaces ', link(item.replacesDraftId, 'an earlier draft'), '. ', compare);
  }
  if (item.replacedByDraftId) parts.push(parts.length ? ' ' : '', 'A newer draft replaces this one: ', link(item.replacedByDraftId, 'open it'), '.');
  line.replaceChildren(...parts);
  line.hidden = parts.length === 0;
}

/** The draft this one was regenerated from beside this one, each with its side of the diff. */
export async function compareWithReplaced() {
  const item = state.item;
  if (!item?.replacesDraftId) return;
  clearBanners();
  try {
    const earlier = await api.get(item.replacesDraftId);
    if (state.item !== item) return;
    const before = { title: earlier.finalTitle ?? earlier.draftTitle, body: earlier.finalBody ?? earlier.draftBody };
    const after = { title: item.finalTitle ?? item.draftTitle, body: item.finalBody ?? item.draftBody };
    $('compare-before-title').textContent = before.title;
    $('compare-after-title').textContent = after.title;
    renderSideBySide($('compare-before'), $('compare-after'), semantic(wordDiff(before.body, after.body)));
    $('compare-card').hidden = false;
    $('compare-card').scrollIntoView({ block: 'nearest' });
    $('compare-close').focus();
  } catch (error) {
    showError(error);
  }
}

export function updateActions() {
  const item = state.item;
  const inReview = item?.status === 'in_review';
  const mine = item?.claimedBy === me();
  const editing = state.editing;
  const set = (id, visible, enabled = true, why = '') => {
    const b = $(id);
    b.hidden = !visible;
    b.disabled = !enabled || state.busy;
    b.title = enabled ? '' : why;
  };
  const claimFirst = 'Claim the draft first';
  const finishEdit = 'Finish your edit first: approve it with the edit form, or cancel it';
  set('act-claim', inReview && !mine, !item?.claimedBy);
  set('act-approve', inReview, mine && !editing, editing ? finishEdit : claimFirst);
  set('act-edit', inReview, mine && !editing, editing ? 'You are editing' : claimFirst);
  set('act-reject', inReview, mine && !editing, editing ? finishEdit : claimFirst);
  set('act-regenerate', inReview || item?.status === 'rejected', !editing && (inReview ? mine : true), editing ? finishEdit : claimFirst);
  set('act-publish', item?.status === 'approved', canPublish(), 'Publishing needs the editor or admin role');
  set('act-release', inReview && mine, !editing, finishEdit);
}

// ---- editing ----
export function startEditing() {
  if (!state.item || $('act-edit').disabled || $('act-edit').hidden) return;
  clearBanners();
  state.editing = true;
  hideForms();
  $('draft-read').hidden = true;
  $('edit-form').hidden = false;
  $('edit-title').value = state.item.draftTitle;
  $('edit-body').value = state.item.draftBody;
  liveDiff();
  updateActions();
  $('edit-body').focus();
}

export function stopEditing(focus = true) {
  state.editing = false;
  $('edit-form').hidden = true;
  $('draft-read').hidden = false;
  if (state.item && !state.item.edit) $('diff-card').hidden = true;
  if (focus) $('act-edit').focus();
  updateActions();
}

export async function cancelEditing() {
  if (!(await mayLeaveEdits())) { $('edit-body').focus(); return; }
  stopEditing();
}

export function liveDiff() {
  const item = state.item;
  const segments = [...wordDiff(item.draftTitle, $('edit-title').value), { op: 'equal', text: '\n\n' }, ...wordDiff(item.draftBody, $('edit-body').value)];
  showDiff(segments);
  $('diff-distance').textContent = changed(segments) ? '' : '· no changes yet';
}

let lastSegments = [];
function showDiff(segments) {
  lastSegments = semantic(segments);
  $('diff-card').hidden = false;
  const split = localStorage.getItem(SPLIT_KEY) === 'split';
  $('diff-inline').setAttribute('aria-pressed', String(!split));
  $('diff-split').setAttribute('aria-pressed', String(split));
  $('diff').hidden = split;
  $('diff-sides').hidden = !split;
  if (split) renderSideBySide($('diff-before'), $('diff-after'), lastSegments);
  else renderDiff($('diff'), lastSegments);
}

export function setDiffLayout(split) {
  localStorage.setItem(SPLIT_KEY, split ? 'split' : 'inline');
  showDiff(lastSegments);
}

// ---- actions ----
export async function act(label, run) {
  if (state.busy || !state.item) return;
  clearBanners();
  state.busy = true;
  updateActions();
  say(`${label}…`);
  let item = null;
  try {
    item = await run(state.item.draftId);
    showItem(item);
    say(`${label}: done.`);
    await hooks.refreshQueue(item.draftId);
  } catch (error) {
    say('');
    showError(error);
  } finally {
    state.busy = false;
    updateActions();
  }
  return item;
}

export function hideForms() {
  $('reject-form').hidden = true;
  $('regenerate-form').hidden = true;
}

export function showForm(id, focusId) {
  const button = id === 'reject-form' ? $('act-reject') : $('act-regenerate');
  if (button.hidden || button.disabled) { explainDisabled(button); return; }
  clearBanners();
  hideForms();
  $(id).hidden = false;
  $(focusId).focus();
}

/** A shortcut for an action that is not available says why, instead of doing nothing. */
export function explainDisabled(button) {
  if (!button.hidden && button.disabled && button.title) say(`${button.textContent.replace(/\s+\S$/, '').trim()} is not available: ${button.title}.`);
}

export function approve() {
  const button = $('act-approve');
  if (button.hidden || button.disabled) { explainDisabled(button); return Promise.resolve(); }
  return act('Approved', (id) => api.approve(id));
}

/** Publishing changes what the public reads, so it asks first and names where the text will appear. */
export async function publish() {
  const button = $('act-publish');
  if (button.hidden || button.disabled) { explainDisabled(button); return; }
  const item = state.item;
  clearBanners();
  const url = publicUrl(state.tenant?.slug ?? '', item.source);
  const ok = await confirmDialog({
    title: 'Publish to the public site?',
    body: [
      el('p', {}, '“', el('strong', {}, item.finalTitle ?? item.draftTitle), `” becomes the public version of the ${item.source.type} `,
        el('code', {}, item.source.slug), ` (${item.source.locale}), replacing what readers see now.`),
      el('p', {}, 'It will appear at:'),
      el('p', { class: 'url', id: 'confirm-url' }, url),
      el('p', { class: 'hint' }, 'Caches and the CDN are told at once; readers may need a moment to see it.'),
    ],
    ok: 'Publish',
    cancel: 'Cancel',
  });
  if (!ok || state.item !== item) { say('Not published.'); return; }
  const done = await act('Published', (id) => api.publish(id));
  if (done?.status === 'published') say('Published: it is live at', url);
}
