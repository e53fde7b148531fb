// Value arrays of decoded batches, handed back by a consumer that is done with a batch and kept
// nothing of it (the partial aggregate over a scan: exec/operators/selected.ts), and reused for later batches
// of the same thread: fewer fresh arrays, fewer garbage collections triggered by external memory.
// Only arrays this module handed out are taken back, each once; a batch never handed back is
// simply garbage, as before.

type ValueArray = Int32Array | Float64Array | BigInt64Array | Float32Array;
type ValueCtor = Int32ArrayConstructor | Float64ArrayConstructor | BigInt64ArrayConstructor | Float32ArrayConstructor;

/** Buffers of arrays handed out and not yet taken back. */
const handedOut = new WeakSet<ArrayBufferLike>();
/** Free arrays by type and length. */
const free = new Map<string, ValueArray[]>();
const KEEP_PER_SIZE = 4;

/** Counters for tests: arrays handed out new, and handed out again after a return. */
export const batchMemoryStats = { fresh: 0, reused: 0 };

const keyOf = (ctor: ValueCtor | { name: string }, length: number) => `${ctor.name}:${length}`;

/** A zeroed array of `n` values: a returned one when there is one, else new. */
export function batchArray<C extends ValueCtor>(ctor: C, n: number): InstanceType<C> {
  const list = free.get(keyOf(ctor, n));
  let a = list?.pop() as InstanceType<C> | undefined;
  // Zeroed through its bytes: a BigInt64Array's own fill(0) throws (0 is no BigInt).
  if (a) { new Uint8Array(a.buffer, a.byteOffset, a.byteLength).fill(0); batchMemoryStats.reused++; } else { a = new ctor(n) as InstanceType<C>; batchMemoryStats.fresh++; }
  handedOut.add(a.buffer);
  return a;
}

/** Takes back the value arrays of `columns` (Arrow Data) that batchArray handed out. The caller
 *  promises nothing reads them any more. */
export function returnArrays(columns: readonly { values: unknown }[]): void {
  for (const d of columns) {
    const v = d.values as ValueArray | undefined;
    if (!v || !ArrayBuffer.isView(v) || !handedOut.has(v.buffer) || v.byteOffset !== 0) continue;
    handedOut.delete(v.buffer);
    const key = keyOf(v.constructor as ValueCtor, v.length);
    let list = free.get(key);
    if (!list) free.set(key, (list = []));
    if (list.length < KEEP_PER_SIZE) list.push(v);
  }
}
