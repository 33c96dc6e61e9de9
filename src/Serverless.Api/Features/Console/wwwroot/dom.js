// Small DOM and formatting helpers shared by the console's modules.
export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const percent = (value) => `${Math.round(Number(value) * 100)}%`;
export const level = (value) => (value < 0.5 ? 'low' : value < 0.8 ? 'mid' : 'high');
export const HIGH_CONFIDENCE = 0.8;
export const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const statusLabel = (s) => ({ in_review: 'In review', approved: 'Approved', rejected: 'Rejected', published: 'Published', regeneration_requested: 'Regenerating' })[s] ?? s;
export const person = (actor) => (actor ?? '').replace(/^user:/, '');

/** How long ago, in the largest unit that fits: "just now", "4 min ago", "3 h ago", "2 d ago". */
export function ago(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}
