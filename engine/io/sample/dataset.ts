// The shape of a built-in sample dataset: its schema, default size, and one generator per column.
// A generator fills rows [start, start + n) from (seed, row index) alone.

import type { Data } from 'apache-arrow';
import type { Field } from '../../types.ts';

export interface SampleParams {
  readonly seed: number;
  /** Total rows of the dataset (generators may use it, e.g. users' id range). */
  readonly rows: number;
  /** events: user_id ranges over 1..users. */
  readonly users: number;
}

export interface SampleDataset {
  readonly name: string;
  readonly fields: readonly Field[];
  readonly defaultRows: number;
  readonly columns: Readonly<Record<string, (p: SampleParams, start: number, n: number) => Data>>;
}

/** A validity bitmap with every bit set (all valid). */
export function allValid(n: number): Uint8Array {
  return new Uint8Array((n + 7) >>> 3).fill(0xff);
}

export function clearBit(bits: Uint8Array, i: number): void {
  bits[i >>> 3]! &= ~(1 << (i & 7));
}
