// Why a stage is skewed, in words. Two causes look alike in the row counts and need different
// fixes: an input-split imbalance (a scan stage whose files give fewer splits than partitions,
// e.g. one Parquet row group read whole by one partition) and key skew (a hash exchange that sent
// one hot key's rows to one partition). A stage whose median partition is empty says so.

import { basename } from 'node:path';
import type { SourceSplit } from '../../io/splits.ts';
import type { PartitionMetrics, SkewCause, Spread } from '../events.ts';
import type { HotKey } from '../key-sampler.ts';
import type { PhysOp, ReadOp, ScanOp } from '../../physical/physical-types.ts';
import { formatCount } from './format-count.ts';

/** Where a stage's rows come from: source splits (a scan stage) or an exchange it reads. */
export type StageInput =
  | { readonly kind: 'scan'; readonly sources: readonly ScanLayout[] }
  | { readonly kind: 'hash'; readonly keys: readonly string[] }
  | { readonly kind: 'other' };

export interface ScanLayout {
  readonly nodeId: string;
  /** Per partition: how many splits it was given. */
  readonly splitsPerPartition: readonly number[];
  readonly files: readonly { readonly file: string; readonly rowGroups?: number; readonly splits: number }[];
}

/** The layout of one scan's splits over the partitions (from the executor's assignment). */
export function scanLayout(nodeId: string, perPartition: readonly (readonly SourceSplit[])[]): ScanLayout {
  const files = new Map<string, { file: string; rowGroups?: number; splits: number }>();
  for (const splits of perPartition) {
    for (const s of splits) {
      const part = s.part as { file?: unknown; rowGroups?: unknown };
      const file = typeof part.file === 'string' ? part.file : `${s.format} source`;
      const f = files.get(file) ?? { file, splits: 0 };
      f.splits++;
      if (Array.isArray(part.rowGroups)) f.rowGroups = (f.rowGroups ?? 0) + part.rowGroups.length;
      files.set(file, f);
    }
  }
  return { nodeId, splitsPerPartition: perPartition.map((s) => s.length), files: [...files.values()] };
}

const pct = (part: number, whole: number): string => `${whole > 0 ? Math.round((100 * part) / whole) : 0}%`;

/** "the median partition holds 1,234 rows" or, when it is 0, how many partitions are empty. */
export function medianWords(rows: Spread, parts: readonly PartitionMetrics[]): string {
  if (rows.median > 0) return `the median partition holds ${formatCount(rows.median)} rows`;
  const empty = parts.filter((p) => p.rowsIn === 0).length;
  return `the median partition holds no rows (${empty} of ${parts.length} partitions are empty)`;
}

