// A child process for put-in-place.test.ts: writes a CSV output `count` times with mode
// overwrite (each version `rows` rows of its version number), prints "ready" after the first
// one, and creates the file `done` after the last. Usage: node overwrite-loop.test-helper.ts PATH COUNT DONE

import { writeFileSync } from 'node:fs';
import { Int32 } from 'apache-arrow';
import { fixedData, makeBatch } from '../compute/arrow-build.ts';
import { writeTableFile } from './write.ts';

const [path, count, done] = process.argv.slice(2) as [string, string, string];
const rows = 2000;

async function writeVersion(v: number): Promise<void> {
  const values = new Int32Array(rows).fill(v);
  const batch = makeBatch(['v'], [fixedData(new Int32(), values, rows)], rows);
  await writeTableFile('csv', [batch], { fields: [{ name: 'v', type: 'int32', nullable: true }] }, { path, mode: 'overwrite' });
}

await writeVersion(0);
console.log('ready');
for (let v = 1; v <= Number(count); v++) await writeVersion(v);
writeFileSync(done, '');
