// One pipeline that uses every kind of the catalog, most params set away from their defaults, over
// small files it writes itself and the built-in samples; and from it one document per kind (that
// node and what feeds it), for the export round trip.

import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DocumentEdge, DocumentNode, PipelineDocument } from '../../engine/document/document-types.ts';
import { checkGraph } from '../../engine/document/graph-check.ts';

const GOLDEN_DATA = resolve(import.meta.dirname, '../golden/data');

type Spec = readonly [id: string, kind: string, inputs: readonly string[], params: Record<string, unknown>];

const SPECS: readonly Spec[] = [
  ['people', 'source.csv', [], { path: 'data/people.csv', schema: { score: 'float64' }, nullValues: ['', 'NA'], onBadRow: 'skip', delimiter: ',' }],
  ['clicks', 'source.json', [], { path: 'data/clicks.json' }],
  ['sales', 'source.parquet', [], { path: 'data/sales.parquet' }],
  ['events', 'source.sample', [], { dataset: 'events', rows: 3000, seed: 5, users: 50 }],
  ['users', 'source.sample', [], { dataset: 'users', rows: 50, seed: 5 }],
  ['houses', 'source.sample', [], { dataset: 'houses', rows: 400, seed: 11 }],
  ['joined', 'join', ['events', 'users'], { type: 'left', on: [{ left: 'user_id', right: 'user_id' }], strategy: 'shuffle' }],
  ['recent', 'transform.filter', ['joined'], { condition: "amount > 5 and country != 'ZZ'" }],
  ['priced', 'transform.derive', ['recent'], { columns: [{ name: 'total', expr: 'round(amount * qty, 2)' }] }],
  ['trimmed', 'transform.select', ['priced'], { columns: ['event_id', { column: 'country', as: 'land' }, 'category', 'total'] }],
  ['known', 'transform.dropNulls', ['trimmed'], { columns: ['land'] }],
  ['filled', 'transform.fillNulls', ['known'], { values: { category: 'unknown' } }],
  ['spread', 'transform.repartition', ['filled'], { partitions: 3, by: ['land'] }],
  ['by_land', 'transform.aggregate', ['spread'], { groupBy: ['land', 'category'], aggregations: [
    { fn: 'sum', column: 'total', as: 'revenue' }, { fn: 'count', as: 'n' }, { fn: 'avg', column: 'total' },
    { fn: 'count_distinct', column: 'event_id', as: 'orders' }, { fn: 'max', column: 'total', as: 'top' }] }],
  ['ranked', 'transform.sort', ['by_land'], { keys: [{ column: 'revenue', descending: true }, 'land', { column: 'category', nullsFirst: false }] }],
  ['best', 'transform.limit', ['ranked'], { count: 25 }],
  ['save_best', 'sink.csv', ['best'], { path: 'out/best.csv', delimiter: ';', header: true }],
  ['people_ids', 'transform.select', ['people'], { columns: ['id', 'name'] }],
  ['one_per_day', 'transform.distinct', ['people'], { columns: ['day'] }],
  ['day_ids', 'transform.select', ['one_per_day'], { columns: [{ column: 'id', as: 'key' }, { column: 'name', as: 'label' }] }],
  ['both', 'transform.union', ['people_ids', 'day_ids'], { byName: false }],
  ['save_both', 'sink.parquet', ['both'], { path: 'out/people.parquet', compression: 'zstd', mode: 'overwrite' }],
  ['unique_clicks', 'transform.distinct', ['clicks'], {}],
  ['save_clicks', 'sink.parquet', ['unique_clicks'], { path: 'out/clicks', partitionBy: ['page'] }],
  ['big_sales', 'transform.filter', ['sales'], { condition: "amount > 50 and region = 'east'" }],
  ['save_sales', 'sink.csv', ['big_sales'], { path: 'out/sales.csv', header: false }],
  ['holes', 'transform.derive', ['houses'], { columns: [{ name: 'sqft_n', expr: 'if(house_id % 4 = 0, null, sqft)' }] }],
  ['imp', 'feature.imputer', ['holes'], { inputCols: ['sqft_n'], outputCols: ['sqft_i'], strategy: 'median' }],
  ['hood', 'feature.stringIndexer', ['imp'], { inputCol: 'neighborhood', outputCol: 'hood_idx', stringOrderType: 'alphabetAsc', handleInvalid: 'keep' }],
  ['hood_vec', 'feature.oneHotEncoder', ['hood'], { inputCol: 'hood_idx', outputCol: 'hood_vec', dropLast: false }],
  ['size', 'feature.bucketizer', ['hood_vec'], { inputCol: 'sqft_i', outputCol: 'size_bucket', splits: [0, 1500, 3000, 1e9] }],
  ['asm', 'feature.vectorAssembler', ['size'], { inputCols: ['sqft_i', 'bedrooms', 'bathrooms', 'age', 'hood_vec'], outputCol: 'raw_features', handleInvalid: 'skip' }],
  ['scaled', 'feature.standardScaler', ['asm'], { inputCol: 'raw_features', outputCol: 'features', withMean: true }],
  ['ranged', 'feature.minMaxScaler', ['scaled'], { inputCol: 'features', outputCol: 'unit', min: -1, max: 1 }],
  ['labeled', 'transform.derive', ['ranged'], { columns: [{ name: 'expensive', expr: 'if(price > 350000, 1, 0)' }] }],
  ['parts', 'feature.split', ['labeled'], { ratios: [0.7, 0.3], seed: 9 }],
  ['lin', 'model.linearRegression', ['parts.train', 'parts.test'], { labelCol: 'price', regParam: 0.1, elasticNetParam: 0.5, maxIter: 50, predictionCol: 'price_hat' }],
  ['logit', 'model.logisticRegression', ['parts.train', 'parts.test'], { featuresCol: 'unit', labelCol: 'expensive', threshold: 0.4, probabilityCol: 'p', rawPredictionCol: 'raw' }],
  ['clusters', 'model.kmeans', ['ranged'], { featuresCol: 'unit', k: 3, seed: 5, maxIter: 10, predictionCol: 'cluster' }],
  ['fit', 'model.evaluate', ['lin'], { metric: 'r2', labelCol: 'price', predictionCol: 'price_hat' }],
  ['acc', 'model.evaluate', ['logit'], { metric: 'accuracy', labelCol: 'expensive' }],
  ['metrics', 'transform.union', ['fit', 'acc'], {}],
  ['save_metrics', 'sink.csv', ['metrics'], { path: 'out/metrics.csv' }],
  ['cluster_of', 'transform.select', ['clusters'], { columns: ['house_id', 'cluster'] }],
  ['save_clusters', 'sink.csv', ['cluster_of'], { path: 'out/clusters.csv', mode: 'overwrite' }],
  ['predicted', 'transform.select', ['lin'], { columns: ['house_id', 'price', 'price_hat'] }],
  ['save_predicted', 'sink.parquet', ['predicted'], { path: 'out/predictions.parquet' }],
  ['hood_saved', 'model.load', ['houses'], { path: 'data/hood-indexer' }],
  ['save_hood', 'sink.csv', ['hood_saved'], { path: 'out/hood.csv' }],
];

