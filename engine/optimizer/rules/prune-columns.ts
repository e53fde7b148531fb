// prune-columns (projection pushdown): every scan reads only the columns something downstream
// uses, so a Parquet scan decodes only those column chunks, and narrower batches cross threads.
//
// Two walks over the forest. Top-down (every consumer before what it consumes, so a shared
// node sees the needs of all its consumers): what each node must output = the union of what
// its consumers read from it; roots must output all their columns (that is what a sink writes
// and a preview shows). Bottom-up: each node is rebuilt as narrow as those needs allow:
//   - scans read the needed columns plus those their pushed filters use (exec applies them);
//   - projects drop unused items, aggregates unused aggregations (group keys always stay);
//   - filters, sorts, repartitions and limits pass needs through plus what they read;
//   - distinct on all columns needs all of them (narrowing would change which rows are
//     distinct); on a subset it needs its keys;
//   - joins need their keys, and for a needed right column renamed `name_right` the columns
//     whose names caused the rename, so it keeps its name;
//   - unions narrow both inputs the same way: an input left wider than the union's new
//     columns gets a projection (union by position must line up column for column);
//   - ml stages and sinks need all of their input columns.
// A node always keeps at least one column: the row count must survive (count() of a table).

import { referencedColumns } from '../../logical/expr.ts';
import type { Field } from '../../types.ts';
import type { AggregateItem, JoinNode, LogicalPlan, ProjectItem, UnionNode } from '../../logical/plan.ts';
import { inputsOf, withInputs } from '../../logical/plan.ts';
import type { OptimizerRule, PlanRoots } from '../rule.ts';
import { sameRootsOr, topDownOrder } from '../plan-walk.ts';
import { joinOutputSources } from '../join-columns.ts';

type Needs = Set<string>;

const allOf = (p: LogicalPlan): Needs => new Set(p.schema.fields.map((f) => f.name));

function keptItems(items: readonly ProjectItem[], need: Needs): ProjectItem[] {
  const kept = items.filter((i) => need.has(i.name));
  return kept.length > 0 ? kept : items.slice(0, 1);
}

function keptAggregations(p: { groupBy: readonly string[]; aggregations: readonly AggregateItem[] }, need: Needs): AggregateItem[] {
  const kept = p.aggregations.filter((a) => need.has(a.as));
  return kept.length > 0 || p.groupBy.length > 0 ? kept : p.aggregations.slice(0, 1);
}

/** Output column indices of a union that stay. */
function keptUnionIndices(u: UnionNode, need: Needs): number[] {
  const kept = u.schema.fields.map((f, i) => (need.has(f.name) ? i : -1)).filter((i) => i >= 0);
  return kept.length > 0 ? kept : [0];
}

/** What `p` reads from each of its inputs, given what it must output. */
function inputNeeds(p: LogicalPlan, need: Needs): Needs[] {
  const plus = (...sets: Iterable<string>[]): Needs => {
    const s = new Set<string>();
    for (const x of sets) for (const n of x) s.add(n);
    return s;
  };
  switch (p.op) {
    case 'scan': case 'empty': return [];
    case 'filter': return [plus(need, referencedColumns(p.condition))];
    case 'project': return [plus(...keptItems(p.items, need).map((i) => referencedColumns(i.expr)))];
    case 'aggregate':
      return [plus(p.groupBy, keptAggregations(p, need).flatMap((a) => (a.column ? [a.column] : [])))];
    case 'sort': return [plus(need, p.keys.map((k) => k.column))];
    case 'limit': return [need];
    case 'repartition': return [plus(need, p.by)];
    case 'distinct':
      return [p.columns.length >= p.input.schema.fields.length ? allOf(p.input) : plus(need, p.columns)];
    case 'union': {
      const idx = keptUnionIndices(p, need);
      return p.inputs.map((inp) => (p.byName
        ? new Set(idx.map((i) => p.schema.fields[i]!.name).filter((n) => inp.schema.fields.some((f) => f.name === n)))
        : new Set(idx.map((i) => inp.schema.fields[i]!.name))));
    }
    case 'join': return joinNeeds(p, need);
    case 'ml': return p.inputs.map(allOf);
    case 'sink': return [allOf(p.input)];
  }
}

function joinNeeds(j: JoinNode, need: Needs): Needs[] {
  const sources = joinOutputSources(j);
  if (!sources) return [allOf(j.left), allOf(j.right)];
  const left = new Set(j.on.map((k) => k.left)), right = new Set(j.on.map((k) => k.right));
  sources.forEach((s, i) => {
    const out = j.schema.fields[i]!.name;
    if (!need.has(out)) return;
    (s.side === 'left' ? left : right).add(s.name);
    if (s.side === 'right' && out !== s.name) {
      // This column was renamed because its name was taken. Keep every column whose name could
      // take part in that chain of `_right` names, on both sides, so the names come out the same.
      const root = s.name.replace(/(_right)+$/, '');
      for (const f of j.left.schema.fields) if (f.name.startsWith(root)) left.add(f.name);
      for (const f of j.right.schema.fields) if (f.name.startsWith(root)) right.add(f.name);
    }
  });
  return [left, right];
}

