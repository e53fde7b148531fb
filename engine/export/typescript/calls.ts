// One library call per node kind (lib/frame.ts, lib/pipeline.ts): which object the call is made on,
// the method, the params passed before the options object, and the helper forms that read better
// than records (sum('amount').as('revenue'), desc('revenue'), on: 'user_id').

import { raw, literal, object, array, type Code } from '../code.ts';
import { TS_STYLE, tsString } from './style.ts';

export interface CallPlan {
  /** The expression the method is called on ('p', a frame variable, `in.groupBy(...)`). */
  readonly receiver: string;
  readonly method: string;
  readonly args: readonly Code[];
  /** Library helpers the call uses (imported by the script). */
  readonly helpers: readonly string[];
}

type Shape =
  | { readonly on: 'pipeline'; readonly method: string; readonly first: string }
  | { readonly on: 'in'; readonly method: string; readonly first?: string; readonly port?: string }
  | { readonly on: 'pair'; readonly method: string; readonly self: string; readonly other: string }
  | { readonly on: 'train'; readonly method: string };

const SHAPES: Readonly<Record<string, Shape>> = {
  'source.csv': { on: 'pipeline', method: 'csv', first: 'path' },
  'source.parquet': { on: 'pipeline', method: 'parquet', first: 'path' },
  'source.json': { on: 'pipeline', method: 'json', first: 'path' },
  'source.sample': { on: 'pipeline', method: 'sample', first: 'dataset' },
  'transform.filter': { on: 'in', method: 'filter', first: 'condition' },
  'transform.select': { on: 'in', method: 'select', first: 'columns' },
  'transform.derive': { on: 'in', method: 'derive', first: 'columns' },
  'transform.aggregate': { on: 'in', method: 'agg', first: 'aggregations' },
  'transform.sort': { on: 'in', method: 'sort', first: 'keys' },
  'transform.limit': { on: 'in', method: 'limit', first: 'count' },
  'transform.distinct': { on: 'in', method: 'distinct', first: 'columns' },
  'transform.dropNulls': { on: 'in', method: 'dropNulls', first: 'columns' },
  'transform.fillNulls': { on: 'in', method: 'fillNulls', first: 'values' },
  'transform.union': { on: 'pair', method: 'union', self: 'in1', other: 'in2' },
  'transform.repartition': { on: 'in', method: 'repartition', first: 'partitions' },
  join: { on: 'pair', method: 'join', self: 'left', other: 'right' },
  'feature.imputer': { on: 'in', method: 'imputer' },
  'feature.vectorAssembler': { on: 'in', method: 'vectorAssembler' },
  'feature.standardScaler': { on: 'in', method: 'standardScaler' },
  'feature.minMaxScaler': { on: 'in', method: 'minMaxScaler' },
  'feature.stringIndexer': { on: 'in', method: 'stringIndexer' },
  'feature.oneHotEncoder': { on: 'in', method: 'oneHotEncoder' },
  'feature.bucketizer': { on: 'in', method: 'bucketizer' },
  'feature.split': { on: 'in', method: 'randomSplit' },
  'model.linearRegression': { on: 'train', method: 'linearRegression' },
  'model.logisticRegression': { on: 'train', method: 'logisticRegression' },
  'model.kmeans': { on: 'train', method: 'kmeans' },
  'model.evaluate': { on: 'in', method: 'evaluate' },
  'model.load': { on: 'in', method: 'loadModel', first: 'path', port: 'score' },
  'sink.parquet': { on: 'in', method: 'writeParquet', first: 'path' },
  'sink.csv': { on: 'in', method: 'writeCsv', first: 'path' },
};

export function hasCall(kind: string): boolean {
  return kind in SHAPES;
}

const AGG_HELPER: Readonly<Record<string, string>> = { count_distinct: 'countDistinct' };

/** The call making node `id` of `kind` with `params` (defaults already left out); `input(port)`
 *  is the code of the frame feeding an input port, undefined when unconnected. */
