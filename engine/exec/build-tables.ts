// The warm engine's built join tables, kept between previews (docs/preview-first-rows.md). A
// preview of a join's probe side, or of anything downstream of it, stops at its first rows: what
// is left of its time is reading the build side and building its hash table (for the bench's 1M
// users about two thirds of 230 ms). The studio previews the same join again and again while the
// user edits what comes after it, so the engine keeps the table and skips both next time.
//
// A table is found by a key over what it is made of: the join (its keys, types and sides) and the
// build side's whole operator tree down to its sources, with each source file's size and
// modification time, so an edited pipeline or a rewritten file finds nothing and builds afresh.
// Only previews that run in this thread use the cache (a worker's table would have to come back
// across threads), only joins whose probing leaves the table as it is (no build rows to mark as
// matched), and only sources that are one plain file each. The cache holds at most its byte cap
// (least recently used tables go first).

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { JoinTable } from '../compute/join.ts';
import type { JoinOp, PhysOp, PhysicalPlan } from '../physical/physical-types.ts';
import { opsOf } from '../physical/physical-types.ts';

/** What the cache holds at most by default (the studio's previews, all tables together). */
export const BUILD_TABLE_CACHE_BYTES = 256 << 20;

export class BuildTableCache {
  private readonly entries = new Map<string, { readonly table: JoinTable; readonly bytes: number }>();
  private held = 0;
  /** Tables found and tables built for the cache (tests and the bench read them). */
  hits = 0;
  stored = 0;
  readonly capBytes: number;

  constructor(capBytes = BUILD_TABLE_CACHE_BYTES) {
    this.capBytes = capBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): JoinTable | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.table;
  }

  /** Keeps `table` (about `bytes` in memory) unless it alone is over the cap; evicts the least
   *  recently used tables until it fits. */
  set(key: string, table: JoinTable, bytes: number): void {
    if (bytes > this.capBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.held -= old.bytes;
      this.entries.delete(key);
    }
    for (const [k, e] of this.entries) {
      if (this.held + bytes <= this.capBytes) break;
      this.entries.delete(k);
      this.held -= e.bytes;
    }
    this.entries.set(key, { table, bytes });
    this.held += bytes;
    this.stored++;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}

/** A run's view of the cache: the key of each cacheable join (by op id), and the tables this run
 *  counts on (pinned when the executor skips a build side's stage, so that no eviction in between
 *  can leave a join with neither its table nor its input). */
export class BuildTables {
  private readonly cache: BuildTableCache;
  private readonly keys: ReadonlyMap<number, string>;
  private readonly pinned = new Map<number, JoinTable>();

  constructor(cache: BuildTableCache, keys: ReadonlyMap<number, string>) {
    this.cache = cache;
    this.keys = keys;
  }

  /** Whether join `opId`'s table may be cached (a key was made for it). */
  cacheable(opId: number): boolean {
    return this.keys.has(opId);
  }

  /** Holds join `opId`'s cached table for this run; false when there is none. */
  pin(opId: number): boolean {
    if (this.pinned.has(opId)) return true;
    const key = this.keys.get(opId);
    const table = key === undefined ? undefined : this.cache.get(key);
    if (table) this.pinned.set(opId, table);
    return table !== undefined;
  }

  /** Join `opId`'s table: pinned, or found in the cache now. */
  table(opId: number): JoinTable | undefined {
    const pinned = this.pinned.get(opId);
    if (pinned) return pinned;
    const key = this.keys.get(opId);
    return key === undefined ? undefined : this.cache.get(key);
  }

  keep(opId: number, table: JoinTable, bytes: number): void {
    const key = this.keys.get(opId);
    if (key !== undefined) this.cache.set(key, table, bytes);
  }
}

/** Whether probing `op`'s table leaves it unchanged: no unmatched build rows to emit, and no
 *  build row marked as matched (right / full joins built on their preserved side; semi and anti
 *  joins built on the left keep build rows). */
export function cacheableJoin(op: JoinOp): boolean {
  if (op.emitUnmatched) return false;
  const type = op.node.type;
  if (type === 'full' || type === op.buildSide) return false;
  return !((type === 'semi' || type === 'anti') && op.buildSide === 'left');
}

/** The key of every cacheable join in `plan` whose build side reads only single files (or no
 *  files); joins without a key are built as usual. */
export async function buildTableKeys(plan: PhysicalPlan): Promise<Map<number, string>> {
  const keys = new Map<number, string>();
  for (const stage of plan.stages) {
    for (const op of opsOf(stage.root)) {
      if (op.kind !== 'join' || !cacheableJoin(op)) continue;
      const files: string[] = [];
      const tree = describe(op.build, plan, files);
      const identities = await fileIdentities(files);
      if (!identities) continue;
      // What the table depends on: the join's type, keys and both sides' columns (the key types
      // are common to both), the build side's tree and its files; not the probe side's plan.
      const { type, on, left, right } = op.node;
      const join = { type, on, left: left.schema.fields, right: right.schema.fields, buildSide: op.buildSide };
      const text = JSON.stringify({ join, build: tree, files: identities }, replacer);
      keys.set(op.id, createHash('sha256').update(text).digest('hex'));
    }
  }
  return keys;
}

/** The operator tree under `op` as data: a read of an earlier stage stands for that stage's tree
 *  (op ids, numbered per compile, and size estimates are left out by `replacer`). Source paths go
 *  to `files`. */
function describe(op: PhysOp, plan: PhysicalPlan, files: string[]): unknown {
  if (op.kind === 'read') {
    const from = plan.stages[op.fromStage]!;
    return { read: op.mode, output: from.output, partitions: from.partitions, stage: describe(from.root, plan, files) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(op)) {
    if (isOp(v)) out[k] = describe(v, plan, files);
    else if (Array.isArray(v) && v.length > 0 && v.every(isOp)) out[k] = v.map((x: PhysOp) => describe(x, plan, files));
    else out[k] = v;
  }
  if (op.kind === 'scan') {
    const path = op.scan.options['path'];
    if (typeof path === 'string') files.push(path);
  }
  return out;
}

function isOp(v: unknown): v is PhysOp {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string' && typeof (v as { id?: unknown }).id === 'number' && 'nodeId' in v;
}

/** Size and modification time of each file; undefined when one is not a plain file (a glob, a
 *  folder of parts, a missing file): such a build is not cached. */
async function fileIdentities(paths: readonly string[]): Promise<string[] | undefined> {
  const out: string[] = [];
  for (const p of paths) {
    if (/[*?[]/.test(p)) return undefined;
    try {
      const s = await stat(p);
      if (!s.isFile()) return undefined;
      out.push(`${p}:${s.size}:${s.mtimeMs}`);
    } catch {
      return undefined;
    }
  }
  return out;
}

/** Op ids and size estimates vary between compiles of the same tree (a filter added downstream
 *  changes the estimates): left out. BigInt literals are written as text. */
function replacer(key: string, value: unknown): unknown {
  if (key === 'id' || key === 'estimate') return undefined;
  return typeof value === 'bigint' ? `${value}n` : value;
}