function narrowFields(fields: readonly Field[], keep: (f: Field, i: number) => boolean): Field[] {
  return fields.filter(keep);
}

/** `p` rebuilt over `inputs` (already narrowed), outputting at least `need`. */
function rebuild(p: LogicalPlan, inputs: LogicalPlan[], need: Needs): LogicalPlan {
  const old = inputsOf(p);
  const sameInputs = inputs.every((x, i) => x === old[i]);
  switch (p.op) {
    case 'scan': {
      const wanted = new Set(need);
      for (const f of p.filters) referencedColumns(f, wanted);
      let columns = p.columns.filter((c) => wanted.has(c));
      if (columns.length === 0) columns = p.columns.slice(0, 1);
      if (columns.length === p.columns.length) return p;
      const schema = { fields: columns.map((c) => p.sourceSchema.fields.find((f) => f.name === c) ?? p.schema.fields.find((f) => f.name === c)!) };
      return { ...p, columns, schema };
    }
    case 'empty': {
      const fields = narrowFields(p.schema.fields, (f) => need.has(f.name));
      return fields.length === p.schema.fields.length || fields.length === 0 ? p : { ...p, schema: { fields } };
    }
    case 'filter': case 'sort': case 'limit': case 'repartition': case 'distinct': case 'sink':
      return sameInputs ? p : { ...withInputs(p, inputs), schema: inputs[0]!.schema } as LogicalPlan;
    case 'project': {
      const items = keptItems(p.items, need);
      if (sameInputs && items.length === p.items.length) return p;
      const fields = narrowFields(p.schema.fields, (f) => items.some((i) => i.name === f.name));
      return { ...p, input: inputs[0]!, items, schema: { fields } };
    }
    case 'aggregate': {
      const aggregations = keptAggregations(p, need);
      if (sameInputs && aggregations.length === p.aggregations.length) return p;
      const names = new Set([...p.groupBy, ...aggregations.map((a) => a.as)]);
      return { ...p, input: inputs[0]!, aggregations, schema: { fields: narrowFields(p.schema.fields, (f) => names.has(f.name)) } };
    }
    case 'join': {
      if (sameInputs) return p;
      const sources = joinOutputSources(p);
      if (!sources) return withInputs(p, inputs); // needed all input columns: schemas unchanged
      const [left, right] = inputs as [LogicalPlan, LogicalPlan];
      const has = (side: LogicalPlan, name: string): boolean => side.schema.fields.some((f) => f.name === name);
      const fields = narrowFields(p.schema.fields, (_f, i) => has(sources[i]!.side === 'left' ? left : right, sources[i]!.name));
      return { ...p, left, right, schema: { fields } };
    }
    case 'union': return rebuildUnion(p, inputs, need);
    case 'ml': return withInputs(p, inputs);
  }
}

function rebuildUnion(u: UnionNode, inputs: LogicalPlan[], need: Needs): LogicalPlan {
  const idx = keptUnionIndices(u, need);
  const outFields = idx.map((i) => u.schema.fields[i]!);
  const fitted = inputs.map((inp, k) => {
    const original = u.inputs[k]!;
    // The columns this input must supply, in the order it supplied them before.
    const want = u.byName
      ? original.schema.fields.filter((f) => outFields.some((o) => o.name === f.name))
      : idx.map((i) => original.schema.fields[i]!);
    const exact = inp.schema.fields.length === want.length && inp.schema.fields.every((f, i) => f.name === want[i]!.name);
    if (exact) return inp;
    const items: ProjectItem[] = want.map((f) => ({ name: f.name, expr: { kind: 'column', name: f.name, type: f.type } }));
    return { op: 'project', nodeId: u.nodeId, input: inp, items, schema: { fields: want } } as LogicalPlan;
  });
  if (fitted.every((x, i) => x === u.inputs[i]) && outFields.length === u.schema.fields.length) return u;
  return { ...u, inputs: [fitted[0]!, fitted[1]!], schema: { fields: outFields } };
}

function prune(roots: PlanRoots): PlanRoots {
  const needs = new Map<LogicalPlan, Needs>();
  for (const r of roots) needs.set(r, allOf(r));
  for (const p of topDownOrder(roots)) {
    const perInput = inputNeeds(p, needs.get(p)!);
    inputsOf(p).forEach((inp, i) => {
      const add = perInput[i]!;
      const cur = needs.get(inp);
      if (cur) for (const n of add) cur.add(n);
      else needs.set(inp, new Set(add));
    });
  }
  const memo = new Map<LogicalPlan, LogicalPlan>();
  const visit = (p: LogicalPlan): LogicalPlan => {
    const done = memo.get(p);
    if (done) return done;
    const out = rebuild(p, inputsOf(p).map(visit), needs.get(p)!);
    memo.set(p, out);
    return out;
  };
  return sameRootsOr(roots, roots.map(visit));
}

export const pruneColumns: OptimizerRule = {
  name: 'prune-columns',
  description: 'narrow scans, projections and aggregations to the columns used downstream',
  apply: (roots) => prune(roots),
};
