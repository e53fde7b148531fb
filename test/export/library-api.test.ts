// The library API: each builder call is one document node, checked at the call with the engine's
// messages; validate() finds what needs the schemas; run() is Engine.run with its events.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError, count, desc, pipeline, sum, type RunEvent } from '../../lib/index.ts';

function thrown(f: () => unknown): PipelineError {
  try {
    f();
  } catch (e) {
    if (e instanceof PipelineError) return e;
    throw e;
  }
  throw new Error('expected a PipelineError');
}

describe('pipeline builder', () => {
  it('maps each call onto one document node and edge, with generated ids where none is given', () => {
    const p = pipeline('t', { partitions: 3 });
    const events = p.sample('events', { rows: 10 });
    const users = p.sample('users', { rows: 5, id: 'people' });
    const joined = events.join(users, { on: 'user_id', type: 'left' });
    const split = joined.filter('amount > 1').randomSplit({ ratios: [0.5, 0.5] });
    split.test.union(split.train).writeCsv('out/x.csv');
    const doc = p.toDocument();
    expect(doc.settings).toEqual({ partitions: 3 });
    expect(doc.nodes.map((n) => `${n.id}:${n.kind}`)).toEqual([
      'sample:source.sample', 'people:source.sample', 'join:join', 'filter:transform.filter',
      'split:feature.split', 'union:transform.union', 'csv:sink.csv',
    ]);
    expect(doc.nodes[2]!.params).toEqual({ type: 'left', on: [{ left: 'user_id', right: 'user_id' }] });
    expect(doc.edges).toEqual([
      { from: 'sample', to: 'join.left' }, { from: 'people', to: 'join.right' }, { from: 'join', to: 'filter' },
      { from: 'filter', to: 'split' }, { from: 'split.test', to: 'union.in1' }, { from: 'split.train', to: 'union.in2' },
      { from: 'union', to: 'csv' },
    ]);
  });

  it('reports a syntax error in an expression at the call, as buildPlan words it', () => {
    const p = pipeline('t');
    const e = thrown(() => p.sample('events').filter('amount >', { id: 'big' }));
    expect(e.issues[0]).toMatchObject({ nodeId: 'big', param: 'condition', span: { start: 8, end: 8 } });
    expect(e.message).toBe("expected a value, column or function at 8, found end of expression (in transform.filter 'big')");
    const derive = thrown(() => p.sample('events', { id: 'e2' }).derive([{ name: 'z', expr: '1 +* 2' }], { id: 'd' }));
    expect(derive.issues[0]!.param).toBe('columns[0].expr');
  });

  it('reports unknown and bad params, duplicate ids and frames of another pipeline', () => {
    const p = pipeline('t');
    const events = p.sample('events', { id: 'events' });
    expect(thrown(() => events.limit('ten' as never)).message).toContain("param 'count' of transform.limit 'limit'");
    expect(thrown(() => events.writeCsv('x.csv', { delimter: ';' } as never)).message).toContain("unknown param 'delimter' of sink.csv 'csv': did you mean 'delimiter'?");
    expect(thrown(() => p.sample('users', { id: 'events' })).message).toContain("duplicate node id 'events'");
    const other = pipeline('o').sample('users');
    expect(thrown(() => events.join(other, { on: 'user_id' })).message).toContain('comes from another pipeline');
    expect(p.toDocument().nodes).toHaveLength(1); // failed calls add nothing
  });

  it('validate() finds unknown columns with the closest name', async () => {
    const p = pipeline('t');
    p.sample('events').filter('amout > 1', { id: 'big' }).writeCsv('x.csv');
    const issues = await p.validate();
    expect(issues.map((i) => i.message)).toEqual(["unknown column 'amout' in transform.filter 'big': did you mean 'amount'?"]);
  });
});

describe('pipeline run', () => {
  it('runs on the engine, resolving paths against baseDir, with the engine events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-lib-'));
    try {
      const p = pipeline('t', { baseDir: dir, partitions: 2 });
      const events = p.sample('events', { rows: 5000, seed: 3 });
      events.groupBy('category').agg([sum('qty').as('units'), count().as('n')], { id: 'by_cat' })
        .sort(desc('units')).writeCsv('out/by-cat.csv', { id: 'save' });
      const seen: RunEvent['type'][] = [];
      const result = await p.run({ partitions: 3, memoryBudgetMB: 64, onEvent: (e) => seen.push(e.type) });
      expect(result.status).toBe('COMPLETED');
      expect(result.outputs).toEqual([{ nodeId: 'save', path: join(dir, 'out/by-cat.csv'), rows: expect.any(Number) }]);
      expect(seen[0]).toBe('run.started');
      expect(seen.at(-1)).toBe('run.finished');
      expect(seen).toContain('stage.finished');
      const lines = readFileSync(join(dir, 'out/by-cat.csv'), 'utf8').trim().split('\n');
      expect(lines[0]).toBe('category,units,n');
      const n = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0);
      expect(n).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws a PipelineError with every issue when the pipeline cannot start', async () => {
    const p = pipeline('t');
    p.sample('users').select(['nme', 'agee']).writeCsv('x.csv');
    await expect(p.run()).rejects.toThrow(/unknown column 'nme'.*\n.*unknown column 'agee'/);
  });
});
