// A Frame is one node's output: every method adds one document node fed by it and returns the
// new node's output (sinks return a Sink). Method names and option names are the catalog's
// (engine/document/catalog-*.ts); `id` in the options names the node.

import type { PortRef } from './graph.ts';
import { PipelineGraph } from './graph.ts';
import { toAggregationRecord, type AggregationLike } from './aggregations.ts';
import type { SortKeyLike } from './sort-keys.ts';
import type * as O from './options.ts';

/** The end of a branch: a sink node. */
export interface Sink { readonly id: string }

export class Frame implements PortRef {
  readonly graph: PipelineGraph;
  readonly node: string;
  readonly port?: string;

  constructor(graph: PipelineGraph, node: string, port?: string) {
    this.graph = graph;
    this.node = node;
    if (port !== undefined) this.port = port;
  }

  /** The node id of this output's node. */
  get id(): string {
    return this.node;
  }

  filter(condition: string, opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.filter', { condition }, opts);
  }

  select(columns: readonly O.SelectColumn[], opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.select', { columns }, opts);
  }

  derive(columns: readonly O.DerivedColumn[], opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.derive', { columns }, opts);
  }

  /** Groups by these columns; `.agg([...])` then makes the one transform.aggregate node. */
  groupBy(...columns: string[]): GroupedFrame {
    return new GroupedFrame(this, columns);
  }

  /** One row of aggregates over all rows (transform.aggregate without groupBy). */
  agg(aggregations: readonly AggregationLike[], opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.aggregate', { aggregations: aggregations.map(toAggregationRecord) }, opts);
  }

  sort(keys: SortKeyLike | readonly SortKeyLike[], opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.sort', { keys: Array.isArray(keys) ? keys : [keys] }, opts);
  }

  limit(count: number, opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.limit', { count }, opts);
  }

  /** Removes duplicate rows, comparing `columns` (all columns when absent). */
  distinct(columns?: readonly string[] | O.NodeOptions, opts: O.NodeOptions = {}): Frame {
    return Array.isArray(columns) ? this.unary('transform.distinct', { columns }, opts)
      : this.unary('transform.distinct', {}, (columns as O.NodeOptions | undefined) ?? opts);
  }

  /** Drops rows with a null in any of `columns` (all columns when absent). */
  dropNulls(columns?: readonly string[] | O.NodeOptions, opts: O.NodeOptions = {}): Frame {
    return Array.isArray(columns) ? this.unary('transform.dropNulls', { columns }, opts)
      : this.unary('transform.dropNulls', {}, (columns as O.NodeOptions | undefined) ?? opts);
  }

  fillNulls(values: Readonly<Record<string, unknown>>, opts: O.NodeOptions = {}): Frame {
    return this.unary('transform.fillNulls', { values }, opts);
  }

  /** This frame's rows, then `other`'s (in1 = this, in2 = other). */
  union(other: Frame, opts: O.UnionOptions = {}): Frame {
    const { id, ...params } = opts;
    return this.make('transform.union', params, { in1: this, in2: other }, id);
  }

  repartition(partitions: number, opts: O.RepartitionOptions = {}): Frame {
    const { id, ...params } = opts;
    return this.make('transform.repartition', { partitions, ...params }, { in: this }, id);
  }

  /** Joins this frame (left) with `right`. */
  join(right: Frame, opts: O.JoinOptions): Frame {
    const { id, on, ...params } = opts;
    return this.make('join', { ...params, on: joinKeys(on) }, { left: this, right }, id);
  }

