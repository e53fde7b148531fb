// Bad pipeline documents: each gives the precise issue (node id, param or port, message with the
// expected value and the closest valid name). Runs through buildPlan, as the CLI and studio do.

import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../engine/logical/build.ts';
import { DISK_SCHEMAS } from '../../engine/disk-schemas.ts';
import type { PipelineIssue } from '../../engine/errors.ts';

type Json = Record<string, unknown>;
type Node = { id: string; kind: string; params?: Json };

const events: Node = { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 10 } };
const users: Node = { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 10 } };
const houses: Node = { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 10 } };

function doc(nodes: unknown[], edges: [string, string][], extra: Json = {}): Json {
  return { version: 1, name: 'bad', nodes, edges: edges.map(([from, to]) => ({ from, to })), ...extra };
}
const one = (node: Node, from: Node = events) => doc([from, node], [[from.id, node.id]]);
const joined = (params: Json) => doc([events, users, { id: 'j', kind: 'join', params }], [['events', 'j.left'], ['users', 'j.right']]);

/** [title, document, expected issue fields (message: parts it must contain)] */
const CASES: [string, Json, Partial<PipelineIssue> & { parts: string[] }][] = [
  ['unknown kind', one({ id: 'big', kind: 'transform.filtr', params: {} }),
    { nodeId: 'big', parts: ["unknown kind 'transform.filtr' of node 'big': did you mean 'transform.filter'?"] }],
  ['missing required param', one({ id: 'big', kind: 'transform.filter', params: {} }),
    { nodeId: 'big', param: 'condition', parts: ["missing param 'condition' of transform.filter 'big'", 'expected an expression'] }],
  ['wrong-typed param', one({ id: 'top', kind: 'transform.limit', params: { count: '10' } }),
    { nodeId: 'top', param: 'count', parts: ["param 'count' of transform.limit 'top': expected an integer, got '10'"] }],
  ['unknown param', one({ id: 'big', kind: 'transform.filter', params: { condition: 'qty > 1', conditon: 'x' } }),
    { nodeId: 'big', param: 'conditon', parts: ["unknown param 'conditon' of transform.filter 'big': did you mean 'condition'?"] }],
  ['bad id', doc([{ id: '1big', kind: 'source.sample', params: { dataset: 'users' } }], []),
    { nodeId: '1big', parts: ["invalid id '1big'", 'starts with a letter or _'] }],
  ['duplicate id', doc([events, { ...users, id: 'events' }], []),
    { nodeId: 'events', parts: ["duplicate node id 'events' (node 2)", 'every node needs its own id'] }],
  ['dangling edge', doc([events, { id: 'big', kind: 'transform.filter', params: { condition: 'qty > 1' } }], [['evnts', 'big']]),
    { nodeId: 'big', parts: ["edge from unknown node 'evnts' into transform.filter 'big': did you mean 'events'?"] }],
  ['unknown port', doc([events, users, { id: 'j', kind: 'join', params: { on: [{ left: 'user_id', right: 'user_id' }] } }], [['events', 'j.lft'], ['users', 'j.right']]),
    { nodeId: 'j', port: 'lft', parts: ["unknown input port 'lft' of join 'j': did you mean 'left'?"] }],
  ['duplicate edge', doc([events, { id: 'top', kind: 'transform.limit', params: { count: 1 } }], [['events', 'top'], ['events', 'top.in']]),
    { nodeId: 'top', port: 'in', parts: ["duplicate edge from 'events.out' to 'top.in'", 'remove one'] }],
  ['input fed twice', doc([events, { ...events, id: 'more' }, { id: 'top', kind: 'transform.limit', params: { count: 1 } }], [['events', 'top'], ['more', 'top']]),
    { nodeId: 'top', port: 'in', parts: ["input port 'in' of transform.limit 'top' is fed twice, by 'events' and 'more'", 'transform.union'] }],
  ['unconnected required port', doc([events, { id: 'j', kind: 'join', params: { on: [{ left: 'user_id', right: 'user_id' }] } }], [['events', 'j.left']]),
    { nodeId: 'j', port: 'right', parts: ["input port 'right' of join 'j' is not connected: add an edge to 'j.right'"] }],
  ['cycle', doc([users, { id: 'u', kind: 'transform.union', params: {} }, { id: 'a', kind: 'transform.limit', params: { count: 1 } }, { id: 'b', kind: 'transform.limit', params: { count: 2 } }],
    [['users', 'u.in1'], ['u', 'a'], ['a', 'b'], ['b', 'u.in2']]),
    { nodeId: 'u', parts: ['cycle u -> a -> b -> u', 'must not loop back'] }],
  ['enum typo', joined({ type: 'innr', on: [{ left: 'user_id', right: 'user_id' }] }),
    { nodeId: 'j', param: 'type', parts: ['expected one of "inner", "left"', "got 'innr': did you mean 'inner'?"] }],
  ['record field typo', joined({ on: [{ left: 'user_id', rigth: 'user_id' }] }),
    { nodeId: 'j', param: 'on[0]', parts: ["unknown field 'rigth': did you mean 'right'?"] }],
  ['bare endpoint on a two-output node', doc([events, { id: 's', kind: 'feature.split', params: {} }, { id: 'top', kind: 'transform.limit', params: { count: 1 } }], [['events', 's'], ['s', 'top']]),
    { nodeId: 's', parts: ["feature.split 's' has outputs train, test: name one in the edge, e.g. 's.train'"] }],
  ['edge out of a sink', doc([events, { id: 'save', kind: 'sink.csv', params: { path: 'o.csv' } }, { id: 'top', kind: 'transform.limit', params: { count: 1 } }], [['events', 'save'], ['save', 'top']]),
    { nodeId: 'save', parts: ["sink.csv 'save' has no output port: a sink ends the pipeline"] }],
  ['unknown column in select', one({ id: 'sel', kind: 'transform.select', params: { columns: ['qty', 'amout'] } }),
    { nodeId: 'sel', param: 'columns[1].column', parts: ["unknown column 'amout' in transform.select 'sel': did you mean 'amount'?"] }],
  ['unknown groupBy column', one({ id: 'agg', kind: 'transform.aggregate', params: { groupBy: ['categroy'], aggregations: [{ fn: 'count' }] } }),
    { nodeId: 'agg', param: 'groupBy[0]', parts: ["unknown column 'categroy' in transform.aggregate 'agg': did you mean 'category'?"] }],
  ['sum of text', one({ id: 'agg', kind: 'transform.aggregate', params: { aggregations: [{ fn: 'sum', column: 'category' }] } }),
    { nodeId: 'agg', param: 'aggregations[0].column', parts: ["sum in transform.aggregate 'agg' needs a numeric column, but 'category' is string"] }],
  ['aggregate fn typo', one({ id: 'agg', kind: 'transform.aggregate', params: { aggregations: [{ fn: 'summ', column: 'qty' }] } }),
    { nodeId: 'agg', param: 'aggregations[0].fn', parts: ["got 'summ': did you mean 'sum'?"] }],
  ['join key types differ', joined({ on: [{ left: 'category', right: 'user_id' }] }),
    { nodeId: 'j', param: 'on[0]', parts: ["'category' is string on the left but 'user_id' is int32 on the right", 'cast one side'] }],
  ['unknown join key on the right', joined({ on: [{ left: 'user_id', right: 'userid' }] }),
    { nodeId: 'j', port: 'right', param: 'on[0].right', parts: ["unknown column 'userid' in join 'j' (input right): did you mean 'user_id'?"] }],
  ['union by name with different columns', doc([events, users, { id: 'u', kind: 'transform.union', params: {} }], [['events', 'u.in1'], ['users', 'u.in2']]),
    { nodeId: 'u', port: 'in2', param: 'byName', parts: ['in2 lacks event_id, ts, category, amount, qty', 'set byName to false'] }],
  ['fillNulls text for an int column', one({ id: 'fill', kind: 'transform.fillNulls', params: { values: { qty: 'none' } } }),
    { nodeId: 'fill', param: 'values.qty', parts: ['value "none" does not fit int32 column \'qty\': expected a whole number'] }],
  ['fillNulls fraction for an int column', one({ id: 'fill', kind: 'transform.fillNulls', params: { values: { qty: 1.5 } } }),
    { nodeId: 'fill', param: 'values.qty', parts: ["must be a whole number for int32 column 'qty', got 1.5"] }],
  ['fillNulls unknown column', one({ id: 'fill', kind: 'transform.fillNulls', params: { values: { amont: 0 } } }),
    { nodeId: 'fill', param: 'values.amont', parts: ["unknown column 'amont' in transform.fillNulls 'fill': did you mean 'amount'?"] }],
  ['sort by unknown column', one({ id: 'sorted', kind: 'transform.sort', params: { keys: [{ column: 'qyt', descending: true }] } }),
    { nodeId: 'sorted', param: 'keys[0].column', parts: ["unknown column 'qyt' in transform.sort 'sorted': did you mean 'qty'?"] }],
  ['derive of an always-null value', one({ id: 'd', kind: 'transform.derive', params: { columns: [{ name: 'x', expr: 'null' }] } }),
    { nodeId: 'd', param: 'columns[0].expr', parts: ["column 'x' of transform.derive 'd' is always null", 'cast(null as string)'] }],
  ['vectorAssembler unknown input', one({ id: 'va', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedroms'] } }, houses),
    { nodeId: 'va', param: 'inputCols[1]', parts: ["unknown column 'bedroms' in feature.vectorAssembler 'va': did you mean 'bedrooms'?"] }],
  ['model on a non-vector features column', doc([houses, { id: 'lr', kind: 'model.linearRegression', params: { featuresCol: 'sqft', labelCol: 'price' } }], [['houses', 'lr.train']]),
    { nodeId: 'lr', param: 'featuresCol', port: 'train', parts: ["column 'sqft' of model.linearRegression 'lr' must be a vector (made by feature.vectorAssembler), got float64"] }],
  ['negative regParam', doc([houses, { id: 'va', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft'] } },
    { id: 'lr', kind: 'model.linearRegression', params: { labelCol: 'price', regParam: -0.1 } }], [['houses', 'va'], ['va', 'lr.train']]),
    { nodeId: 'lr', param: 'regParam', parts: ["regParam of model.linearRegression 'lr' must be 0 (no regularization) or more, got -0.1"] }],
  ['elasticNetParam above 1', doc([houses, { id: 'va', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft'] } },
    { id: 'lr', kind: 'model.logisticRegression', params: { labelCol: 'price', elasticNetParam: 1.5 } }], [['houses', 'va'], ['va', 'lr.train']]),
    { nodeId: 'lr', param: 'elasticNetParam', parts: ["elasticNetParam of model.logisticRegression 'lr' must be between 0 (pure L2) and 1 (pure L1), got 1.5"] }],
  ['bucketizer splits not increasing', one({ id: 'b', kind: 'feature.bucketizer', params: { inputCol: 'sqft', outputCol: 'size', splits: [0, 10, 5] } }, houses),
    { nodeId: 'b', param: 'splits', parts: ['splits of feature.bucketizer \'b\' must be at least 3 strictly increasing numbers, got [0, 10, 5]'] }],
  ['split ratios', doc([events, { id: 's', kind: 'feature.split', params: { ratios: [1] } }], [['events', 's']]),
    { nodeId: 's', param: 'ratios', parts: ['must be two positive numbers (train, test), e.g. [0.8, 0.2], got [1]'] }],
  ['sample dataset typo', doc([{ id: 'ev', kind: 'source.sample', params: { dataset: 'event' } }], []),
    { nodeId: 'ev', param: 'dataset', parts: ["got 'event': did you mean 'events'?"] }],
  ['sink partitionBy unknown column', one({ id: 'save', kind: 'sink.parquet', params: { path: 'out', partitionBy: ['categry'] } }),
    { nodeId: 'save', param: 'partitionBy[0]', parts: ["unknown column 'categry' in sink.parquet 'save': did you mean 'category'?"] }],
  ['duplicate output column in select', one({ id: 'sel', kind: 'transform.select', params: { columns: ['qty', { column: 'amount', as: 'qty' }] } }),
    { nodeId: 'sel', param: 'columns[1]', parts: ["duplicate output column 'qty' in transform.select 'sel': rename one with \"as\""] }],
  ['output column already exists', one({ id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'neighborhood', outputCol: 'price' } }, houses),
    { nodeId: 'idx', param: 'outputCol', parts: ["output column 'price' of feature.stringIndexer 'idx' already exists in the input"] }],
  ['negative limit', one({ id: 'top', kind: 'transform.limit', params: { count: -1 } }),
    { nodeId: 'top', param: 'count', parts: ["count of transform.limit 'top' must be 0 or more, got -1"] }],
  ['multi-character csv delimiter', doc([{ id: 'csv', kind: 'source.csv', params: { path: 'a.csv', delimiter: ';;' } }], []),
    { nodeId: 'csv', param: 'delimiter', parts: ["delimiter of source.csv 'csv' must be one character, got ';;'"] }],
  ['unknown node field', doc([{ ...events, param: {} }], []),
    { nodeId: 'events', parts: ["unknown field 'param' in node 'events': did you mean 'params'?"] }],
];

describe('bad documents', () => {
  it.each(CASES)('%s', async (_title, document, expected) => {
    const r = await buildPlan(document as never, { readers: DISK_SCHEMAS, baseDir: '/tmp' });
    expect(r.plan).toBeUndefined();
    const { parts, ...fields } = expected;
    const match = r.issues.find((i) => parts.every((p) => i.message.includes(p)));
    expect(match, `issues: ${r.issues.map((i) => i.message).join(' | ')}`).toBeDefined();
    expect(match).toMatchObject(fields);
    if (fields.port === undefined) expect(match!.port).toBeUndefined();
    if (fields.param === undefined) expect(match!.param).toBeUndefined();
  });

  it('collects every problem of a document, not only the first', async () => {
    const r = await buildPlan(doc([events, { id: 'a', kind: 'transform.filtr', params: {} }, { id: 'b', kind: 'transform.limit', params: { count: 'x' } },
      { id: 'c', kind: 'transform.select', params: { columns: ['amout'] } }], [['events', 'a'], ['events', 'b'], ['events', 'c']]) as never, { readers: DISK_SCHEMAS, baseDir: '/' });
    expect(r.issues.map((i) => i.nodeId)).toEqual(['a', 'b', 'c']);
  });
});
