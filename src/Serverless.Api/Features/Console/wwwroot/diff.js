// Word diff (whitespace kept), the same shape the API stores: [{op: 'equal'|'insert'|'delete', text}].
// Words (letters, digits, inner apostrophes and hyphens), single punctuation marks and runs of whitespace,
// so "Friday" and "Friday." share the word and differ only in the full stop.
const tokens = (text) => text.match(/\s+|[\p{L}\p{N}_]+(?:['’-][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu) ?? [];

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

/**
 * Semantic cleanup in the manner of diff-match-patch's diff_cleanupSemantic: an equality no longer than the
 * edits on both sides of it ("the quick" → "a slow", where only the space is kept) is folded into them, so
 * a rewritten phrase reads as one deletion and one insertion instead of alternating single words.
 * Returns new segments; the text on each side is unchanged.
 */
export function semantic(segments) {
  const diffs = segments.filter((s) => s.text !== '').map((s) => ({ ...s }));
  const equalities = [];
  let lastEquality = null;
  let before = { ins: 0, del: 0 };
  let after = { ins: 0, del: 0 };
  let changes = false;
  for (let pointer = 0; pointer < diffs.length; pointer++) {
    const d = diffs[pointer];
    if (d.op === 'equal') {
      equalities.push(pointer);
      before = after;
      after = { ins: 0, del: 0 };
      lastEquality = d.text;
      continue;
    }
    after[d.op === 'insert' ? 'ins' : 'del'] += d.text.length;
    if (lastEquality !== null && lastEquality.length <= Math.max(before.ins, before.del) && lastEquality.length <= Math.max(after.ins, after.del)) {
      const at = equalities[equalities.length - 1];
      diffs.splice(at, 1, { op: 'delete', text: lastEquality }, { op: 'insert', text: lastEquality });
      equalities.pop();
      equalities.pop();
      pointer = equalities.length ? equalities[equalities.length - 1] : -1;
      before = { ins: 0, del: 0 };
      after = { ins: 0, del: 0 };
      lastEquality = null;
      changes = true;
    }
  }
  return changes ? merge(diffs) : diffs;
}

// Each run of edits becomes one deletion then one insertion; neighbouring equalities join.
function merge(diffs) {
  const out = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  for (const d of diffs) {
    if (d.op === 'delete') del += d.text;
    else if (d.op === 'insert') ins += d.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last && last.op === 'equal') last.text += d.text; else out.push({ op: 'equal', text: d.text });
    }
  }
  flush();
  return out;
}

const node = (s) => {
  if (s.op === 'equal') return document.createTextNode(s.text);
  const el = document.createElement(s.op === 'insert' ? 'ins' : 'del');
  el.textContent = s.text;
  return el;
};

// Renders segments as text nodes inside <ins>/<del>, never as HTML: drafts are untrusted text.
export function renderDiff(container, segments) {
  container.replaceChildren(...segments.map(node));
}

/** Side by side: the text before (with its deletions) beside the text after (with its insertions). */
export function renderSideBySide(beforeContainer, afterContainer, segments) {
  beforeContainer.replaceChildren(...segments.filter((s) => s.op !== 'insert').map(node));
  afterContainer.replaceChildren(...segments.filter((s) => s.op !== 'delete').map(node));
}
