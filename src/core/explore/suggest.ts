// "Did you mean …?" for misspelt column names and category values.

/** Levenshtein edit distance (case-sensitive; callers lower-case first). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive), if close enough to be a
 * plausible typo: within about a third of the word's length, or a prefix of
 * at least three letters. `display` maps a matched candidate to what to show.
 */
export function closestName(word: string, candidates: Iterable<string>, display: (c: string) => string = (c) => c): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.round(w.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let d = editDistance(w, lc);
    if (w.length >= 3 && lc.startsWith(w)) d = Math.min(d, 1);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= limit ? display(best) : undefined;
}
