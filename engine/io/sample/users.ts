// users: one row per user id 1..rows. name is a plain Utf8 column (high cardinality);
// country is Dictionary<Utf8> over 20 ISO codes with a skewed distribution; age ~4% null.

import { DateDay, Dictionary, Int32, Utf8 } from 'apache-arrow';
import { dictionaryData, fixedData, utf8Data, utf8Dictionary } from '../../compute/arrow-build.ts';
import { allValid, clearBit, type SampleDataset, type SampleParams } from './dataset.ts';
import { hashRow, searchCdf, uniform } from './hash.ts';

const FIRST = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'John',
  'Radia', 'Tim', 'Hedy', 'Edsger', 'Katherine', 'Donald', 'Sophie', 'Niklaus', 'Karen', 'Guido',
  'Zoë', 'José', 'Björn', 'Ingrid', 'Łukasz', 'Mei', 'Hiroshi', 'Aiyana', 'Chloé', 'Dmitri',
];
const LAST = [
  'Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen',
  'McCarthy', 'Perlman', 'Berners-Lee', 'Lamarr', 'Dijkstra', 'Johnson', 'Knuth', 'Wilson', 'Wirth',
  'Spärck Jones', 'van Rossum', 'Müller', 'García', 'Øster', 'Nakamura', 'Kowalski', 'Smith',
];
const COUNTRIES = [
  'US', 'DE', 'GB', 'FR', 'IN', 'BR', 'JP', 'CA', 'ES', 'IT',
  'NL', 'SE', 'PL', 'MX', 'AU', 'KR', 'CH', 'NO', 'NZ', 'ZA',
];
const COUNTRY_TYPE = new Dictionary(new Utf8(), new Int32());
const COUNTRY_DICT = utf8Dictionary(COUNTRIES);
/** Weight 1/(rank^0.8): the US is most common, South Africa least. */
const COUNTRY_CDF = (() => {
  const w = COUNTRIES.map((_, i) => 1 / Math.pow(i + 1, 0.8));
  const total = w.reduce((a, b) => a + b, 0);
  const cdf = new Float64Array(w.length);
  let acc = 0;
  w.forEach((x, i) => { acc += x; cdf[i] = acc / total; });
  cdf[cdf.length - 1] = 1;
  return cdf;
})();

const enc = new TextEncoder();
const FIRST_BYTES = FIRST.map((s) => enc.encode(s));
const LAST_BYTES = LAST.map((s) => enc.encode(s));
const MAX_NAME = Math.max(...FIRST_BYTES.map((b) => b.length)) + 1 + Math.max(...LAST_BYTES.map((b) => b.length));
/** 2018-01-01 as days since the epoch; signups spread over 7 years. */
const SIGNUP_BASE_DAY = Date.UTC(2018, 0, 1) / 86_400_000;
const SIGNUP_SPAN_DAYS = 7 * 365;

const SALT = { first: 11, last: 12, country: 13, signup: 14, age: 15, ageNull: 16 } as const;

export const USERS: SampleDataset = {
  name: 'users',
  defaultRows: 1000,
  fields: [
    { name: 'user_id', type: 'int32', nullable: false },
    { name: 'name', type: 'string', nullable: false },
    { name: 'country', type: 'string', nullable: false },
    { name: 'signup_date', type: 'date', nullable: false },
    { name: 'age', type: 'int32', nullable: true },
  ],
  columns: {
    user_id(_p: SampleParams, start: number, n: number) {
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = start + i + 1;
      return fixedData(new Int32(), v, n);
    },
    name(p: SampleParams, start: number, n: number) {
      const offsets = new Int32Array(n + 1);
      const bytes = new Uint8Array(n * MAX_NAME);
      let pos = 0;
      for (let i = 0; i < n; i++) {
        const f = FIRST_BYTES[hashRow(p.seed, SALT.first, start + i) % FIRST.length]!;
        const l = LAST_BYTES[hashRow(p.seed, SALT.last, start + i) % LAST.length]!;
        bytes.set(f, pos);
        pos += f.length;
        bytes[pos++] = 0x20;
        bytes.set(l, pos);
        pos += l.length;
        offsets[i + 1] = pos;
      }
      return utf8Data(offsets, bytes.slice(0, pos), n);
    },
    country(p: SampleParams, start: number, n: number) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = searchCdf(COUNTRY_CDF, uniform(p.seed, SALT.country, start + i));
      return dictionaryData(COUNTRY_TYPE, COUNTRY_DICT, codes, n);
    },
    signup_date(p: SampleParams, start: number, n: number) {
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        v[i] = SIGNUP_BASE_DAY + Math.floor(uniform(p.seed, SALT.signup, start + i) * SIGNUP_SPAN_DAYS);
      }
      return fixedData(new DateDay(), v, n);
    },
    age(p: SampleParams, start: number, n: number) {
      const v = new Int32Array(n);
      const valid = allValid(n);
      for (let i = 0; i < n; i++) {
        if (hashRow(p.seed, SALT.ageNull, start + i) % 25 === 0) clearBit(valid, i);
        else v[i] = 18 + (hashRow(p.seed, SALT.age, start + i) % 63);
      }
      return fixedData(new Int32(), v, n, valid);
    },
  },
};
