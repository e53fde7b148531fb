// "Did you mean ...?" suggestions: the candidate with the smallest edit distance, if it is close
// enough to be a plausible typo (at most a third of the name's length, and at least 1 edit allowed).

/** Levenshtein distance (insert, delete, substitute; each costs 1), where swapping two adjacent
 *  letters also costs 1 (optimal string alignment), since 'rigth' for 'right' is one typo. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    const prev = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      cur[j] = d;
    }
    rows.push(cur);
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate to `name`, or undefined when none is plausibly what was meant.
 *  A case-insensitive exact match always wins (`Amount` -> `amount`). */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  const allowed = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ": did you mean 'x'?" when there is a close candidate, else "" (or `otherwise`). */
export function didYouMean(name: string, candidates: Iterable<string>, otherwise = ''): string {
  const c = closest(name, candidates);
  return c === undefined ? otherwise : `: did you mean '${c}'?`;
}
