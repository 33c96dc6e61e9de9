import { ApiError, claimsOf, createApi } from './api.js';
import { changed, renderDiff, wordDiff } from './diff.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'serverless.console.token';
const state = { token: sessionStorage.getItem(TOKEN_KEY) ?? '', claims: null, items: [], cursor: -1, item: null, editing: false, busy: false };
const api = createApi(() => state.token);
const canPublish = () => ['editor', 'admin'].includes(state.claims?.role);
const me = () => `user:${state.claims?.sub ?? ''}`;

const percent = (value) => `${Math.round(Number(value) * 100)}%`;
const level = (value) => (value < 0.5 ? 'low' : value < 0.8 ? 'mid' : 'high');
const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const statusLabel = (s) => ({ in_review: 'In review', approved: 'Approved', rejected: 'Rejected', published: 'Published', regeneration_requested: 'Regenerating' })[s] ?? s;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function say(message) { $('status').textContent = message; }

function showError(error) {
  const box = $('error');
  if (!error) { box.hidden = true; box.textContent = ''; return; }
  box.textContent = error instanceof ApiError && error.status === 401
    ? 'Your token was refused (expired, or not for this API). Sign in again.'
    : error.message;
  box.hidden = false;
  if (error instanceof ApiError && error.status === 401) signOut(false);
}

// ---- sign in ----
function signIn(token) {
  const claims = claimsOf(token);
  if (!claims?.tenant_id || !claims?.role) {
    showError(new Error('That does not look like a token for this console: it needs tenant_id and role claims.'));
    return;
  }
  state.token = token;
  state.claims = claims;
  sessionStorage.setItem(TOKEN_KEY, token);
  showError(null);
  render();
  loadQueue();
}

function signOut(clearError = true) {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: '', claims: null, items: [], cursor: -1, item: null, editing: false });
  pendingKeys.length = 0;
  if (clearError) showError(null);
  render();
  $('token').value = '';
  $('token').focus();
}

function render() {
  const signedIn = Boolean(state.claims);
  $('sign-in-view').hidden = signedIn;
  $('work-view').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
  $('who').hidden = !signedIn;
  if (signedIn) $('who').textContent = `${state.claims.sub} · ${state.claims.role} · tenant ${state.claims.tenant_id.slice(0, 8)}…`;
}

