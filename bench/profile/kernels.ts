// Profiling script for the kernels (not a test): single thread, synthetic data shaped like the
// bench's events / users, 64K-row batches. Scenarios:
//   int   filter amount > 10, group by user_id (skewed int32, ~1M groups): sum(amount), count()
//   dict  filter amount > 10, group by category (dictionary string, 12 values): sum(amount), count()
//   str   the same with category as plain UTF-8 strings (as Parquet files read without dictionaries)
//   top   top 100 rows by amount descending (sort + limit over every batch)
//   join  events join users on user_id (10M x 1M, inner), group by country (plain strings, 20
//         values): sum(amount), count()
// Run:  node bench/profile/kernels.ts [int|dict|str|join|top ...] [--rows N] [--repeat N]
//       node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/kernels.ts join

import type { RecordBatch } from 'apache-arrow';
import type { AggregateNode, JoinNode } from '../../engine/logical/plan.ts';
import type { Field, Schema } from '../../engine/types.ts';
import { makeAggregate } from '../../engine/compute/aggregate.ts';
import { makeBatch } from '../../engine/compute/arrow-types.ts';
import type { Col } from '../../engine/compute/column.ts';
import { colToData, plainStrings } from '../../engine/compute/column.ts';
import { bin, col, lit } from '../../engine/compute/expr-builders.ts';
import { filterBatch } from '../../engine/compute/eval-expr.ts';
import { makeJoin } from '../../engine/compute/join.ts';
import { sortBatches } from '../../engine/compute/sort.ts';
import { stringCol } from '../../engine/compute/strings.ts';

const BATCH = 65536;
const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 10_000_000;
const repeatArg = args.indexOf('--repeat');
const REPEAT = repeatArg >= 0 ? Number(args[repeatArg + 1]) : 1;
const USERS = 1_000_000;
const scenarios = args.filter((a, i) => !a.startsWith('--') && (rowsArg < 0 || i !== rowsArg + 1) && (repeatArg < 0 || i !== repeatArg + 1));
const run = scenarios.length ? scenarios : ['int', 'dict', 'str', 'join'];

/** Deterministic uniform in [0, 1) from (salt, i): a murmur-style finalizer. */
function u01(salt: number, i: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1);
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const CATEGORIES = ['books', 'music', 'garden', 'toys', 'games', 'sports', 'beauty', 'home', 'food', 'auto', 'tools', 'baby'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'CN', 'IN', 'BR', 'CA', 'AU', 'ES', 'IT', 'NL', 'SE', 'CH', 'PL', 'MX', 'KR', 'ZA', 'NO'];

const eventFields: Field[] = [
  { name: 'user_id', type: 'int32', nullable: false },
  { name: 'category', type: 'string', nullable: false },
  { name: 'amount', type: 'float64', nullable: true },
  { name: 'qty', type: 'int32', nullable: false },
];
const userFields: Field[] = [
  { name: 'user_id', type: 'int32', nullable: false },
  { name: 'country', type: 'string', nullable: false },
];

function eventBatches(plainCategory = false): RecordBatch[] {
  const out: RecordBatch[] = [];
  const catDict = stringCol(CATEGORIES);
  for (let start = 0; start < ROWS; start += BATCH) {
    const n = Math.min(BATCH, ROWS - start);
    const uid = new Int32Array(n); const cat = new Int32Array(n); const amount = new Float64Array(n);
    const valid = new Uint8Array(n); const qty = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const i = start + j;
      // Skewed: density falls as x^(-1/3), so small ids are common and nearly every id occurs.
      uid[j] = 1 + Math.floor(USERS * u01(11, i) ** 1.5);
      cat[j] = Math.floor(CATEGORIES.length * u01(12, i) ** 2);
      amount[j] = Math.round(u01(13, i) * 20000) / 100;
      valid[j] = u01(14, i) < 0.05 ? 0 : 1;
      qty[j] = 1 + Math.floor(u01(15, i) * 5);
    }
    const cols: Col[] = [
      { type: 'int32', length: n, valid: null, values: uid },
      plainCategory ? plainStrings({ type: 'string', length: n, valid: null, codes: cat, dict: catDict }) : { type: 'string', length: n, valid: null, codes: cat, dict: catDict },
      { type: 'float64', length: n, valid, values: amount },
      { type: 'int32', length: n, valid: null, values: qty },
    ];
    out.push(makeBatch(eventFields, cols.map(colToData), n));
  }
  return out;
}

function userBatches(): RecordBatch[] {
  const out: RecordBatch[] = [];
  const dict = stringCol(COUNTRIES);
  for (let start = 0; start < USERS; start += BATCH) {
    const n = Math.min(BATCH, USERS - start);
    const uid = new Int32Array(n); const c = new Int32Array(n);
    for (let j = 0; j < n; j++) { uid[j] = start + j + 1; c[j] = Math.floor(COUNTRIES.length * u01(21, start + j) ** 2); }
    // Plain strings, as the Parquet reader gives them.
    const cols: Col[] = [{ type: 'int32', length: n, valid: null, values: uid }, plainStrings({ type: 'string', length: n, valid: null, codes: c, dict })];
    out.push(makeBatch(userFields, cols.map(colToData), n));
  }
  return out;
}

