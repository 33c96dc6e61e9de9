// The console's entry point: sign-in, wiring of controls and shortcuts, and the URL of each view.
import { claimsOf } from './api.js';
import { $ } from './dom.js';
import { clearBanners, showError, stopWatchingExpiry, watchExpiry, whenUnauthorized } from './banners.js';
import { bulkApprove, bulkHooks, bulkReject, clearSelection, renderBulk, selectHigh } from './bulk.js';
import { dialogOpen } from './dialog.js';
import {
  act, approve, cancelEditing, closeItem, hideForms, itemHooks, liveDiff, mayLeaveEdits, open, publish, setDiffLayout, showForm, startEditing,
} from './item.js';
import { loadMore, loadQueue, queueHooks, select, startPolling, stopPolling } from './queue.js';
import { readRoute, writeRoute } from './router.js';
import { beginSignIn, completeSignIn, signInConfig } from './signin.js';
import { TOKEN_KEY, api, hasUnsavedEdits, state } from './state.js';

// ---- sign in ----
function signIn(token) {
  const claims = claimsOf(token);
  if (!claims?.tenant_id || !claims?.role) {
    showError(new Error('That does not look like a token for this console: it needs tenant_id and role claims.'));
    return;
  }
  if (claims.exp && claims.exp * 1000 <= Date.now()) {
    showError(new Error('That token has expired. Mint or fetch a fresh one.'));
    return;
  }
  state.token = token;
  state.claims = claims;
  sessionStorage.setItem(TOKEN_KEY, token);
  clearBanners();
  render();
  watchExpiry(claims, () => { signOut(false); showError(new Error('Your sign-in has ended. Sign in again to go on.')); });
  startPolling();
  applyRoute();
}

async function signOut(clearError = true, { guard = false } = {}) {
  if (guard && !(await mayLeaveEdits())) return;
  sessionStorage.removeItem(TOKEN_KEY);
  stopPolling();
  stopWatchingExpiry();
  Object.assign(state, { token: '', claims: null, tenant: null, items: [], etag: null, nextCursor: null, pages: 0, cursor: -1, item: null, editing: false });
  state.selected.clear();
  pendingKeys.length = 0;
  closeItem();
  if (clearError) clearBanners();
  render();
  $('token').value = '';
  $('token').focus();
  offerSingleSignOn();
}

function render() {
  const signedIn = Boolean(state.claims);
  $('sign-in-view').hidden = signedIn;
  $('work-view').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
  $('who').hidden = !signedIn;
  if (signedIn) {
    const tenant = state.tenant?.name || state.tenant?.slug || 'loading tenant…';
    $('who').textContent = `${state.claims.sub} · ${state.claims.role} · ${tenant}`;
    $('who').title = `tenant ${state.claims.tenant_id}`;
  }
}

// ---- views and their URLs ----
function showQueryControls() {
  $('status-filter').value = state.query.status;
  $('sort').value = state.query.sort;
  $('search').value = state.query.q;
  $('type-filter').value = state.query.type;
  $('locale-filter').value = state.query.locale;
}

/** Shows what the URL names: its queue query and, when it names one, its draft. */
async function applyRoute() {
  const route = readRoute();
  const queryChanged = JSON.stringify(route.query) !== JSON.stringify(state.query) || state.pages === 0;
  if (route.item !== (state.item?.draftId ?? null)) {
    const left = route.item ? await open(route.item) : await leaveItem();
    if (!left) { writeRoute(state.item?.draftId, state.query, true); return; } // kept editing: undo the navigation
  }
  if (queryChanged) {
    state.query = route.query;
    state.cursor = -1;
    showQueryControls();
    await loadQueue();
  }
}

async function leaveItem() {
  if (!(await mayLeaveEdits())) return false;
  clearBanners();
  closeItem();
  return true;
}

/** Opens a draft as its own history entry, so Back returns to the one before. */
async function navigate(id) {
  if (id === state.item?.draftId) return;
  if (!(await mayLeaveEdits())) return;
  writeRoute(id, state.query, true);
  await open(id, { guard: false });
}

let queryTimer = 0;
function queryFromControls(delay = 0) {
  clearTimeout(queryTimer);
  queryTimer = setTimeout(() => {
    const next = {
      status: $('status-filter').value,
      sort: $('sort').value,
      q: $('search').value.trim(),
      type: $('type-filter').value.trim().toLowerCase(),
      locale: $('locale-filter').value.trim(),
    };
    if (JSON.stringify(next) === JSON.stringify(state.query)) return;
    clearBanners();
    state.query = next;
    state.cursor = -1;
    writeRoute(state.item?.draftId, state.query, false);
    loadQueue();
  }, delay);
}

