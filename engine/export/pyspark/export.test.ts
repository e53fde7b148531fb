// The exporter's text, without Spark: expressions as Spark SQL, the script's shape (no cluster
// settings in it, a path option per source and sink, build()/parse_args() for a harness), and
// errors that name the node. Whether the scripts compute Tributary's answers is
// test/spark/export-conformance.test.ts's job (on Spark).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineDocument } from '../../document/document-types.ts';
import { PipelineError } from '../../errors.ts';
import { parseExpr } from '../../logical/parse-expr.ts';
import { exportPipeline } from './export.ts';
import { toSparkSql } from './spark-sql.ts';

const sql = (text: string): string => toSparkSql(parseExpr(text));

describe('expressions as Spark SQL', () => {
  it('keeps float literals double and integers integral', () => {
    expect(sql('x * 1.5 + 10')).toBe('x * 1.5D + 10');
    expect(sql('x / 2.0')).toBe('x / 2D');
    expect(sql('y > 3000000000')).toBe('y > 3000000000L');
  });

  it('renames functions Spark spells otherwise and maps type names', () => {
    expect(sql("starts_with(g, 'a') and day(d) = 1")).toBe("startswith(g, 'a') AND dayofmonth(d) = 1");
    expect(sql('cast(x as int64) + pow(y, 2)')).toBe('CAST(x AS BIGINT) + power(y, 2)');
  });

  it('escapes string literals and quotes odd column names', () => {
    expect(sql(String.raw`g = 'it''s \ here'`)).toBe(String.raw`g = 'it\'s \\ here'`);
    expect(sql('"my col" is not null')).toBe('`my col` IS NOT NULL');
  });

  it('keeps the precedence with the parentheses it needs', () => {
    expect(sql('(a + b) * c')).toBe('(a + b) * c');
    expect(sql('not (a or b) and c between 1 and 2')).toBe('NOT (a OR b) AND c BETWEEN 1 AND 2');
    expect(sql('case when x > 0 then -x else x end')).toBe('CASE WHEN x > 0 THEN -x ELSE x END');
  });
});

describe('exportPipeline', () => {
  const example = JSON.parse(readFileSync(join(import.meta.dirname, '../../../assets/examples/revenue-by-country.json'), 'utf8')) as PipelineDocument;

  it('writes no cluster settings: the master comes from --master, SPARK_MASTER or spark-defaults', () => {
    const script = exportPipeline(example);
    expect(script).not.toMatch(/\.master\("(?!local\[\*\])/);
    expect(script).toContain('os.environ.get("SPARK_MASTER")');
    expect(script).toContain('SparkConf().contains("spark.master")');
    expect(script).toMatch(/parser\.add_argument\("--save", dest="save", default=str\(HERE \/ "output\/revenue-by-country\.parquet"\)/);
    expect(script).toMatch(/^def build\(spark, args\):$/m);
    expect(script).toMatch(/^if __name__ == "__main__":$/m);
  });

  it('writes each node as one statement named after it, carrying only the helpers used', () => {
    const script = exportPipeline(example);
    expect(script).toContain("# join 'with_users'");
    expect(script).toContain('with_users = join_rows(events, users, "inner", [("user_id", "user_id")])');
    expect(script).toContain(`big = with_users.where(F.expr("amount > 10 AND country != 'ZZ'"))`);
    expect(script).toContain('def sample_events(');
    expect(script).not.toContain('def sample_houses(');
    expect(script).not.toContain('def split_rows(');
  });

  it('groups stages that only feed each other into one pyspark.ml Pipeline', () => {
    const doc: PipelineDocument = {
      version: 1, name: 'chain',
      nodes: [
        { id: 'src', kind: 'source.parquet', params: { path: 'in.parquet' } },
        { id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'c', outputCol: 'ci' } },
        { id: 'vec', kind: 'feature.vectorAssembler', params: { inputCols: ['ci', 'x'] } },
        { id: 'km', kind: 'model.kmeans', params: { k: 3 } },
        { id: 'out', kind: 'sink.parquet', params: { path: 'out.parquet' } },
      ],
      edges: [{ from: 'src', to: 'idx' }, { from: 'idx', to: 'vec' }, { from: 'vec', to: 'km.train' }, { from: 'km', to: 'out' }],
    };
    const script = exportPipeline(doc);
    expect(script).toContain('from pyspark.ml import Pipeline');
    expect(script).toMatch(/km_model = Pipeline\(stages=\[\n\s+StringIndexer\(.*\n\s+VectorAssembler\(.*\n\s+KMeans\(.*seed=42\),\n\s+\]\)\.fit\(src\)/);
    expect(script).toContain('km = km_model.transform(src)');
  });

  it('exports model.load as the saved class\'s load(path), the folder a path option, then transform', () => {
    const doc: PipelineDocument = {
      version: 1, name: 'scores',
      nodes: [
        { id: 'rows', kind: 'source.parquet', params: { path: 'rows.parquet' } },
        { id: 'scored', kind: 'model.load', params: { path: 'models/logit' } },
        { id: 'out', kind: 'sink.parquet', params: { path: 'scored.parquet' } },
      ],
      edges: [{ from: 'rows', to: 'scored.score' }, { from: 'scored', to: 'out' }],
    };
    const script = exportPipeline(doc);
    expect(script).toContain('scored = load_model(spark, args.scored).transform(rows)');
    expect(script).toMatch(/parser\.add_argument\("--scored", dest="scored", default=str\(HERE \/ "models\/logit"\), help="model folder of model\.load 'scored'"\)/);
    expect(script).toContain('def load_model(spark, path):');
    expect(script).toContain('getattr(importlib.import_module(module), name).load(path)');
    expect(script).not.toContain('def split_rows(');
  });

  it('names the node and param of an expression it cannot read', () => {
    const doc: PipelineDocument = {
      version: 1, name: 'bad',
      nodes: [{ id: 'src', kind: 'source.parquet', params: { path: 'a.parquet' } }, { id: 'f', kind: 'transform.filter', params: { condition: 'x >' } }],
      edges: [{ from: 'src', to: 'f' }],
    };
    expect(() => exportPipeline(doc)).toThrow(PipelineError);
    expect(() => exportPipeline(doc)).toThrow(/transform\.filter 'f' condition: expected/);
  });

  it('refuses an unknown kind and a broken graph with the document issues', () => {
    const doc: PipelineDocument = { version: 1, name: 'x', nodes: [{ id: 'a', kind: 'transform.nope', params: {} }], edges: [] };
    expect(() => exportPipeline(doc)).toThrow(/unknown kind 'transform\.nope' of node 'a'/);
    const loose: PipelineDocument = { version: 1, name: 'x', nodes: [{ id: 'f', kind: 'transform.filter', params: { condition: 'true' } }], edges: [] };
    expect(() => exportPipeline(loose)).toThrow(/input port 'in' of transform\.filter 'f' is not connected/);
  });
});
