// A seeded generator of random but valid pipelines for differential tests of the optimizer:
// joins of every type, filters built from three-valued pieces, derives, selects, aggregates,
// unions of a sub-graph with itself (shared nodes), sorts, distinct, repartition, dropNulls,
// fillNulls; each step is kept only when the plan builder accepts it.

import { buildPlan } from '../../engine/logical/build.ts';
import { DISK_SCHEMAS } from '../../engine/disk-schemas.ts';
import type { DocumentEdge, DocumentNode, PipelineDocument } from '../../engine/document/document-types.ts';
import type { Field } from '../../engine/types.ts';
import { rng } from '../../engine/compute/batches.test-helper.ts'; // mulberry32: the same seed gives the same data

const STEPS = 5;


interface Gen { readonly next: () => number }
const pick = <T>(g: Gen, xs: readonly T[]): T => xs[Math.floor(g.next() * xs.length)]!;

function numericCols(fields: readonly Field[]): string[] {
  return fields.filter((f) => f.type === 'int32' || f.type === 'int64' || f.type === 'float64').map((f) => f.name);
}

function condition(g: Gen, fields: readonly Field[]): string {
  const nums = numericCols(fields);
  const strs = fields.filter((f) => f.type === 'string').map((f) => f.name);
  const atom = (): string => {
    const r = g.next();
    if (nums.length && r < 0.4) return `${pick(g, nums)} > ${Math.floor(g.next() * 40)}`;
    if (nums.length && r < 0.55) return `${pick(g, nums)} % 3 = ${Math.floor(g.next() * 3)}`;
    if (r < 0.7) return `${pick(g, fields.map((f) => f.name))} is ${g.next() < 0.5 ? 'not ' : ''}null`;
    if (strs.length && r < 0.85) return `${pick(g, strs)} < '${pick(g, ['D', 'M', 'b', 'h', 's'])}'`;
    return pick(g, ['true', 'false', 'null', 'null', '1 + 1 = 2', 'not not true']);
  };
  // Nested and/or/not, so three-valued results (null vs false) matter beyond a filter's yes/no.
  const tree = (depth: number): string => {
    const r = g.next();
    if (depth === 0 || r < 0.4) return atom();
    if (r < 0.55) return `not (${tree(depth - 1)})`;
    return `(${tree(depth - 1)} ${r < 0.8 ? 'and' : 'or'} ${tree(depth - 1)})`;
  };
  return tree(2);
}

/** One candidate step over node `from` with output `fields`: new nodes and edges. */
function step(g: Gen, id: string, from: string, fields: readonly Field[]): { nodes: DocumentNode[]; edges: DocumentEdge[] } {
  const names = fields.map((f) => f.name);
  const nums = numericCols(fields);
  const one = (kind: string, params: Record<string, unknown>) => ({ nodes: [{ id, kind, params }], edges: [{ from, to: id }] });
  switch (pick(g, ['filter', 'filter', 'filter', 'derive', 'derive', 'select', 'aggregate', 'union', 'sort', 'distinct', 'repartition', 'dropNulls', 'fillNulls'])) {
    case 'filter': return one('transform.filter', { condition: condition(g, fields) });
    case 'derive': {
      const expr = nums.length && g.next() < 0.5 ? `${pick(g, nums)} * ${pick(g, ['1', '2', '0 + 1'])} + ${pick(g, ['0', '1'])}`
        : condition(g, fields); // a boolean column shows null where a filter would only drop the row
      return one('transform.derive', { columns: [{ name: pick(g, ['d1', 'd2', ...names.slice(0, 1)]), expr }] });
    }
    case 'select': {
      const keep = names.filter(() => g.next() < 0.6);
      return one('transform.select', { columns: keep.length ? keep : names.slice(0, 2) });
    }
    case 'aggregate': {
      const keys = fields.filter((f) => f.type === 'string' || f.type === 'int32').map((f) => f.name);
      const groupBy = keys.length && g.next() < 0.8 ? [pick(g, keys)] : [];
      const aggregations = [{ fn: 'count', as: 'n' }, ...(nums.length ? [{ fn: pick(g, ['sum', 'max', 'min']), column: pick(g, nums), as: 'v' }] : [])];
      return one('transform.aggregate', { groupBy, aggregations });
    }
    case 'union': {
      // The sub-graph feeds both inputs (once filtered): a shared node.
      const f = `${id}_f`;
      return {
        nodes: [{ id: f, kind: 'transform.filter', params: { condition: condition(g, fields) } },
          { id, kind: 'transform.union', params: { byName: g.next() < 0.5 } }],
        edges: [{ from, to: f }, { from: f, to: `${id}.in1` }, { from, to: `${id}.in2` }],
      };
    }
    case 'sort': {
      const keys = [{ column: pick(g, names), descending: g.next() < 0.5 }];
      return one('transform.sort', { keys });
    }
    case 'distinct': return one('transform.distinct', {});
    case 'repartition': return one('transform.repartition', { partitions: 3, ...(g.next() < 0.5 ? { by: [pick(g, names)] } : {}) });
    case 'dropNulls': return one('transform.dropNulls', { columns: [pick(g, names)] });
    default: return nums.length ? one('transform.fillNulls', { values: { [pick(g, nums)]: 0 } }) : one('transform.distinct', {});
  }
}