export function planCall(kind: string, id: string, params: Readonly<Record<string, unknown>>, input: (port: string) => string | undefined): CallPlan {
  const shape = SHAPES[kind];
  if (!shape) throw new Error(`no library call for kind '${kind}'`);
  const helpers: string[] = [];
  const rest: Record<string, unknown> = { ...params };
  const args: Code[] = [];
  let receiver: string;
  const options: (readonly [string, Code])[] = [];
  if (shape.on === 'pipeline') receiver = 'p';
  else if (shape.on === 'pair') {
    receiver = input(shape.self)!;
    args.push(raw(input(shape.other)!));
  } else if (shape.on === 'train') {
    receiver = input('train')!;
    const score = input('score');
    if (score !== undefined) options.push(['score', raw(score)]);
  } else receiver = input(shape.port ?? 'in')!;
  if (kind === 'transform.aggregate') {
    const groupBy = rest.groupBy as readonly string[] | undefined;
    delete rest.groupBy;
    if (groupBy !== undefined) receiver = `${receiver}.groupBy(${groupBy.map((c) => tsString(c)).join(', ')})`;
  }
  if (shape.on !== 'pair' && 'first' in shape && shape.first !== undefined && rest[shape.first] !== undefined) {
    args.push(firstArg(kind, rest[shape.first], helpers));
    delete rest[shape.first];
  }
  if (kind === 'join' && rest.on !== undefined) {
    options.push(['on', joinOn(rest.on)]);
    delete rest.on;
  }
  for (const [k, v] of Object.entries(rest)) options.push([k, literal(v, TS_STYLE)]);
  options.push(['id', raw(tsString(id))]);
  args.push(object(options));
  return { receiver, method: shape.method, args, helpers };
}

function firstArg(kind: string, value: unknown, helpers: string[]): Code {
  if (kind === 'transform.aggregate' && Array.isArray(value)) return array(value.map((a) => aggregation(a, helpers)));
  if (kind === 'transform.sort' && Array.isArray(value)) {
    const keys = value.map((k) => sortKey(k, helpers));
    return keys.length === 1 ? keys[0]! : array(keys);
  }
  return literal(value, TS_STYLE);
}

function aggregation(a: unknown, helpers: string[]): Code {
  const rec = a as { fn?: unknown; column?: unknown; as?: unknown };
  const known = Object.keys(rec).every((k) => k === 'fn' || k === 'column' || k === 'as');
  const plain = typeof rec.column === 'string' || (rec.column === undefined && rec.fn === 'count');
  if (!known || typeof rec.fn !== 'string' || !plain || (rec.as !== undefined && typeof rec.as !== 'string')) return literal(a, TS_STYLE);
  const helper = AGG_HELPER[rec.fn] ?? rec.fn;
  helpers.push(helper);
  const base = `${helper}(${rec.column !== undefined ? tsString(rec.column as string) : ''})`;
  return raw(typeof rec.as === 'string' ? `${base}.as(${tsString(rec.as)})` : base);
}

function sortKey(k: unknown, helpers: string[]): Code {
  if (typeof k === 'string') return raw(tsString(k));
  const rec = k as { column?: unknown; descending?: unknown; nullsFirst?: unknown };
  const known = Object.keys(rec).every((x) => x === 'column' || x === 'descending' || x === 'nullsFirst');
  if (!known || typeof rec.column !== 'string') return literal(k, TS_STYLE);
  const helper = rec.descending === true ? 'desc' : 'asc';
  helpers.push(helper);
  const nulls = rec.nullsFirst !== undefined ? `, { nullsFirst: ${String(rec.nullsFirst)} }` : '';
  return raw(`${helper}(${tsString(rec.column)}${nulls})`);
}

function joinOn(on: unknown): Code {
  const pairs = on as readonly { left: string; right: string }[];
  if (pairs.length > 0 && pairs.every((p) => Object.keys(p).length === 2 && p.left === p.right)) {
    return pairs.length === 1 ? raw(tsString(pairs[0]!.left)) : array(pairs.map((p) => raw(tsString(p.left))));
  }
  return literal(on, TS_STYLE);
}
