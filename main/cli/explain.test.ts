import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { explainDocument, parseExplainArgs } from './explain.ts';
import { parseDocument } from '../../engine/document/load.ts';

const examplePath = fileURLToPath(new URL('../../assets/examples/revenue-by-country.json', import.meta.url));

async function example() {
  const { document } = parseDocument(JSON.parse(await readFile(examplePath, 'utf8')));
  return document!;
}

describe('tributary explain', () => {
  it('parses its arguments and rejects unknown rules and options', () => {
    expect(parseExplainArgs(['p.json', '--physical', '--disable', 'prune-columns'])).toEqual({
      file: 'p.json', physical: true, optimize: true, disabled: ['prune-columns'],
    });
    expect(parseExplainArgs(['p.json', '--disable', 'prune'])).toMatch(/unknown rule 'prune' for --disable: expected one of .*prune-columns/);
    expect(parseExplainArgs(['p.json', '--fast'])).toBe("unknown option '--fast'");
    expect(parseExplainArgs([])).toBe('missing FILE');
  });

  it('shows the example with the filter below the join and scans reading only needed columns', async () => {
    const out = await explainDocument(await example(), { physical: false, optimize: true, disabled: [] }, dirname(examplePath));
    const optimized = out.text!.split('== Optimized plan ==')[1]!;
    const lines = optimized.trim().split('\n');
    const join = lines.findIndex((l) => l.includes('Join [with_users]'));
    expect(join).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('Filter [big]'))).toBe(false);
    expect(lines[join + 1]).toContain('Scan [events] sample events columns=[user_id, amount] filters=[amount > 10.0]');
    expect(lines[join + 2]).toContain("Scan [users] sample users columns=[user_id, country] filters=[country != 'ZZ']");
    expect(out.text).toContain('Sink [save] parquet output/revenue-by-country.parquet');
  });

  it('leaves the plan alone with --no-optimize and names disabled rules nowhere in rules fired', async () => {
    const plain = await explainDocument(await example(), { physical: false, optimize: false, disabled: [] }, dirname(examplePath));
    expect(plain.text).not.toContain('== Optimized plan ==');
    expect(plain.text).toContain("Filter [big] amount > 10.0 and country != 'ZZ'");
    const noPush = await explainDocument(await example(), { physical: false, optimize: true, disabled: ['push-down-filters'] }, dirname(examplePath));
    expect(noPush.text).toMatch(/rules fired: prune-columns, join-strategy/);
    expect(noPush.text!.split('== Optimized plan ==')[1]).toContain('Filter [big]');
  });

  it('reports document problems instead of a plan', async () => {
    const doc = await example();
    const bad = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'big' ? { ...n, params: { condition: 'amout > 10' } } : n)) };
    const out = await explainDocument(bad, { physical: false, optimize: true, disabled: [] }, dirname(examplePath));
    expect(out.text).toBeUndefined();
    expect(out.issues.map((i) => i.message).join('\n')).toMatch(/amout.*did you mean 'amount'/);
  });
});
