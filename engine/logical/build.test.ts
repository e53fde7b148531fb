import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildPlan } from './build.ts';
import { DISK_SCHEMAS } from '../disk-schemas.ts';
import type { PipelineDocument, DocumentNode } from '../document/document-types.ts';
import type { Schema } from '../types.ts';

const EXAMPLE = new URL('../../assets/examples/revenue-by-country.json', import.meta.url);

function cols(s: Schema | undefined): string {
  return (s?.fields ?? []).map((f) => `${f.name}:${f.type}${f.nullable ? '?' : ''}${f.vectorSize !== undefined ? `[${f.vectorSize}]` : ''}`).join(', ');
}

function doc(nodes: DocumentNode[], edges: [string, string][]): PipelineDocument {
  return { version: 1, name: 't', nodes, edges: edges.map(([from, to]) => ({ from, to })) };
}
const users: DocumentNode = { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 10 } };
const events: DocumentNode = { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 10 } };
const houses: DocumentNode = { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 10 } };

describe('buildPlan on the example pipeline', () => {
  it('infers every port schema and plans the sink with an absolute path', async () => {
    const r = await buildPlan(JSON.parse(readFileSync(EXAMPLE, 'utf8')), { readers: DISK_SCHEMAS, baseDir: '/pipelines' });
    expect(r.issues).toEqual([]);
    expect(Object.keys(r.ports)).toEqual(['events.out', 'users.out', 'with_users.out', 'big.out', 'by_country.out', 'ranked.out']);
    expect(cols(r.ports['with_users.out'])).toBe('event_id:int64, user_id:int32, ts:timestamp, category:string, amount:float64?, qty:int32, name:string, country:string, signup_date:date, age:int32?');
    expect(cols(r.ports['by_country.out'])).toBe('country:string, revenue:float64?, orders:int64, buyers:int64');
    expect(r.plan!.sinks.map((s) => [s.nodeId, s.options.path])).toEqual([['save', '/pipelines/output/revenue-by-country.parquet']]);
    const big = r.plan!.nodes.get('big')!;
    expect(big.op).toBe('filter');
    if (big.op === 'filter') expect(big.input).toBe(r.plan!.nodes.get('with_users'));
    expect(r.plan!.leaves).toEqual([]);
  });
});