// ---- queue ----
async function loadQueue(selectId) {
  const list = $('queue');
  const status = $('status-filter').value;
  $('queue-state').textContent = 'Loading drafts…';
  list.setAttribute('aria-busy', 'true');
  try {
    const { items } = await api.list(status);
    state.items = items;
    list.replaceChildren(...items.map(queueRow));
    $('queue-state').textContent = items.length === 0
      ? (status === 'in_review' ? 'The queue is empty: nothing waits for review.' : `No ${statusLabel(status).toLowerCase()} drafts.`)
      : `${items.length} draft${items.length === 1 ? '' : 's'}`;
    const index = selectId ? items.findIndex((i) => i.draftId === selectId) : -1;
    select(index >= 0 ? index : Math.min(state.cursor, items.length - 1), false);
  } catch (error) {
    $('queue-state').textContent = 'The queue could not be loaded.';
    showError(error);
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function queueRow(item, index) {
  const claimed = item.claimedBy ? el('span', { class: 'claimed' }, item.claimedBy === me() ? 'claimed by you' : `claimed by ${item.claimedBy.replace(/^user:/, '')}`) : null;
  const button = el('button', { type: 'button', class: 'queue-item', 'data-draft-id': item.draftId, 'aria-current': 'false' },
    el('span', { class: `confidence ${level(item.confidence)}`, 'aria-label': `confidence ${percent(item.confidence)}` }, percent(item.confidence)),
    el('span', { class: 'queue-text' },
      el('span', { class: 'queue-title' }, item.draftTitle || item.contentTitle),
      el('span', { class: 'queue-meta' }, `${item.contentType} · ${item.promptKey} v${item.promptVersion} · ${when(item.createdAt)}`),
      claimed));
  button.addEventListener('click', () => { select(index, false); open(item.draftId); });
  return el('li', {}, button);
}

function select(index, focus = true) {
  state.cursor = index;
  document.querySelectorAll('.queue-item').forEach((b, i) => b.setAttribute('aria-current', String(i === index)));
  const current = document.querySelectorAll('.queue-item')[index];
  if (current && focus) current.focus();
}

// ---- item ----
async function open(id) {
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
  } catch (error) {
    showError(error);
  } finally {
    $('item').removeAttribute('aria-busy');
  }
}

function showItem(item) {
  state.item = item;
  stopEditing(false);
  hideForms();
  showError(null);
  $('item-title').textContent = item.finalTitle || item.draftTitle;
  $('item-meta').textContent = `${item.source.type} · ${item.source.locale} · ${item.promptKey} v${item.promptVersion} · ${item.model} (${item.provider}) · ${when(item.createdAt)}`;
  $('item-badges').replaceChildren(...[
    el('span', { class: `badge status-${item.status}` }, statusLabel(item.status)),
    el('span', { class: `badge confidence ${level(item.confidence)}` }, `Confidence ${percent(item.confidence)}`),
    item.autoApproved ? el('span', { class: 'badge' }, 'Auto-approved') : null].filter(Boolean));
  const mine = item.claimedBy === me();
  $('item-lease').textContent = item.claimedBy
    ? (mine ? `You hold this draft until ${when(item.leaseUntil)}.` : `${item.claimedBy.replace(/^user:/, '')} is working on this draft until ${when(item.leaseUntil)}.`)
    : item.status === 'in_review' ? 'Nobody holds this draft.' : '';
  $('item-lease').className = `lease ${item.claimedBy && !mine ? 'taken' : ''}`;

  const facts = [['Type', item.source.type], ['Slug', item.source.slug], ['Locale', item.source.locale], ['Content status', item.source.status]];
  $('source-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  $('source-title').textContent = item.source.title;
  $('source-body').textContent = item.source.body || '—';
  $('source-instructions').textContent = item.source.instructions || 'None';
  $('draft-title').textContent = item.finalTitle ?? item.draftTitle;
  $('draft-body').textContent = item.finalBody ?? item.draftBody;

  if (item.edit) {
    $('diff-card').hidden = false;
    renderDiff($('diff'), [...item.edit.title, { op: 'equal', text: '\n\n' }, ...item.edit.body]);
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
  $('history').replaceChildren(...(item.history.length ? item.history.map((e) => el('li', {},
    el('strong', {}, e.action.replace(/_/g, ' ')), ` by ${e.actor} · ${when(e.at)}`,
    e.reasonCategory ? ` · ${e.reasonCategory.replace(/_/g, ' ')}` : '', e.comment ? el('q', {}, e.comment) : null))
    : [el('li', {}, 'No decisions yet.')]));
  updateActions();
}

function updateActions() {
  const item = state.item;
  const inReview = item?.status === 'in_review';
  const mine = item?.claimedBy === me();
  const set = (id, visible, enabled = true, why = '') => {
    const b = $(id);
    b.hidden = !visible;
    b.disabled = !enabled || state.busy;
    b.title = why;
  };
  set('act-claim', inReview && !mine, !item?.claimedBy);
  set('act-approve', inReview, mine, mine ? '' : 'Claim the draft first');
  set('act-edit', inReview, mine && !state.editing, mine ? '' : 'Claim the draft first');
  set('act-reject', inReview, mine, mine ? '' : 'Claim the draft first');
  set('act-regenerate', inReview || item?.status === 'rejected', inReview ? mine : true);
  set('act-publish', item?.status === 'approved', canPublish(), canPublish() ? '' : 'Publishing needs the editor or admin role');
  set('act-release', inReview && mine);
}

// ---- editing ----
function startEditing() {
  if (!state.item || $('act-edit').disabled) return;
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

function stopEditing(focus = true) {
  state.editing = false;
  $('edit-form').hidden = true;
  $('draft-read').hidden = false;
  if (state.item && !state.item.edit) $('diff-card').hidden = true;
  if (focus) $('act-edit').focus();
  updateActions();
}

function liveDiff() {
  const item = state.item;
  const segments = [...wordDiff(item.draftTitle, $('edit-title').value), { op: 'equal', text: '\n\n' }, ...wordDiff(item.draftBody, $('edit-body').value)];
  $('diff-card').hidden = false;
  $('diff-distance').textContent = changed(segments) ? '' : '· no changes yet';
  renderDiff($('diff'), segments);
}

// ---- actions ----
async function act(label, run) {
  if (state.busy || !state.item) return;
  state.busy = true;
  updateActions();
  say(`${label}…`);
  try {
    const item = await run(state.item.draftId);
    showItem(item);
    say(`${label}: done.`);
    await loadQueue(item.draftId);
  } catch (error) {
    say('');
    showError(error);
  } finally {
    state.busy = false;
    updateActions();
    applyPendingKeys();
  }
}

// A shortcut pressed while an action and its refresh are under way is kept and applied once they land,
// in order, as the reviewer typed it: never silently dropped.
const pendingKeys = [];
const MAX_PENDING_KEYS = 8;

function applyPendingKeys() {
  while (!state.busy && pendingKeys.length) runShortcut(pendingKeys.shift());
}

function hideForms() {
  $('reject-form').hidden = true;
  $('regenerate-form').hidden = true;
}

function showForm(id, focusId) {
  const button = id === 'reject-form' ? $('act-reject') : $('act-regenerate');
  if (button.hidden || button.disabled) return;
  hideForms();
  $(id).hidden = false;
  $(focusId).focus();
}

const actions = {
  claim: () => act('Claimed', (id) => api.claim(id)),
  release: () => act('Released', (id) => api.release(id)),
  approve: () => { if (!$('act-approve').disabled && !$('act-approve').hidden) act('Approved', (id) => api.approve(id)); },
  publish: () => { if (!$('act-publish').disabled && !$('act-publish').hidden) act('Published', (id) => api.publish(id)); },
  edit: startEditing,
  reject: () => showForm('reject-form', 'reject-reason'),
  regenerate: () => showForm('regenerate-form', 'regenerate-feedback'),
};

function wire() {
  $('sign-in').addEventListener('submit', (e) => { e.preventDefault(); signIn($('token').value.trim()); });
  $('sign-out').addEventListener('click', () => signOut());
  $('status-filter').addEventListener('change', () => { state.cursor = -1; loadQueue(); });
  for (const name of Object.keys(actions)) $(`act-${name}`).addEventListener('click', actions[name]);
  $('edit-title').addEventListener('input', liveDiff);
  $('edit-body').addEventListener('input', liveDiff);
  $('edit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const edit = { title: $('edit-title').value, body: $('edit-body').value };
    act('Approved with edits', (id) => api.approve(id, edit));
  });
  $('reject-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('Rejected', (id) => api.reject(id, $('reject-reason').value, $('reject-comment').value || null));
  });
  $('regenerate-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('New draft requested', (id) => api.regenerate(id, $('regenerate-feedback').value));
  });
  document.querySelectorAll('[data-cancel]').forEach((b) => b.addEventListener('click', cancel));
  document.addEventListener('keydown', onKey);
}

function cancel() {
  if (state.editing) stopEditing();
  hideForms();
}

function onKey(e) {
  if (!state.claims) return;
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
  if (e.key === 'Escape') { cancel(); return; }
  if (typing) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && state.editing) { e.preventDefault(); $('edit-form').requestSubmit(); }
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey || $('help').open) return;
  if (e.key === 'Enter' && e.target.classList?.contains('queue-item')) return; // the button's own click opens it
  if (!shortcuts[e.key]) return;
  e.preventDefault();
  if (state.busy && ACTION_KEYS.has(e.key)) {
    if (pendingKeys.length < MAX_PENDING_KEYS) pendingKeys.push(e.key);
    return;
  }
  runShortcut(e.key);
}

const shortcuts = {
  j: () => select(Math.min(state.cursor + 1, state.items.length - 1)),
  k: () => select(Math.max(state.cursor - 1, 0)),
  c: actions.claim, a: actions.approve, e: actions.edit, r: actions.reject, g: actions.regenerate, p: actions.publish,
  '?': () => $('help').showModal(),
};
const ACTION_KEYS = new Set(['c', 'a', 'e', 'r', 'g', 'p']);

function runShortcut(key) {
  shortcuts[key]();
}

wire();
if (state.token) signIn(state.token); else render();
if (!state.claims) $('token').focus();
