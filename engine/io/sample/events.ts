// events: a click/purchase log. user_id is Zipf-skewed (user 1 is the heaviest) so joins and
// group-bys on it show partition skew; amount is ~5% null.

import { Dictionary, Float64, Int32, Int64, TimeUnit, Timestamp, Utf8 } from 'apache-arrow';
import { dictionaryData, fixedData, utf8Dictionary } from '../../compute/arrow-build.ts';
import { allValid, clearBit, type SampleDataset, type SampleParams } from './dataset.ts';
import { hashRow, uniform, zipfRank } from './hash.ts';

const CATEGORIES = [
  'books', 'electronics', 'toys', 'garden', 'grocery', 'fashion',
  'sports', 'beauty', 'home', 'music', 'automotive', 'health',
];
const CATEGORY_TYPE = new Dictionary(new Utf8(), new Int32());
const CATEGORY_DICT = utf8Dictionary(CATEGORIES);
const ZIPF_EXPONENT = 1.1;
/** 2024-01-01T00:00:00Z in microseconds. */
const TS_BASE_US = Date.UTC(2024, 0, 1) * 1000;
const YEAR_SECONDS = 366 * 24 * 3600;

const SALT = { user: 1, ts: 2, category: 3, amount: 4, amountNull: 5, qty: 6 } as const;

export const EVENTS: SampleDataset = {
  name: 'events',
  defaultRows: 100_000,
  fields: [
    { name: 'event_id', type: 'int64', nullable: false },
    { name: 'user_id', type: 'int32', nullable: false },
    { name: 'ts', type: 'timestamp', nullable: false },
    { name: 'category', type: 'string', nullable: false },
    { name: 'amount', type: 'float64', nullable: true },
    { name: 'qty', type: 'int32', nullable: false },
  ],
  columns: {
    event_id(_p: SampleParams, start: number, n: number) {
      const v = new BigInt64Array(n);
      const w = new Int32Array(v.buffer);
      // Writing the two 32-bit halves avoids a BigInt per row (ids stay below 2^53).
      for (let i = 0; i < n; i++) {
        const id = start + i + 1;
        w[2 * i] = id >>> 0;
        w[2 * i + 1] = Math.floor(id / 4294967296);
      }
      return fixedData(new Int64(), v, n);
    },
    user_id(p: SampleParams, start: number, n: number) {
      const users = Math.max(1, p.users);
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = zipfRank(users, ZIPF_EXPONENT, uniform(p.seed, SALT.user, start + i));
      return fixedData(new Int32(), v, n);
    },
    ts(p: SampleParams, start: number, n: number) {
      const v = new BigInt64Array(n);
      const w = new Int32Array(v.buffer);
      for (let i = 0; i < n; i++) {
        const us = TS_BASE_US + Math.floor(uniform(p.seed, SALT.ts, start + i) * YEAR_SECONDS) * 1_000_000;
        w[2 * i] = us >>> 0;
        w[2 * i + 1] = Math.floor(us / 4294967296);
      }
      return fixedData(new Timestamp(TimeUnit.MICROSECOND, 'UTC'), v, n);
    },
    category(p: SampleParams, start: number, n: number) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        // Squaring the uniform skews towards the first categories, like real traffic.
        const u = uniform(p.seed, SALT.category, start + i);
        codes[i] = Math.floor(u * u * CATEGORIES.length);
      }
      return dictionaryData(CATEGORY_TYPE, CATEGORY_DICT, codes, n);
    },
    amount(p: SampleParams, start: number, n: number) {
      const v = new Float64Array(n);
      const valid = allValid(n);
      for (let i = 0; i < n; i++) {
        const row = start + i;
        if (hashRow(p.seed, SALT.amountNull, row) % 20 === 0) {
          clearBit(valid, i);
          continue;
        }
        const u = uniform(p.seed, SALT.amount, row);
        v[i] = Math.round((1 + 499 * u * u * u) * 100) / 100;
      }
      return fixedData(new Float64(), v, n, valid);
    },
    qty(p: SampleParams, start: number, n: number) {
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = 1 + (hashRow(p.seed, SALT.qty, start + i) % 10);
      return fixedData(new Int32(), v, n);
    },
  },
};
