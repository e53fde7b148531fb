// Lowering of `join`, with the output naming of docs/pipeline-format.md: the left columns, then the right ones;
// a key pair with the same name on both sides yields one column (as SQL USING: it holds the right
// value for a right join, the first non-null of left and right for a full join, else the left
// value); a right column whose name is taken gets `_right` (repeated until free). semi and anti
// joins output the left columns only.

import type { JoinKey, JoinStrategy, JoinType } from './plan.ts';
import type { Field } from '../types.ts';
import { commonType } from './expr-types.ts';
import { fail, input, label, requireColumn, type LowerContext, type Lowered } from './lower-context.ts';

export function lowerJoin(ctx: LowerContext): Lowered {
  const [left, right] = [input(ctx, 'left'), input(ctx, 'right')];
  const type = ctx.params.type as JoinType;
  const strategy = ctx.params.strategy as JoinStrategy;
  const on = ctx.params.on as JoinKey[];
  let ok = true;
  const merged = new Map<string, Field>(); // key name -> merged field
  on.forEach((k, i) => {
    const l = requireColumn(ctx, left.schema, k.left, `on[${i}].left`, 'left');
    const r = requireColumn(ctx, right.schema, k.right, `on[${i}].right`, 'right');
    if (!l || !r) { ok = false; return; }
    const t = commonType(l.type, r.type);
    if (t === undefined || t === 'null' || t === 'vector') {
      ok = !!fail(ctx, { param: `on[${i}]` }, `join keys of ${label(ctx)} do not match: '${k.left}' is ${l.type} on the left but '${k.right}' is ${r.type} on the right; cast one side with transform.derive`);
      return;
    }
    if (k.left === k.right) {
      const nullable = type === 'inner' ? false : type === 'left' ? l.nullable : type === 'right' ? r.nullable : l.nullable && r.nullable;
      merged.set(k.left, { name: k.left, type: t, nullable });
    }
  });
  if (!ok) return undefined;
  if (type === 'semi' || type === 'anti') {
    return { out: { op: 'join', nodeId: ctx.node.id, left, right, type, on, strategy, schema: left.schema } };
  }
  const leftNullable = type === 'right' || type === 'full';
  const rightNullable = type === 'left' || type === 'full';
  const fields: Field[] = left.schema.fields.map((f) => merged.get(f.name) ?? (leftNullable ? { ...f, nullable: true } : f));
  const taken = new Set(fields.map((f) => f.name));
  for (const f of right.schema.fields) {
    if (merged.has(f.name)) continue;
    let name = f.name;
    while (taken.has(name)) name = `${name}_right`;
    taken.add(name);
    fields.push({ ...f, name, nullable: f.nullable || rightNullable });
  }
  return { out: { op: 'join', nodeId: ctx.node.id, left, right, type, on, strategy, schema: { fields } } };
}