// ---- wiring ----
function wire() {
  whenUnauthorized(() => signOut(false));
  queueHooks({
    open: (id) => navigate(id),
    queueChanged: () => renderBulk(),
    tenantKnown: () => render(),
  });
  itemHooks({
    opened: (item) => {
      const index = state.items.findIndex((i) => i.draftId === item.draftId);
      if (index >= 0) select(index, false);
      writeRoute(item.draftId, state.query, false);
    },
    refreshQueue: (id) => loadQueue(id),
    navigate: (id) => navigate(id),
  });
  bulkHooks({ refresh: () => loadQueue() });

  $('sign-in').addEventListener('submit', (e) => { e.preventDefault(); signIn($('token').value.trim()); });
  $('sign-out').addEventListener('click', () => signOut(true, { guard: true }));
  $('status-filter').addEventListener('change', () => queryFromControls());
  $('sort').addEventListener('change', () => queryFromControls());
  for (const id of ['search', 'type-filter', 'locale-filter']) $(id).addEventListener('input', () => queryFromControls(300));
  $('queue-controls').addEventListener('submit', (e) => { e.preventDefault(); queryFromControls(); });
  $('load-more').addEventListener('click', () => { clearBanners(); loadMore(); });
  $('queue-changed').addEventListener('click', () => { clearBanners(); loadQueue(); });

  $('bulk-select-high').addEventListener('click', selectHigh);
  $('bulk-clear').addEventListener('click', clearSelection);
  $('bulk-approve').addEventListener('click', bulkApprove);
  $('bulk-reject-open').addEventListener('click', () => { clearBanners(); $('bulk-reject-form').hidden = false; $('bulk-reason').focus(); });
  $('bulk-reject-form').addEventListener('submit', (e) => { e.preventDefault(); bulkReject(); });

  for (const name of Object.keys(actions)) $(`act-${name}`).addEventListener('click', actions[name]);
  $('edit-title').addEventListener('input', liveDiff);
  $('edit-body').addEventListener('input', liveDiff);
  $('edit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const edit = { title: $('edit-title').value, body: $('edit-body').value };
    act('Approved with edits', (id) => api.approve(id, edit)).then(applyPendingKeys);
  });
  $('reject-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('Rejected', (id) => api.reject(id, $('reject-reason').value, $('reject-comment').value || null)).then(applyPendingKeys);
  });
  $('regenerate-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('New draft requested', (id) => api.regenerate(id, $('regenerate-feedback').value)).then(applyPendingKeys);
  });
  $('diff-inline').addEventListener('click', () => setDiffLayout(false));
  $('diff-split').addEventListener('click', () => setDiffLayout(true));
  $('compare-close').addEventListener('click', () => { $('compare-card').hidden = true; $('act-compare')?.focus(); });
  document.querySelectorAll('[data-cancel]').forEach((b) => b.addEventListener('click', cancel));
  document.addEventListener('keydown', onKey);
  window.addEventListener('popstate', () => { if (state.claims) applyRoute(); });
  // Closing or reloading the tab with unsaved edits: the browser's own "leave site?" question.
  window.addEventListener('beforeunload', (e) => { if (hasUnsavedEdits()) e.preventDefault(); });
}

const actions = {
  claim: () => act('Claimed', (id) => api.claim(id)).then(applyPendingKeys),
  release: () => act('Released', (id) => api.release(id)).then(applyPendingKeys),
  approve: () => approve().then(applyPendingKeys),
  publish: () => publish().then(applyPendingKeys),
  edit: startEditing,
  reject: () => showForm('reject-form', 'reject-reason'),
  regenerate: () => showForm('regenerate-form', 'regenerate-feedback'),
};

function cancel() {
  if (state.editing) { cancelEditing(); return; }
  hideForms();
}

// ---- keyboard ----
// A shortcut pressed while an action and its refresh are under way is kept and applied once they land,
// in order, as the reviewer typed it: never silently dropped.
const pendingKeys = [];
const MAX_PENDING_KEYS = 8;
const ACTION_KEYS = new Set(['c', 'a', 'e', 'r', 'g', 'p']);

function applyPendingKeys() {
  while (!state.busy && !dialogOpen() && pendingKeys.length) runShortcut(pendingKeys.shift());
}

const shortcuts = {
  j: () => select(Math.min(state.cursor + 1, state.items.length - 1)),
  k: () => select(Math.max(state.cursor - 1, 0)),
  c: actions.claim, a: actions.approve, e: actions.edit, r: actions.reject, g: actions.regenerate, p: actions.publish,
  '?': () => $('help').showModal(),
};

function runShortcut(key) {
  shortcuts[key]();
}

function onKey(e) {
  if (!state.claims || dialogOpen()) return;
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
  if (e.key === 'Escape') { cancel(); return; }
  if (typing) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && state.editing) { e.preventDefault(); $('edit-form').requestSubmit(); }
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Enter' && e.target.classList?.contains('queue-item')) return; // the button's own click opens it
  if (!shortcuts[e.key]) return;
  e.preventDefault();
  if (state.busy && ACTION_KEYS.has(e.key)) {
    if (pendingKeys.length < MAX_PENDING_KEYS) pendingKeys.push(e.key);
    return;
  }
  runShortcut(e.key);
}

/** Offers single sign-on when the API names an issuer; pasting a token stays for local use. */
let ssoOffered = false;
async function offerSingleSignOn() {
  if (ssoOffered) return;
  ssoOffered = true;
  const config = await signInConfig();
  if (!config) return;
  $('sso').hidden = false;
  $('sso-hint').textContent = `Sign in with your organisation's account (${new URL(config.authority).host}).`;
  $('paste-heading').textContent = 'Or paste a token';
  $('sso-start').addEventListener('click', async () => {
    clearBanners();
    $('sso-start').disabled = true;
    try { await beginSignIn(config); } catch (error) { showError(error); $('sso-start').disabled = false; }
  });
}

async function start() {
  wire();
  try {
    const token = await completeSignIn();
    if (token) state.token = token;
  } catch (error) {
    render();
    showError(error);
  }
  if (state.token) signIn(state.token); else render();
  if (!state.claims) {
    $('token').focus();
    await offerSingleSignOn();
  }
}

start();