const PORTS: Readonly<Record<string, readonly string[]>> = {
  join: ['left', 'right'], 'transform.union': ['in1', 'in2'],
  'model.linearRegression': ['train', 'score'], 'model.logisticRegression': ['train', 'score'], 'model.kmeans': ['train', 'score'],
  'model.load': ['score'],
};

export function allKindsDocument(): PipelineDocument {
  const nodes: DocumentNode[] = SPECS.map(([id, kind, , params], i) => ({ id, kind, params, position: { x: 200 * (i % 6), y: 120 * Math.floor(i / 6) } }));
  const edges: DocumentEdge[] = SPECS.flatMap(([id, kind, inputs]) => inputs.map((from, i) => {
    const ports = PORTS[kind];
    return { from, to: ports ? `${id}.${ports[i]}` : id };
  }));
  return { version: 1, name: 'all-kinds', settings: { partitions: 2, memoryBudgetMB: 256 }, nodes, edges };
}

/** For each node: the document of that node and every node feeding it, named after it. */
export function perNodeDocuments(doc: PipelineDocument): PipelineDocument[] {
  const { edges } = checkGraph(doc.nodes, doc.edges);
  return doc.nodes.map((target) => {
    const keep = new Set([target.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const e of edges) if (keep.has(e.to.node) && !keep.has(e.from.node)) { keep.add(e.from.node); grew = true; }
    }
    return {
      ...doc, name: `${target.kind} ${target.id}`,
      nodes: doc.nodes.filter((n) => keep.has(n.id)),
      edges: doc.edges.filter((e) => keep.has(e.to.split('.')[0]!)),
    };
  });
}

/** Writes the files the pipeline reads under `dir`/data. */
export function writeAllKindsData(dir: string): void {
  mkdirSync(join(dir, 'data'), { recursive: true });
  copyFileSync(join(GOLDEN_DATA, 'people.csv'), join(dir, 'data/people.csv'));
  copyFileSync(join(GOLDEN_DATA, 'sales.parquet'), join(dir, 'data/sales.parquet'));
  // A StringIndexerModel folder in Spark's format (written by Tributary's saveTo writer) for model.load.
  cpSync(join(import.meta.dirname, 'hood-indexer'), join(dir, 'data/hood-indexer'), { recursive: true });
  const pages = ['home', 'cart', 'search'];
  const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ user: i % 7, page: pages[i % 3], ms: (i * 37) % 500 }));
  writeFileSync(join(dir, 'data/clicks.json'), `${lines.join('\n')}\n`);
}
