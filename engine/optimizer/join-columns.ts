// Where each output column of a join comes from (docs/pipeline-format.md "Join output"): the left columns,
// then the right ones; a key pair with the same name on both sides is one (USING-style) column;
// any other right column whose name is taken gets `_right` (repeated until free); semi and anti output the left only.

import type { JoinNode } from '../logical/plan.ts';

export interface JoinColumnSource {
  readonly side: 'left' | 'right';
  /** The column's name in that input. */
  readonly name: string;
  /** A same-named key pair merged into one column (it sits among the left columns). */
  readonly merged: boolean;
}

/** One entry per output column of `j`, in order; undefined when the schema does not follow the
 *  catalog's layout (then rules leave the join alone rather than guess). */
export function joinOutputSources(j: JoinNode): JoinColumnSource[] | undefined {
  const mergedNames = new Set(j.type === 'semi' || j.type === 'anti' ? []
    : j.on.filter((k) => k.left === k.right).map((k) => k.left));
  const out: JoinColumnSource[] = j.left.schema.fields.map((f) => ({ side: 'left', name: f.name, merged: mergedNames.has(f.name) }));
  if (j.type !== 'semi' && j.type !== 'anti') {
    for (const f of j.right.schema.fields) if (!mergedNames.has(f.name)) out.push({ side: 'right', name: f.name, merged: false });
  }
  if (out.length !== j.schema.fields.length) return undefined;
  const ok = out.every((s, i) => {
    const name = j.schema.fields[i]!.name;
    return name === s.name || (s.side === 'right' && name.startsWith(s.name) && /^(_right)+$/.test(name.slice(s.name.length)));
  });
  return ok ? out : undefined;
}

/** The output column names the catalog's rule gives a join of these inputs. */
export function joinOutputNames(j: Pick<JoinNode, 'left' | 'right' | 'type' | 'on'>): string[] {
  const left = j.left.schema.fields.map((f) => f.name);
  if (j.type === 'semi' || j.type === 'anti') return left;
  const merged = new Set(j.on.filter((k) => k.left === k.right).map((k) => k.left));
  const taken = new Set(left);
  const out = [...left];
  for (const f of j.right.schema.fields) {
    if (merged.has(f.name)) continue;
    let name = f.name;
    while (taken.has(name)) name = `${name}_right`;
    taken.add(name);
    out.push(name);
  }
  return out;
}
