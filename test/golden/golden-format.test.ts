import { describe, expect, it } from 'vitest';
import { compactToDocument, parseAssignments, parseGolden, replaceBodies } from './golden-format.ts';

describe('golden file format', () => {
  it('splits records at blank lines, skipping comments between them', () => {
    const text = '# c\npipeline\na = source.sample dataset=events\n\nexplain --disable prune-columns\nScan [a]\n  x\n\nrows sorted node=a limit=3\nv\n1\n';
    const p = parseGolden('t.golden', text);
    expect(p.records.map((r) => [r.kind, r.line, r.body])).toEqual([
      ['pipeline', 2, ['a = source.sample dataset=events']],
      ['explain', 5, ['Scan [a]', '  x']],
      ['rows', 9, ['v', '1']],
    ]);
    expect(p.records[1]).toMatchObject({ args: ['--disable', 'prune-columns'] });
    expect(p.records[2]).toMatchObject({ sorted: true, node: 'a', limit: 3 });
  });

  it('rejects an unknown section or option, naming file and line', () => {
    expect(() => parseGolden('t.golden', 'pipeline\na = source.sample\n\nexplan\nx\n'))
      .toThrow("t.golden:4: unknown section 'explan': expected pipeline, explain or rows");
    expect(() => parseGolden('t.golden', 'explain --physcal\n')).toThrow("t.golden:1: unknown explain option '--physcal': expected --no-optimize, --physical or --disable RULE");
    expect(() => parseGolden('t.golden', 'rows shuffled\n')).toThrow("t.golden:1: unknown rows option 'shuffled'");
  });

  it('reads key=value pairs with JSON values holding spaces', () => {
    expect(parseAssignments(' condition="amount > 10" on=[{"left": "a", "right": "b"}] rows=5 dataset=events ok=true', () => 'x'))
      .toEqual({ condition: 'amount > 10', on: [{ left: 'a', right: 'b' }], rows: 5, dataset: 'events', ok: true });
    expect(() => parseAssignments('columns=[1, 2', () => 'f:3')).toThrow('f:3: the value of columns is not valid JSON');
  });

  it('turns compact node lines into a document with edges to the ports in catalog order', () => {
    const doc = compactToDocument('x.golden', 1, [
      'settings partitions=2',
      'e = source.sample dataset=events',
      'u = source.sample dataset=users',
      'j = join(e, u) type=inner on=[{"left":"user_id","right":"user_id"}]',
      'f = transform.filter(j) condition="amount > 1"',
    ]);
    expect(doc.settings).toEqual({ partitions: 2 });
    expect(doc.edges).toEqual([{ from: 'e', to: 'j.left' }, { from: 'u', to: 'j.right' }, { from: 'j', to: 'f' }]);
    expect(doc.nodes[3]).toEqual({ id: 'f', kind: 'transform.filter', params: { condition: 'amount > 1' } });
    expect(() => compactToDocument('x.golden', 1, ['f = transform.filtr(j)'])).toThrow("x.golden:2: unknown kind 'transform.filtr'");
    expect(() => compactToDocument('x.golden', 1, ['f = transform.filter(a, b)'])).toThrow(/has 1 input port\(s\) \(in\), got 2/);
  });

  it('replaces bodies in place, keeping comments and other records', () => {
    const text = 'pipeline\na = source.sample dataset=events\n\n# keep\nexplain\nold\nlines\n\nexplain --no-optimize\nsame\n';
    const p = parseGolden('t.golden', text);
    expect(replaceBodies(p, new Map([[1, ['new']]]))).toBe(
      'pipeline\na = source.sample dataset=events\n\n# keep\nexplain\nnew\n\nexplain --no-optimize\nsame\n');
  });
});
