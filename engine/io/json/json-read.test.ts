import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readScan, rowsOf, scanOf } from '../scan.test-helper.ts';
import { planJsonParts, readJsonPart } from './json-read.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NDJSON reader', () => {
  it('infers a schema from a sample (widening, nested as JSON text) and reads values', async () => {
    const path = join(dir, 'a.ndjson');
    writeFileSync(path, [
      '{"id": 1, "name": "ä", "score": 1, "ok": true, "d": "2024-01-05", "meta": {"k": [1, 2]}}',
      '',
      '{"id": 2, "name": null, "score": 2.5, "ok": false, "d": null, "extra": "x"}',
      '{"id": 3, "score": null, "big": 9007199254740991}',
    ].join('\n'));
    const scan = await scanOf('json', { path });
    expect(scan.sourceSchema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'id:int32', 'name:string', 'score:float64', 'ok:bool', 'd:date', 'meta:string', 'extra:string', 'big:int64',
    ]);
    expect(rowsOf(await readScan(scan))).toEqual([
      [1, 'ä', 1, true, Date.UTC(2024, 0, 5), '{"k":[1,2]}', null, null],
      [2, null, 2.5, false, null, null, 'x', null],
      [3, null, null, null, null, null, null, 9007199254740991n],
    ]);
  });

  it('names file, line and field for a value of the wrong type, and for invalid JSON', async () => {
    const path = join(dir, 'b.ndjson');
    writeFileSync(path, '{"n": 1}\n{"n": "two"}\n');
    const scan = await scanOf('json', { path });
    expect(scan.sourceSchema.fields[0]!.type).toBe('string'); // widened by the sample
    const strict = { ...scan, schema: { fields: [{ name: 'n', type: 'int32' as const, nullable: true }] } };
    await expect(readScan(strict)).rejects.toThrow(`${path} line 2, field 'n': "two" is not a int32`);
    const broken = join(dir, 'c.ndjson');
    writeFileSync(broken, '{"n": 1}\n{"n": \n');
    await expect(scanOf('json', { path: broken })).rejects.toThrow(/c\.ndjson line 2: invalid JSON/);
  });

  it('byte-range parts split at newlines give the same rows and line numbers', async () => {
    const path = join(dir, 'big.ndjson');
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, s: `row ${i}\nwith newline` }));
    writeFileSync(path, lines.join('\n') + '\n');
    const fields = [{ name: 'i', type: 'int32' as const, nullable: true }, { name: 's', type: 'string' as const, nullable: true }];
    const parts = await planJsonParts([path], 4, 2048);
    expect(parts.length).toBeGreaterThan(3);
    const rows: unknown[][] = [];
    for (const p of parts) {
      const bs = [];
      for await (const b of readJsonPart(p, fields)) bs.push(b);
      rows.push(...rowsOf(bs));
      expect(p.firstLine).toBe((rows[rows.length - bs.reduce((n, b) => n + b.numRows, 0)]![0] as number) + 1);
    }
    expect(rows).toEqual(lines.map((_, i) => [i, `row ${i}\nwith newline`]));
  });
});
