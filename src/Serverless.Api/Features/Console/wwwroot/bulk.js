// Bulk decisions on high-confidence drafts. Each draft goes through the same calls a reviewer makes by
// hand (claim, then approve or reject), so the API's lease and role checks apply to every one: a draft
// someone else holds is skipped and named, never taken over.
import { ApiError } from './api.js';
import { $, HIGH_CONFIDENCE } from './dom.js';
import { clearBanners, say, showError } from './banners.js';
import { api, state } from './state.js';

let refresh = async () => {};
export const bulkHooks = (h) => { refresh = h.refresh; };

export function renderBulk() {
  const eligible = state.query.status === 'in_review' && state.items.some((i) => i.confidence >= HIGH_CONFIDENCE);
  $('bulk').hidden = !eligible;
  const count = state.selected.size;
  $('bulk-actions').hidden = count === 0;
  if (count === 0) $('bulk-reject-form').hidden = true;
  $('bulk-count').textContent = `${count} draft${count === 1 ? '' : 's'} selected`;
  for (const b of ['bulk-approve', 'bulk-reject-open', 'bulk-select-high']) $(b).disabled = state.busy;
}

export function selectHigh() {
  clearBanners();
  for (const item of state.items) if (item.status === 'in_review' && item.confidence >= HIGH_CONFIDENCE) state.selected.add(item.draftId);
  document.querySelectorAll('.bulk-pick').forEach((box) => { box.checked = state.selected.has(box.dataset.draftId); });
  renderBulk();
}

export function clearSelection() {
  state.selected.clear();
  document.querySelectorAll('.bulk-pick').forEach((box) => { box.checked = false; });
  renderBulk();
}

export async function bulk(verb, decide) {
  if (state.busy || state.selected.size === 0) return;
  clearBanners();
  state.busy = true;
  renderBulk();
  const ids = [...state.selected];
  const done = [];
  const skipped = [];
  try {
    for (const [n, id] of ids.entries()) {
      say(`${verb === 'approve' ? 'Approving' : 'Rejecting'} ${n + 1} of ${ids.length}…`);
      const title = state.items.find((i) => i.draftId === id)?.contentTitle ?? id;
      try {
        await api.claim(id);
        await decide(id);
        done.push(title);
      } catch (error) {
        if (!(error instanceof ApiError) || ![403, 404, 409].includes(error.status)) throw error;
        skipped.push(`${title} (${error.status === 409 ? error.message.replace(/user:/g, '') : error.message})`);
      }
    }
    const past = verb === 'approve' ? 'Approved' : 'Rejected';
    say(`${past} ${done.length} of ${ids.length}.${skipped.length ? ` Skipped ${skipped.length}: ${skipped.join('; ')}` : ''}`);
  } catch (error) {
    showError(error);
  } finally {
    state.busy = false;
    state.selected.clear();
    $('bulk-reject-form').hidden = true;
    await refresh();
    renderBulk();
  }
}

export const bulkApprove = () => bulk('approve', (id) => api.approve(id));

export function bulkReject() {
  const reason = $('bulk-reason').value;
  const comment = $('bulk-comment').value || null;
  return bulk('reject', (id) => api.reject(id, reason, comment));
}

