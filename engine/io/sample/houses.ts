// houses: a regression dataset. price is a known linear function of the other columns plus
// Gaussian noise, so a fitted linear model should recover roughly these coefficients.

import { Dictionary, Float64, Int32, Utf8 } from 'apache-arrow';
import { dictionaryData, fixedData, utf8Dictionary } from '../../compute/arrow-build.ts';
import type { SampleDataset, SampleParams } from './dataset.ts';
import { hashRow, normal, uniform } from './hash.ts';

const NEIGHBORHOODS = ['Riverside', 'Old Town', 'Hillcrest', 'Lakeview', 'Midtown', 'Westfield', 'Harbor', 'Elm Park'];
/** Price premium per neighborhood, added to the linear model. */
const PREMIUM = [40_000, 25_000, 60_000, 80_000, 30_000, 0, 55_000, 10_000];
const NEIGHBORHOOD_TYPE = new Dictionary(new Utf8(), new Int32());
const NEIGHBORHOOD_DICT = utf8Dictionary(NEIGHBORHOODS);

const SALT = { sqft: 21, bedrooms: 22, bathrooms: 23, age: 24, hood: 25, noise: 26 } as const;

// Each column is a pure function of (seed, row); price recomputes its inputs from the same hashes.
function sqft(seed: number, row: number): number {
  return Math.round(500 + 4000 * uniform(seed, SALT.sqft, row));
}
function bedrooms(seed: number, row: number): number {
  return Math.min(6, Math.max(1, Math.round(sqft(seed, row) / 800 + (hashRow(seed, SALT.bedrooms, row) % 3) - 1)));
}
function bathrooms(seed: number, row: number): number {
  return 1 + 0.5 * (hashRow(seed, SALT.bathrooms, row) % 7);
}
function age(seed: number, row: number): number {
  return hashRow(seed, SALT.age, row) % 101;
}
function hood(seed: number, row: number): number {
  return hashRow(seed, SALT.hood, row) % NEIGHBORHOODS.length;
}

export const PRICE_MODEL = { intercept: 50_000, sqft: 150, bedrooms: 10_000, bathrooms: 15_000, age: -800, noiseSd: 20_000 };

function price(seed: number, row: number): number {
  const m = PRICE_MODEL;
  const v = m.intercept + m.sqft * sqft(seed, row) + m.bedrooms * bedrooms(seed, row) +
    m.bathrooms * bathrooms(seed, row) + m.age * age(seed, row) + PREMIUM[hood(seed, row)]! +
    m.noiseSd * normal(seed, SALT.noise, row);
  return Math.round(v * 100) / 100;
}

function floatColumn(f: (seed: number, row: number) => number) {
  return (p: SampleParams, start: number, n: number) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = f(p.seed, start + i);
    return fixedData(new Float64(), v, n);
  };
}
function intColumn(f: (seed: number, row: number) => number) {
  return (p: SampleParams, start: number, n: number) => {
    const v = new Int32Array(n);
    for (let i = 0; i < n; i++) v[i] = f(p.seed, start + i);
    return fixedData(new Int32(), v, n);
  };
}

export const HOUSES: SampleDataset = {
  name: 'houses',
  defaultRows: 1000,
  fields: [
    { name: 'house_id', type: 'int32', nullable: false },
    { name: 'sqft', type: 'float64', nullable: false },
    { name: 'bedrooms', type: 'int32', nullable: false },
    { name: 'bathrooms', type: 'float64', nullable: false },
    { name: 'age', type: 'int32', nullable: false },
    { name: 'neighborhood', type: 'string', nullable: false },
    { name: 'price', type: 'float64', nullable: false },
  ],
  columns: {
    house_id: intColumn((_seed, row) => row + 1),
    sqft: floatColumn(sqft),
    bedrooms: intColumn(bedrooms),
    bathrooms: floatColumn(bathrooms),
    age: intColumn(age),
    neighborhood(p: SampleParams, start: number, n: number) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = hood(p.seed, start + i);
      return dictionaryData(NEIGHBORHOOD_TYPE, NEIGHBORHOOD_DICT, codes, n);
    },
    price: floatColumn(price),
  },
};