describe('buildPlan lowering and inference', () => {
  it('plans a shared sub-graph once (same object)', async () => {
    const r = await buildPlan(doc([users,
      { id: 'adults', kind: 'transform.filter', params: { condition: 'age >= 18' } },
      { id: 'a', kind: 'transform.limit', params: { count: 1 } }, { id: 'b', kind: 'transform.limit', params: { count: 2 } }],
    [['users', 'adults'], ['adults', 'a'], ['adults', 'b']]), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues).toEqual([]);
    const [a, b] = [r.plan!.nodes.get('a')!, r.plan!.nodes.get('b')!];
    if (a.op !== 'limit' || b.op !== 'limit') throw new Error('shape');
    expect(a.input).toBe(b.input);
    expect(r.plan!.leaves.map((l) => l.nodeId)).toEqual(['a', 'b']);
  });

  it('lowers select, derive (chained), dropNulls and fillNulls to typed projections and filters', async () => {
    const r = await buildPlan(doc([users,
      { id: 'sel', kind: 'transform.select', params: { columns: ['user_id', { column: 'age', as: 'years' }, 'signup_date'] } },
      { id: 'der', kind: 'transform.derive', params: { columns: [{ name: 'months', expr: 'years * 12' }, { name: 'half', expr: 'months / 2' }, { name: 'years', expr: 'cast(years as int64)' }] } },
      { id: 'dn', kind: 'transform.dropNulls', params: { columns: ['years'] } },
      { id: 'fill', kind: 'transform.fillNulls', params: { values: { months: 0, signup_date: '2020-01-01' } } }],
    [['users', 'sel'], ['sel', 'der'], ['der', 'dn'], ['dn', 'fill']]), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues).toEqual([]);
    expect(cols(r.ports['sel.out'])).toBe('user_id:int32, years:int32?, signup_date:date');
    expect(cols(r.ports['der.out'])).toBe('user_id:int32, years:int64?, signup_date:date, months:int32?, half:float64?');
    const der = r.plan!.nodes.get('der')!;
    if (der.op !== 'project') throw new Error('shape');
    // `half` refers to `months`, rewritten over the input columns.
    expect(der.items[4]!.expr).toMatchObject({ op: '/', left: { op: '*', left: { kind: 'column', name: 'years' } } });
    expect(cols(r.ports['dn.out'])).toBe('user_id:int32, years:int64, signup_date:date, months:int32?, half:float64?');
    const dn = r.plan!.nodes.get('dn')!;
    expect(dn).toMatchObject({ op: 'filter', condition: { kind: 'isNull', negated: true, operand: { name: 'years' } } });
    const fill = r.plan!.nodes.get('fill')!;
    if (fill.op !== 'project') throw new Error('shape');
    expect(fill.items[3]!.expr).toMatchObject({ kind: 'call', fn: 'coalesce', type: 'int32', args: [{ name: 'months' }, { value: 0, type: 'int32' }] });
    expect(fill.items[2]!.expr).toMatchObject({ args: [{}, { kind: 'cast', to: 'date', operand: { value: '2020-01-01' } }] });
    expect(cols(r.ports['fill.out'])).toContain('months:int32,');
  });

  it('names join outputs as docs/pipeline-format.md says, per join type', async () => {
    const mk = async (type: string) => (await buildPlan(doc([events, users, { id: 'j', kind: 'join', params: { type, on: [{ left: 'user_id', right: 'user_id' }, { left: 'qty', right: 'age' }] } },
      { id: 'd', kind: 'transform.derive', params: { columns: [{ name: 'category', expr: "'x'" }] } }],
    [['events', 'j.left'], ['users', 'd'], ['d', 'j.right']]), { readers: DISK_SCHEMAS, baseDir: '/' })).ports['j.out'];
    expect(cols(await mk('inner'))).toBe('event_id:int64, user_id:int32, ts:timestamp, category:string, amount:float64?, qty:int32, name:string, country:string, signup_date:date, age:int32?, category_right:string');
    expect(cols(await mk('left'))).toContain('user_id:int32, ts:timestamp');
    expect(cols(await mk('left'))).toContain('country:string?');
    expect(cols(await mk('right'))).toMatch(/^event_id:int64\?, user_id:int32, ts:timestamp\?/);
    expect(cols(await mk('semi'))).toBe('event_id:int64, user_id:int32, ts:timestamp, category:string, amount:float64?, qty:int32');
  });

  it('types aggregates as Spark does', async () => {
    const r = await buildPlan(doc([events, { id: 'agg', kind: 'transform.aggregate', params: { groupBy: ['category'], aggregations: [
      { fn: 'sum', column: 'qty' }, { fn: 'sum', column: 'amount' }, { fn: 'avg', column: 'qty' }, { fn: 'min', column: 'ts' },
      { fn: 'count' }, { fn: 'count_distinct', column: 'user_id', as: 'users' }, { fn: 'median', column: 'amount' }, { fn: 'first', column: 'category', as: 'c' }] } }],
    [['events', 'agg']]), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(cols(r.ports['agg.out'])).toBe('category:string, sum_qty:int64?, sum_amount:float64?, avg_qty:float64?, min_ts:timestamp?, count:int64, users:int64, median_amount:float64?, c:string?');
  });

  it('unions by name with widening, and by position', async () => {
    const r = await buildPlan(doc([users, { id: 'w', kind: 'transform.derive', params: { columns: [{ name: 'age', expr: 'cast(age as float64)' }] } },
      { id: 'u', kind: 'transform.union', params: {} }, { id: 'p', kind: 'transform.union', params: { byName: false } }],
    [['users', 'w'], ['users', 'u.in1'], ['w', 'u.in2'], ['w', 'p.in1'], ['users', 'p.in2']]), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues).toEqual([]);
    expect(cols(r.ports['u.out'])).toBe('user_id:int32, name:string, country:string, signup_date:date, age:float64?');
    expect(cols(r.ports['p.out'])).toBe(cols(r.ports['u.out']));
  });

  it('infers feature and model schemas as Spark MLlib', async () => {
    const r = await buildPlan(doc([houses,
      { id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'neighborhood', outputCol: 'hood_idx' } },
      { id: 'ohe', kind: 'feature.oneHotEncoder', params: { inputCol: 'hood_idx', outputCol: 'hood_vec' } },
      { id: 'imp', kind: 'feature.imputer', params: { inputCols: ['age'] } },
      { id: 'va', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'age'] } },
      { id: 'sc', kind: 'feature.standardScaler', params: { inputCol: 'features', outputCol: 'scaled' } },
      { id: 'bk', kind: 'feature.bucketizer', params: { inputCol: 'sqft', outputCol: 'size', splits: [0, 1000, 1e9] } },
      { id: 'split', kind: 'feature.split', params: {} },
      { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price' } },
      { id: 'log', kind: 'model.logisticRegression', params: { labelCol: 'bedrooms', family: 'binomial' } },
      { id: 'mlog', kind: 'model.logisticRegression', params: { labelCol: 'bedrooms' } },
      { id: 'km', kind: 'model.kmeans', params: { k: 3 } },
      { id: 'ev', kind: 'model.evaluate', params: { labelCol: 'price' } }],
    [['houses', 'idx'], ['idx', 'ohe'], ['ohe', 'imp'], ['imp', 'va'], ['va', 'sc'], ['sc', 'bk'], ['bk', 'split'],
      ['split.train', 'lr.train'], ['split.test', 'lr.score'], ['split.train', 'log.train'], ['split.train', 'mlog.train'], ['split.train', 'km.train'], ['lr', 'ev']]), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues).toEqual([]);
    expect(cols(r.ports['bk.out'])).toContain('hood_idx:float64, hood_vec:vector, features:vector[3], scaled:vector[3], size:float64');
    expect(r.ports['split.train']).toEqual(r.ports['split.test']);
    expect(cols(r.ports['lr.out'])).toMatch(/size:float64, prediction:float64$/);
    expect(cols(r.ports['log.out'])).toMatch(/rawPrediction:vector\[2\], probability:vector\[2\], prediction:float64$/);
    // family auto: as many classes as the labels hold, known once they are read.
    expect(cols(r.ports['mlog.out'])).toMatch(/rawPrediction:vector, probability:vector, prediction:float64$/);
    expect(cols(r.ports['km.out'])).toMatch(/prediction:int32$/);
    expect(cols(r.ports['ev.out'])).toBe('metric:string, value:float64?');
    const lr = r.plan!.nodes.get('lr')!;
    expect(lr).toMatchObject({ op: 'ml', kind: 'model.linearRegression', ports: ['train', 'score'], port: 'out' });
    if (lr.op === 'ml') expect(lr.inputs[0]).toBe(r.plan!.nodes.get('split.train'));
    expect(r.plan!.nodes.get('split')).toBe(r.plan!.nodes.get('split.train'));
  });

  it('keeps inferring unrelated nodes when one is bad, and returns no plan', async () => {
    const r = await buildPlan(doc([users, events,
      { id: 'bad', kind: 'transform.filter', params: { condition: 'agee > 1' } },
      { id: 'after', kind: 'transform.limit', params: { count: 1 } },
      { id: 'good', kind: 'transform.filter', params: { condition: 'qty > 1' } }],
    [['users', 'bad'], ['bad', 'after'], ['events', 'good']]), { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.plan).toBeUndefined();
    expect(r.issues.map((i) => [i.nodeId, i.param, i.message])).toEqual([
      ['bad', 'condition', "unknown column 'agee' in transform.filter 'bad': did you mean 'age'?"]]);
    expect(Object.keys(r.ports)).toEqual(['users.out', 'events.out', 'good.out']);
  });

  it('reports a source whose schema cannot be read on its path param', async () => {
    const r = await buildPlan(doc([{ id: 'pq', kind: 'source.parquet', params: { path: 'nope/missing.parquet' } }], []), { readers: DISK_SCHEMAS, baseDir: '/tmp' });
    expect(r.issues).toEqual([expect.objectContaining({ nodeId: 'pq', param: 'path', message: expect.stringContaining("cannot read the schema of source.parquet 'pq'") })]);
  });
});
