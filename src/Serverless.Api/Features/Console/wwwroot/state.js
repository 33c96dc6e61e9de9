// The console's one piece of state, and the API bound to the signed-in reviewer's token.
import { createApi } from './api.js';

export const TOKEN_KEY = 'serverless.console.token';

export const defaultQuery = () => ({ status: 'in_review', sort: 'confidence', q: '', type: '', locale: '' });

export const state = {
  token: sessionStorage.getItem(TOKEN_KEY) ?? '',
  claims: null,
  tenant: null, // { slug, name } from the queue's answer
  query: defaultQuery(),
  items: [],
  etag: null, // of the first page, for polling
  nextCursor: null,
  pages: 0,
  cursor: -1, // the selected row
  selected: new Set(), // drafts chosen for a bulk action
  item: null,
  editing: false,
  busy: false,
};

export const api = createApi(() => state.token);
export const me = () => `user:${state.claims?.sub ?? ''}`;
export const canPublish = () => ['editor', 'admin'].includes(state.claims?.role);

/** True while the draft's fields hold text the reviewer typed and has not approved. */
export function hasUnsavedEdits() {
  if (!state.editing || !state.item) return false;
  const title = document.getElementById('edit-title').value;
  const body = document.getElementById('edit-body').value;
  return title !== state.item.draftTitle || body !== state.item.draftBody;
}