function aggNode(key: Field, input: Schema): AggregateNode {
  const fields: Field[] = [key, { name: 'total', type: 'float64', nullable: true }, { name: 'n', type: 'int64', nullable: false }];
  return {
    op: 'aggregate', nodeId: 'agg', schema: { fields }, groupBy: [key.name],
    aggregations: [{ fn: 'sum', column: 'amount', as: 'total' }, { fn: 'count', as: 'n' }],
    input: { op: 'empty', nodeId: 'in', schema: input },
  } as unknown as AggregateNode;
}

const condition = bin('>', col('amount', 'float64'), lit(10, 'float64'), 'bool');

function time<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  console.log(`  ${label.padEnd(28)} ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  return r;
}

/** CPU seconds of this process (user + system): steadier than wall time on a shared machine. */
function cpu(): number { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }

function filterAggregate(events: RecordBatch[], key: Field): void {
  const c0 = cpu();
  const agg = makeAggregate(aggNode(key, { fields: eventFields }), { fields: eventFields });
  const partial = agg.createPartial();
  let filtered = 0;
  const t0 = performance.now();
  let tf = 0;
  for (const b of events) {
    const f0 = performance.now();
    const f = filterBatch(b, condition);
    tf += performance.now() - f0;
    filtered += f.numRows;
    partial.consume(f);
  }
  console.log(`  ${'filter'.padEnd(28)} ${(tf / 1000).toFixed(3)} s (${filtered} rows kept)`);
  console.log(`  ${'filter + partial consume'.padEnd(28)} ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  const parts = time('partial finish', () => partial.finish());
  const final = agg.createFinal();
  const out = time('final consume + finish', () => { for (const p of parts) final.consume(p); return final.finish(); });
  console.log(`  groups: ${out.reduce((s, b) => s + b.numRows, 0)}; total ${((performance.now() - t0) / 1000).toFixed(3)} s wall, ${(cpu() - c0).toFixed(3)} s cpu`);
}

function joinAggregate(events: RecordBatch[], users: RecordBatch[]): void {
  const joinedFields: Field[] = [...eventFields, userFields[1]!];
  const node = {
    op: 'join', nodeId: 'j', type: 'inner', on: [{ left: 'user_id', right: 'user_id' }], strategy: 'auto',
    schema: { fields: joinedFields },
  } as unknown as JoinNode;
  const join = makeJoin(node, { fields: eventFields }, { fields: userFields });
  const key = userFields[1]!;
  const agg = makeAggregate(aggNode(key, { fields: joinedFields }), { fields: joinedFields });
  const partial = agg.createPartial();
  const t0 = performance.now(); const c0 = cpu();
  const table = time('build (1M users)', () => join.build(users, 'right'));
  let rows = 0; let tp = 0;
  const t1 = performance.now();
  for (const b of events) {
    const p0 = performance.now();
    const j = join.probe(table, b);
    tp += performance.now() - p0;
    rows += j.numRows;
    partial.consume(j);
  }
  console.log(`  ${'probe'.padEnd(28)} ${(tp / 1000).toFixed(3)} s (${rows} rows out)`);
  console.log(`  ${'probe + partial consume'.padEnd(28)} ${((performance.now() - t1) / 1000).toFixed(3)} s`);
  const parts = partial.finish();
  const final = agg.createFinal();
  for (const p of parts) final.consume(p);
  const out = final.finish();
  console.log(`  groups: ${out.reduce((s, b) => s + b.numRows, 0)}; total ${((performance.now() - t0) / 1000).toFixed(3)} s wall, ${(cpu() - c0).toFixed(3)} s cpu`);
}

const g0 = performance.now();
const events = run.some((s) => s !== 'str') ? eventBatches() : [];
const plainEvents = run.includes('str') ? eventBatches(true) : [];
const users = run.includes('join') ? userBatches() : [];
console.log(`data: ${ROWS} events, ${users.length ? USERS : 0} users in ${((performance.now() - g0) / 1000).toFixed(2)} s`);
for (const s of run) for (let rep = 0; rep < REPEAT; rep++) {
  console.log(`scenario ${s}${REPEAT > 1 ? ` (run ${rep + 1} of ${REPEAT})` : ''}`);
  if (s === 'int') filterAggregate(events, eventFields[0]!);
  else if (s === 'dict') filterAggregate(events, eventFields[1]!);
  else if (s === 'str') filterAggregate(plainEvents, eventFields[1]!);
  else if (s === 'join') joinAggregate(events, users);
  else if (s === 'top') {
    const c0 = cpu(); const t0 = performance.now();
    const out = sortBatches(events, [{ column: 'amount', descending: true, nullsFirst: false }], 100);
    console.log(`  rows: ${out.numRows}; total ${((performance.now() - t0) / 1000).toFixed(3)} s wall, ${(cpu() - c0).toFixed(3)} s cpu`);
  }
  else throw new Error(`unknown scenario '${s}': expected int, dict, str, join or top`);
}