  imputer(opts: O.ImputerOptions): Frame { return this.stage('feature.imputer', opts); }
  vectorAssembler(opts: O.VectorAssemblerOptions): Frame { return this.stage('feature.vectorAssembler', opts); }
  standardScaler(opts: O.StandardScalerOptions): Frame { return this.stage('feature.standardScaler', opts); }
  minMaxScaler(opts: O.MinMaxScalerOptions): Frame { return this.stage('feature.minMaxScaler', opts); }
  stringIndexer(opts: O.StringIndexerOptions): Frame { return this.stage('feature.stringIndexer', opts); }
  oneHotEncoder(opts: O.OneHotEncoderOptions): Frame { return this.stage('feature.oneHotEncoder', opts); }
  bucketizer(opts: O.BucketizerOptions): Frame { return this.stage('feature.bucketizer', opts); }

  /** Splits the rows at random into `train` and `test` (feature.split). */
  randomSplit(opts: O.RandomSplitOptions = {}): { readonly train: Frame; readonly test: Frame } {
    const { id, ...params } = opts;
    const node = this.graph.add('feature.split', { ...params }, { in: this }, id);
    return { train: new Frame(this.graph, node, 'train'), test: new Frame(this.graph, node, 'test') };
  }

  /** Fits on this frame's rows; predicts `score` (default: these rows). */
  linearRegression(opts: O.RegressionOptions = {}): Frame { return this.model('model.linearRegression', opts); }
  logisticRegression(opts: O.LogisticRegressionOptions = {}): Frame { return this.model('model.logisticRegression', opts); }
  kmeans(opts: O.KMeansOptions = {}): Frame { return this.model('model.kmeans', opts); }

  evaluate(opts: O.EvaluateOptions = {}): Frame { return this.stage('model.evaluate', opts); }

  /** Scores these rows with a saved model folder (a saveTo folder, or Spark's model.save) (model.load). */
  loadModel(path: string, opts: O.NodeOptions = {}): Frame { return this.make('model.load', { path }, { score: this }, opts.id); }

  writeParquet(path: string, opts: O.WriteParquetOptions = {}): Sink {
    const { id, ...params } = opts;
    return { id: this.graph.add('sink.parquet', { path, ...params }, { in: this }, id) };
  }

  writeCsv(path: string, opts: O.WriteCsvOptions = {}): Sink {
    const { id, ...params } = opts;
    return { id: this.graph.add('sink.csv', { path, ...params }, { in: this }, id) };
  }

  private unary(kind: string, params: Record<string, unknown>, opts: O.NodeOptions): Frame {
    return this.make(kind, params, { in: this }, opts.id);
  }

  private stage(kind: string, opts: O.NodeOptions & object): Frame {
    const { id, ...params } = opts;
    return this.make(kind, params, { in: this }, id);
  }

  private model(kind: string, opts: O.NodeOptions & { readonly score?: Frame }): Frame {
    const { id, score, ...params } = opts;
    return this.make(kind, params, { train: this, score }, id);
  }

  private make(kind: string, params: Record<string, unknown>, inputs: Record<string, PortRef | undefined>, id: string | undefined): Frame {
    return new Frame(this.graph, this.graph.add(kind, params, inputs, id));
  }
}

/** The result of groupBy(): `.agg([...])` makes the aggregate node. */
export class GroupedFrame {
  private readonly input: Frame;
  private readonly groupBy: readonly string[];

  constructor(input: Frame, groupBy: readonly string[]) {
    this.input = input;
    this.groupBy = groupBy;
  }

  agg(aggregations: readonly AggregationLike[], opts: O.NodeOptions = {}): Frame {
    const graph = this.input.graph;
    const params = { groupBy: this.groupBy, aggregations: aggregations.map(toAggregationRecord) };
    return new Frame(graph, graph.add('transform.aggregate', params, { in: this.input }, opts.id));
  }
}

function joinKeys(on: O.JoinOptions['on'] | undefined): O.JoinKey[] | undefined {
  if (on === undefined) return undefined; // reported as the missing param 'on'
  const list = (Array.isArray(on) ? on : [on]) as readonly (string | O.JoinKey)[];
  return list.map((k) => (typeof k === 'string' ? { left: k, right: k } : k));
}
