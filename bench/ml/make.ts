// The ML scale measurement of issue 14 ("ML that scales like the rest"): a Parquet file of ROWS
// rows with 10 numeric features (about 5% nulls each), a continuous label y, a binary label and a
// 3-class label, and one pipeline per fit: imputer -> assembler -> scaler -> model -> evaluate ->
// CSV. Usage: node bench/ml/make.ts ROWS DIR  (then: /usr/bin/time -v node out/main/cli.js run
// DIR/linear.json; see docs/ml-over-partitions.md). spark_fit.py times Spark's fit on the same file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = resolve(process.argv[3] ?? 'bench/ml/data');
mkdirSync(dir, { recursive: true });
const features = Array.from({ length: 10 }, (_, i) => `f${i}`);

const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await db.connect();
await conn.run('SELECT setseed(0.42)');
// Features: correlated Gaussians-ish (sums of uniforms) on different scales, 5% nulls each.
const raw = features.map((f, i) => `(random() + random() + random() - 1.5) * ${i + 1} + ${i} AS ${f}_raw`).join(', ');
const nulled = features.map((f, i) => `CASE WHEN hash(id, ${i}) % 20 = 0 THEN NULL ELSE ${f}_raw END AS ${f}`).join(', ');
const score = features.map((f, i) => `${((i % 3) - 1) * 0.7 + 0.1 * i} * ${f}_raw / ${i + 1}`).join(' + ');
await conn.run(`COPY (
  SELECT id, ${nulled},
    ${score} + (random() - 0.5) * 2 AS y,
    CASE WHEN ${score} + (random() - 0.5) * 2 > 0 THEN 1.0 ELSE 0.0 END AS big,
    CASE WHEN ${score} + (random() - 0.5) * 2 > 0.8 THEN 2.0 WHEN ${score} + (random() - 0.5) * 2 > -0.8 THEN 1.0 ELSE 0.0 END AS cls
  FROM (SELECT id, ${raw} FROM range(${rows}) t(id))
) TO '${join(dir, 'ml.parquet')}' (FORMAT parquet)`);
conn.closeSync();

const model = {
  linear: { kind: 'model.linearRegression', params: { featuresCol: 'scaled', labelCol: 'y' } },
  logistic: { kind: 'model.logisticRegression', params: { featuresCol: 'scaled', labelCol: 'big' } },
  multinomial: { kind: 'model.logisticRegression', params: { featuresCol: 'scaled', labelCol: 'cls' } },
  kmeans: { kind: 'model.kmeans', params: { featuresCol: 'scaled', k: 5 } },
} as const;
const metric = { linear: ['rmse', 'y'], logistic: ['areaUnderROC', 'big'], multinomial: ['accuracy', 'cls'], kmeans: undefined } as const;
for (const [name, m] of Object.entries(model)) {
  const ev = metric[name as keyof typeof metric];
  const doc = {
    version: 1, name: `ml-${name}`,
    nodes: [
      { id: 'src', kind: 'source.parquet', params: { path: 'ml.parquet' } },
      { id: 'imp', kind: 'feature.imputer', params: { inputCols: features } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: features } },
      { id: 'sc', kind: 'feature.standardScaler', params: { inputCol: 'features', outputCol: 'scaled' } },
      { id: 'm', ...m },
      ev ? { id: 'ev', kind: 'model.evaluate', params: { metric: ev[0], labelCol: ev[1], predictionCol: name === 'logistic' ? 'probability' : 'prediction' } }
        : { id: 'ev', kind: 'transform.aggregate', params: { groupBy: ['prediction'], aggregations: [{ fn: 'count', as: 'n' }] } },
      { id: 'out', kind: 'sink.csv', params: { path: `out-${name}.csv` } },
    ],
    edges: [['src', 'imp'], ['imp', 'asm'], ['asm', 'sc'], ['sc', 'm.train'], ['m', 'ev'], ['ev', 'out']].map(([from, to]) => ({ from, to })),
  };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc, null, 2));
}
console.log(`${rows} rows and pipelines in ${dir}`);