export function skewCause(
  skewed: readonly number[], parts: readonly PartitionMetrics[], rows: Spread, input: StageInput,
  hotKeys: ReadonlyMap<number, HotKey>, factor: number,
): SkewCause | undefined {
  if (skewed.length === 0) return undefined;
  const total = parts.reduce((n, p) => n + p.rowsIn, 0);
  const big = parts.filter((p) => skewed.includes(p.partition)).sort((a, b) => b.rowsIn - a.rowsIn);
  const held = big.map((p) => `partition ${p.partition} holds ${formatCount(p.rowsIn)} rows (${pct(p.rowsIn, total)} of the stage)`).join(', ');
  const over = `over ${factor}x the median: ${medianWords(rows, parts)}`;
  if (input.kind === 'scan') return inputImbalance(held, over, input.sources, parts.length);
  if (input.kind === 'hash') {
    const keyed = big.flatMap((p) => {
      const h = hotKeys.get(p.partition);
      if (!h) return [];
      const all = [{ value: h.value, share: h.share }, ...(h.next ?? [])];
      return all.filter((k, i) => i === 0 || k.share >= 0.2)
        .map((k) => ({ column: h.column, value: k.value, share: k.share, stageShare: total > 0 ? (k.share * p.rowsIn) / total : 0, partition: p.partition }));
    });
    const dominant = keyed.filter((k) => k.share >= 0.5);
    if (dominant.length > 0) {
      const names = dominant.map((k) => `${k.column} = ${k.value} (${pct(k.share, 1)} of partition ${k.partition}, about ${pct(k.stageShare, 1)} of the stage)`).join('; ');
      return {
        kind: 'key', hotKeys: keyed,
        message: `key skew: ${held}, ${over}; the hot key${dominant.length > 1 ? 's are' : ' is'} ${names}`,
        fix: 'broadcast the small side of a join, let the engine split the skewed join partition (skewMitigation, on by default), ' +
          'or pre-aggregate on the key plus a salt',
      };
    }
    const top = keyed[0];
    return {
      kind: 'key', hotKeys: keyed,
      message: `key skew over several keys: ${held}, ${over}; no single key dominates it` +
        `${top ? ` (the most frequent, ${top.column} = ${top.value}, is ${pct(top.share, 1)} of it)` : ''}: several frequent keys hash to the same partition`,
      fix: 'use more partitions, or a finer key',
    };
  }
  return {
    kind: 'uneven', message: `${held}, ${over}; its rows come from the previous stage unevenly (not a hash of a key)`,
    fix: 'add a transform.repartition (round-robin) before this stage',
  };
}

function inputImbalance(held: string, over: string, sources: readonly ScanLayout[], partitions: number): SkewCause {
  const idle = Math.min(...sources.map((s) => s.splitsPerPartition.filter((n) => n === 0).length));
  const files = sources.flatMap((s) => s.files);
  const described = sources.map((s) => {
    const list = s.files.slice(0, 3).map((f) => `${basename(f.file)}${f.rowGroups !== undefined ? ` has ${f.rowGroups} row group${f.rowGroups === 1 ? '' : 's'}` : ` gives ${f.splits} split${f.splits === 1 ? '' : 's'}`}`);
    const more = s.files.length > 3 ? ` and ${s.files.length - 3} more files` : '';
    return `source '${s.nodeId}' reads ${s.files.length} file${s.files.length === 1 ? '' : 's'} (${list.join(', ')}${more})`;
  }).join('; ');
  const unit = files.some((f) => f.rowGroups !== undefined) ? 'a row group is the smallest part one partition reads' : 'a split is the smallest part one partition reads';
  const first = sources[0]?.nodeId ?? 'the source';
  return {
    kind: 'input-splits', files: files.map((f) => ({ file: f.file, splits: f.splits, ...(f.rowGroups !== undefined ? { rowGroups: f.rowGroups } : {}) })),
    message: `input-split imbalance, not key skew: ${held}, ${over}; ${described}; ${unit}, so ` +
      `${idle} of ${partitions} partitions read nothing`,
    fix: `${files.some((f) => f.rowGroups !== undefined) ? `write the Parquet file${files.length === 1 ? '' : 's'} with smaller row groups (at least ${partitions} in all), ` : ''}` +
      `split the input into more files, or add a transform.repartition (round-robin) after '${first}'`,
  };
}

/** What feeds a stage's partitions: its scans' splits, or the hash exchange it reads. */
export function stageInput(ops: readonly PhysOp[], splits: readonly Readonly<Record<number, readonly SourceSplit[]>>[]): StageInput {
  const scans = ops.filter((o): o is ScanOp => o.kind === 'scan');
  if (scans.length > 0) {
    return { kind: 'scan', sources: scans.map((op) => scanLayout(op.nodeId, splits.map((p) => p[op.id] ?? []))) };
  }
  const hashed = ops.find((o): o is ReadOp => o.kind === 'read' && o.mode === 'partition' && (o.sampleKeys?.length ?? 0) > 0);
  return hashed ? { kind: 'hash', keys: hashed.sampleKeys! } : { kind: 'other' };
}
