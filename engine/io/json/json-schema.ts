// Schema of an NDJSON source from a bounded sample: columns in order of first appearance,
// each with the widest type of its sampled values (see json-values.ts).

import { open, stat } from 'node:fs/promises';
import type { SizeEstimate } from '../../logical/plan.ts';
import type { DataType, Field, Schema } from '../../types.ts';
import { expandPath, sourcePath } from '../paths.ts';
import { jsonTypeOf, widen } from './json-values.ts';

const SAMPLE_BYTES = 1 << 20;
const SAMPLE_RECORDS = 10_000;

export async function inferJsonSchema(options: Readonly<Record<string, unknown>>): Promise<{ schema: Schema; estimate: SizeEstimate }> {
  const files = await expandPath(sourcePath(options, 'json'), 'json');
  let totalBytes = 0;
  for (const f of files) totalBytes += (await stat(f)).size;
  const file = files[0]!;
  const fh = await open(file, 'r');
  let text: string;
  let whole: boolean;
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    whole = bytesRead >= size;
    text = buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
  const lines = text.split('\n');
  if (!whole) lines.pop(); // the last line may be cut off by the sample bound
  const types = new Map<string, DataType | undefined>();
  let records = 0;
  let sampledBytes = 0;
  for (let i = 0; i < lines.length && records < SAMPLE_RECORDS; i++) {
    const line = lines[i]!;
    sampledBytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file} line ${i + 1}: invalid JSON (${(e as Error).message}); a JSON source needs one JSON object per line`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new Error(`${file} line ${i + 1}: expected a JSON object per line, found ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}`);
    }
    records++;
    for (const [k, v] of Object.entries(obj)) types.set(k, widen(types.get(k), jsonTypeOf(v)));
  }
  if (types.size === 0) throw new Error(`${file} holds no JSON objects in its first lines; a JSON source needs one object per line`);
  const fields: Field[] = [...types].map(([name, t]) => ({ name, type: t ?? 'string', nullable: true }));
  const rows = sampledBytes > 0 ? Math.round((totalBytes / Math.min(sampledBytes, totalBytes)) * records) : 0;
  return { schema: { fields }, estimate: { rows, bytes: totalBytes, source: 'file-size' } };
}
