import { describe, expect, it } from 'vitest';
import { CATALOG, kindDef, withDefaults } from './catalog.ts';
import type { ParamDef } from './catalog-types.ts';

// The kinds of docs/pipeline-format.md's table, copied here so a kind dropped from the catalog fails a test.
const CATALOG_MD_KINDS = [
  'source.csv', 'source.parquet', 'source.json', 'source.sample',
  'transform.filter', 'transform.select', 'transform.derive', 'transform.aggregate', 'transform.sort',
  'transform.limit', 'transform.distinct', 'transform.dropNulls', 'transform.fillNulls', 'transform.union',
  'transform.repartition', 'join',
  'feature.imputer', 'feature.vectorAssembler', 'feature.standardScaler', 'feature.minMaxScaler',
  'feature.stringIndexer', 'feature.oneHotEncoder', 'feature.bucketizer', 'feature.split',
  'model.linearRegression', 'model.logisticRegression', 'model.kmeans', 'model.evaluate', 'model.load',
  'sink.parquet', 'sink.csv',
];

function allParams(params: readonly ParamDef[]): ParamDef[] {
  return params.flatMap((p) => [p, ...allParams(p.fields ?? [])]);
}

describe('catalog', () => {
  it('has exactly the kinds of docs/pipeline-format.md, each once', () => {
    expect(CATALOG.map((k) => k.kind).sort()).toEqual([...CATALOG_MD_KINDS].sort());
  });

  it('gives every kind a title, a one-sentence doc and a group matching its prefix', () => {
    for (const k of CATALOG) {
      expect(k.title.length, k.kind).toBeGreaterThan(2);
      expect(k.doc, k.kind).toMatch(/^[A-Z].*\.$/);
      expect(k.doc.slice(0, -1), k.kind).not.toMatch(/\. [A-Z]/);
      expect(k.kind.startsWith(k.group), k.kind).toBe(true);
    }
  });

  it('documents every param, and defaults fit their type', () => {
    for (const k of CATALOG) {
      const names = k.params.map((p) => p.name);
      expect(new Set(names).size, k.kind).toBe(names.length);
      for (const p of allParams(k.params)) {
        expect(p.doc, `${k.kind}.${p.name}`).toMatch(/\.$/);
        if (p.required) expect(p.default, `${k.kind}.${p.name}`).toBeUndefined();
        if (p.type === 'enum') {
          expect(p.options?.length, `${k.kind}.${p.name}`).toBeGreaterThan(1);
          if (p.default !== undefined) expect(p.options).toContain(p.default);
        }
        if (p.default === undefined) continue;
        const t = p.type;
        if (t === 'number') expect(typeof p.default).toBe('number');
        if (t === 'integer') expect(Number.isInteger(p.default)).toBe(true);
        if (t === 'boolean') expect(typeof p.default).toBe('boolean');
        if (t === 'string') expect(typeof p.default).toBe('string');
        if (t === 'columns' || t === 'strings' || t === 'numbers') expect(Array.isArray(p.default)).toBe(true);
        if (t === 'records') expect(p.fields?.length).toBeGreaterThan(0);
      }
    }
  });

  it('declares ports: sources have no input, sinks no output, models an optional score', () => {
    for (const k of CATALOG) {
      if (k.group === 'source') expect(k.inputs).toEqual([]);
      else expect(k.inputs.length, k.kind).toBeGreaterThan(0);
      if (k.group === 'sink') expect(k.outputs).toEqual([]);
      else expect(k.outputs.length, k.kind).toBeGreaterThan(0);
    }
    expect(kindDef('join')!.inputs.map((p) => p.name)).toEqual(['left', 'right']);
    expect(kindDef('transform.union')!.inputs.map((p) => p.name)).toEqual(['in1', 'in2']);
    expect(kindDef('feature.split')!.outputs.map((p) => p.name)).toEqual(['train', 'test']);
    expect(kindDef('model.kmeans')!.inputs).toEqual([
      expect.objectContaining({ name: 'train' }), expect.objectContaining({ name: 'score', optional: true }),
    ]);
  });

  it('has the Spark defaults of docs/pipeline-format.md', () => {
    const defaults = (kind: string) => withDefaults(kindDef(kind)!, {});
    // No default delimiter: the reader detects it (engine/io/csv/csv-sniff.ts).
    expect(defaults('source.csv')).toEqual({ header: true, nullValues: [''], onBadRow: 'fail', encodingErrors: 'error' });
    expect(defaults('model.logisticRegression')).toMatchObject({ threshold: 0.5, maxIter: 100, tol: 1e-6, regParam: 0, featuresCol: 'features' });
    expect(defaults('feature.split')).toEqual({ ratios: [0.8, 0.2], seed: 42 });
    expect(defaults('sink.parquet')).toEqual({ compression: 'snappy', mode: 'overwrite', partitionBy: [] });
    expect(defaults('source.sample')).toEqual({ seed: 42, users: 1000 });
  });

  it('withDefaults keeps given params and does not share default objects', () => {
    const def = kindDef('feature.split')!;
    const a = withDefaults(def, { seed: 7 });
    expect(a).toEqual({ seed: 7, ratios: [0.8, 0.2] });
    (a.ratios as number[]).push(1);
    expect(withDefaults(def, {}).ratios).toEqual([0.8, 0.2]);
  });

  it('finds no unknown kind', () => {
    expect(kindDef('transform.filtr')).toBeUndefined();
  });
});
