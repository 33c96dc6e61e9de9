// Word diff (whitespace kept), the same shape the API stores: [{op: 'equal'|'insert'|'delete', text}].
const tokens = (text) => text.match(/\s+|[^\s]+/g) ?? [];

export function wordDiff(before, after) {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const ops = a.slice(0, start).map((t) => ['equal', t]);
  const midA = a.slice(start, a.length - end);
  const midB = b.slice(start, b.length - end);
  if (midA.length * midB.length > 4_000_000) {
    midA.forEach((t) => ops.push(['delete', t]));
    midB.forEach((t) => ops.push(['insert', t]));
  } else {
    const w = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * w);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length && j < midB.length) {
      if (midA[i] === midB[j]) { ops.push(['equal', midA[i++]]); j++; }
      else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) ops.push(['delete', midA[i++]]);
      else ops.push(['insert', midB[j++]]);
    }
    while (i < midA.length) ops.push(['delete', midA[i++]]);
    while (j < midB.length) ops.push(['insert', midB[j++]]);
  }
  a.slice(a.length - end).forEach((t) => ops.push(['equal', t]));
  const merged = [];
  for (const [op, text] of ops) {
    const last = merged[merged.length - 1];
    if (last && last.op === op) last.text += text; else merged.push({ op, text });
  }
  return merged;
}

export const changed = (segments) => segments.some((s) => s.op !== 'equal');

// Renders segments as text nodes inside <ins>/<del>, never as HTML: drafts are untrusted text.
export function renderDiff(container, segments) {
  container.replaceChildren(...segments.map((s) => {
    if (s.op === 'equal') return document.createTextNode(s.text);
    const el = document.createElement(s.op === 'insert' ? 'ins' : 'del');
    el.textContent = s.text;
    return el;
  }));
}
