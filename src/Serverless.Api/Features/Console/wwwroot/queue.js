// The queue: one status at a time, searched, sorted and filtered on the server, paged by cursor, and kept
// fresh by polling the first page with its ETag (a 304 costs the API one query and the browser nothing).
import { $, HIGH_CONFIDENCE, ago, el, level, percent, person, statusLabel, when } from './dom.js';
import { showError } from './banners.js';
import { api, me, state } from './state.js';

export const POLL_MS = 4000;
const ORDER_HINTS = {
  confidence: 'Lowest confidence first, then oldest.',
  oldest: 'Oldest first.',
  newest: 'Newest first.',
  type: 'By type, then lowest confidence first.',
};

let hooks = { open: () => {}, queueChanged: () => {} };
export const queueHooks = (h) => { hooks = { ...hooks, ...h }; };

let loading = false;
let pollTimer = 0;

/** Loads the first page afresh (a new query, or after an action), keeping the selection on selectId. */
export async function loadQueue(selectId) {
  loading = true;
  const list = $('queue');
  $('queue-state').textContent = 'Loading drafts…';
  list.setAttribute('aria-busy', 'true');
  const asked = JSON.stringify(state.query);
  try {
    const page = await api.list(state.query);
    if (asked !== JSON.stringify(state.query)) return; // a newer query is on its way
    accept(page);
    state.items = page.items;
    state.pages = 1;
    state.selected.clear();
    renderQueue(selectId ?? state.item?.draftId);
  } catch (error) {
    $('queue-state').textContent = 'The queue could not be loaded.';
    showError(error);
  } finally {
    loading = false;
    list.removeAttribute('aria-busy');
  }
}

export async function loadMore() {
  if (!state.nextCursor || loading) return;
  loading = true;
  $('load-more').disabled = true;
  try {
    const page = await api.list({ ...state.query, cursor: state.nextCursor });
    state.nextCursor = page.nextCursor ?? null;
    state.items = [...state.items, ...page.items.filter((i) => !state.items.some((x) => x.draftId === i.draftId))];
    state.pages += 1;
    renderQueue(state.items[state.cursor]?.draftId);
  } catch (error) {
    showError(error);
  } finally {
    loading = false;
    $('load-more').disabled = false;
  }
}

function accept(page) {
  state.etag = page.etag;
  state.nextCursor = page.nextCursor ?? null;
  if (page.tenant) {
    state.tenant = page.tenant;
    hooks.tenantKnown?.(page.tenant);
  }
}

/** Asks for the first page with its ETag; a changed page replaces the list (or, once paged further, offers to). */
async function poll() {
  if (!state.claims || loading || state.busy || document.hidden) return;
  const asked = JSON.stringify(state.query);
  try {
    const page = await api.list(state.query, state.etag);
    if (!page || asked !== JSON.stringify(state.query) || loading) return;
    if (state.pages > 1) {
      state.etag = page.etag;
      $('queue-changed').hidden = false;
      return;
    }
    accept(page);
    state.items = page.items;
    for (const id of [...state.selected]) if (!page.items.some((i) => i.draftId === id)) state.selected.delete(id);
    renderQueue(state.items[state.cursor]?.draftId ?? state.item?.draftId);
  } catch (error) {
    // A failed poll is retried on the next tick; only a refused token needs the reviewer now.
    if (error.status === 401) showError(error);
  }
}

export function startPolling() {
  clearInterval(pollTimer);
  pollTimer = setInterval(poll, POLL_MS);
}

export const stopPolling = () => clearInterval(pollTimer);

export function renderQueue(selectId) {
  const list = $('queue');
  const status = state.query.status;
  const focusedId = document.activeElement?.dataset?.draftId;
  list.replaceChildren(...state.items.map(queueRow));
  const filtered = state.query.q || state.query.type || state.query.locale;
  $('queue-state').textContent = state.items.length === 0
    ? (filtered ? 'No drafts match the search and filters.'
      : status === 'in_review' ? 'The queue is empty: nothing waits for review.' : `No ${statusLabel(status).toLowerCase()} drafts.`)
    : `${state.items.length}${state.nextCursor ? '+' : ''} draft${state.items.length === 1 ? '' : 's'}`;
  $('queue-order').textContent = ORDER_HINTS[state.query.sort] ?? '';
  $('load-more').hidden = !state.nextCursor;
  $('queue-changed').hidden = true;
  const index = selectId ? state.items.findIndex((i) => i.draftId === selectId) : -1;
  select(index >= 0 ? index : Math.min(state.cursor, state.items.length - 1), false);
  if (focusedId) list.querySelector(`.queue-item[data-draft-id="${focusedId}"]`)?.focus();
  hooks.queueChanged();
}

function queueRow(item, index) {
  const heldByOther = item.claimedBy && item.claimedBy !== me();
  const claimed = item.claimedBy ? el('span', { class: 'claimed' }, item.claimedBy === me() ? 'claimed by you' : `claimed by ${person(item.claimedBy)}`) : null;
  const bulkable = item.status === 'in_review' && item.confidence >= HIGH_CONFIDENCE;
  const box = bulkable ? el('input', {
    type: 'checkbox', class: 'bulk-pick', checked: state.selected.has(item.draftId), 'data-draft-id': item.draftId,
    'aria-label': `Select “${item.contentTitle}” for a bulk action`,
  }) : null;
  box?.addEventListener('change', () => {
    if (box.checked) state.selected.add(item.draftId); else state.selected.delete(item.draftId);
    hooks.queueChanged();
  });
  const button = el('button', { type: 'button', class: 'queue-item', 'data-draft-id': item.draftId, 'aria-current': 'false' },
    el('span', { class: `confidence ${level(item.confidence)}`, 'aria-label': `confidence ${percent(item.confidence)}` }, percent(item.confidence)),
    el('span', { class: 'queue-text' },
      el('span', { class: 'queue-title' }, item.contentTitle),
      item.draftTitle && item.draftTitle !== item.contentTitle ? el('span', { class: 'queue-draft' }, `Draft: ${item.draftTitle}`) : null,
      el('span', { class: 'queue-meta' },
        el('span', { class: 'tag' }, item.contentType), ' · ', el('span', { class: 'tag' }, item.contentLocale),
        ` · ${item.promptKey} v${item.promptVersion} · `,
        el('time', { dateTime: item.createdAt, title: when(item.createdAt) }, ago(item.createdAt))),
      item.replacesDraftId ? el('span', { class: 'replaces' }, '↻ regenerated: replaces an earlier draft') : null,
      heldByOther || item.claimedBy ? claimed : null));
  button.addEventListener('click', () => hooks.open(item.draftId));
  return el('li', { class: 'queue-row' }, box, button);
}

export function select(index, focus = true) {
  state.cursor = index;
  const rows = document.querySelectorAll('.queue-item');
  rows.forEach((b, i) => b.setAttribute('aria-current', String(i === index)));
  if (rows[index] && focus) rows[index].focus();
}