export async function randomPipeline(seed: number): Promise<{ doc: PipelineDocument; last: string; ordered: boolean }> {
  const g: Gen = { next: rng(seed) };
  const nodes: DocumentNode[] = [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 400, seed } },
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 60, seed } },
  ];
  const edges: DocumentEdge[] = [];
  let last = 'events';
  if (g.next() < 0.8) {
    nodes.push({ id: 'j', kind: 'join', params: {
      type: pick(g, ['inner', 'left', 'right', 'full', 'semi', 'anti']), on: [{ left: 'user_id', right: 'user_id' }],
      strategy: pick(g, ['auto', 'auto', 'shuffle', 'broadcast']),
    } });
    edges.push({ from: 'events', to: 'j.left' }, { from: 'users', to: 'j.right' });
    last = 'j';
  }
  const doc = (): PipelineDocument => ({ version: 1, name: `random-${seed}`, nodes: [...nodes], edges: [...edges] });
  for (let s = 0, tries = 0; s < STEPS && tries < 30; tries++) {
    const built = await buildPlan(doc(), { readers: DISK_SCHEMAS, baseDir: '/' });
    const fields = built.ports[`${last}.out`]?.fields ?? [];
    const id = `s${s}`;
    const cand = step(g, id, last, fields);
    const built2 = await buildPlan({ ...doc(), nodes: [...nodes, ...cand.nodes], edges: [...edges, ...cand.edges] }, { readers: DISK_SCHEMAS, baseDir: '/' });
    if (built2.issues.length > 0) continue; // not a valid step for this schema: draw another
    nodes.push(...cand.nodes);
    edges.push(...cand.edges);
    last = id;
    s++;
  }
  // Top-k with a total order where event_id is there and never null (no right/full join): by the
  // picked key, then event_id, then every other column, so ties are only between identical rows
  // (a union of a sub-graph with itself). event_id alone is not enough: a join can repeat an event
  // with other columns, and rows tied on the keys come in an order the plan's partitioning decides.
  const built = await buildPlan(doc(), { readers: DISK_SCHEMAS, baseDir: '/' });
  const fields = built.ports[`${last}.out`]?.fields ?? [];
  const joinType = nodes.find((n) => n.id === 'j')?.params['type'];
  let ordered = false;
  if (fields.some((f) => f.name === 'event_id') && joinType !== 'right' && joinType !== 'full' && g.next() < 0.5) {
    const key = pick(g, fields.map((f) => f.name));
    const rest = fields.map((f) => f.name).filter((n) => n !== key && n !== 'event_id').map((column) => ({ column }));
    nodes.push({ id: 'top_sort', kind: 'transform.sort', params: { keys: [{ column: key, descending: true }, { column: 'event_id' }, ...rest] } },
      { id: 'top', kind: 'transform.limit', params: { count: 7 } });
    edges.push({ from: last, to: 'top_sort' }, { from: 'top_sort', to: 'top' });
    last = 'top';
    ordered = true;
  }
  return { doc: doc(), last, ordered };
}

