// The physical plan as text: one block per stage (its partitions and how its output leaves it),
// its operators indented as a tree with their node ids. Shown by `tributary explain --physical`
// and the studio; checked by golden tests, so it is deterministic.

import type { PhysicalPlan, PhysOp, Stage, StageOutput } from './physical-types.ts';
import { childrenOf } from './physical-types.ts';
import { formatExpr } from '../logical/format-expr.ts';
import { isAbsolute, relative } from 'node:path';

export interface ExplainPhysicalOptions {
  /** Written paths under this folder print relative to it (golden files stay machine independent). */
  readonly baseDir?: string;
}

export function explainPhysical(plan: PhysicalPlan, opts: ExplainPhysicalOptions = {}): string {
  const lines: string[] = [];
  for (const stage of plan.stages) {
    lines.push(`Stage ${stage.id} [${plural(stage.partitions, 'partition')}]${stage.inMain ? ' (main thread)' : ''} -> ${exchangeText(stage)}`);
    writeOp(stage.root, 1, lines, plan, opts);
  }
  return lines.join('\n');
}

/** `Exchange hash(country) 2 -> 2`, `Broadcast`, `Gather 2 -> 1`, ... */
export function exchangeText(stage: Stage): string {
  const out: StageOutput = stage.output;
  switch (out.kind) {
    case 'hash': return `Exchange hash(${out.keys.join(', ')}) ${stage.partitions} -> ${out.partitions}`;
    case 'round-robin': return `Exchange round-robin ${stage.partitions} -> ${out.partitions}`;
    case 'gather': return `Gather ${stage.partitions} -> 1`;
    case 'broadcast': return 'Broadcast';
    case 'forward': return `Forward ${stage.partitions} -> ${stage.partitions}`;
    case 'result': return out.keep !== undefined ? `Result (first ${out.keep} rows per partition)` : 'Result';
    case 'discard': return 'Count';
    case 'sink': return 'Write';
  }
}

/** What the events' StageInfo.exchange says: 'hash(user_id)', 'broadcast', 'single', ... */
export function exchangeLabel(out: StageOutput): string {
  switch (out.kind) {
    case 'hash': return `hash(${out.keys.join(',')})`;
    case 'gather': return 'single';
    default: return out.kind;
  }
}

function writeOp(op: PhysOp, depth: number, lines: string[], plan: PhysicalPlan, opts: ExplainPhysicalOptions): void {
  lines.push(`${'  '.repeat(depth)}${opText(op, plan, opts)}`);
  for (const c of childrenOf(op)) writeOp(c, depth + 1, lines, plan, opts);
}

function pathText(path: unknown, opts: ExplainPhysicalOptions): string {
  const text = String(path ?? '');
  if (opts.baseDir && isAbsolute(text)) {
    const rel = relative(opts.baseDir, text);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return rel;
  }
  return text;
}

export function opText(op: PhysOp, plan?: PhysicalPlan, opts: ExplainPhysicalOptions = {}): string {
  const id = `[${op.nodeId}]`;
  switch (op.kind) {
    case 'scan': {
      const filters = op.scan.filters.length > 0 ? ` filters: ${op.scan.filters.map(formatExpr).join(' and ')}` : '';
      return `Scan ${id} ${op.scan.format} columns: ${op.scan.columns.join(', ')}${filters}`;
    }
    case 'read': {
      const from = plan?.stages[op.fromStage];
      const how = from ? exchangeText(from) : `stage ${op.fromStage}`;
      return `Read ${id} stage ${op.fromStage} (${op.mode === 'all' ? 'Broadcast' : how})`;
    }
    case 'empty': return `Empty ${id}`;
    case 'filter': return `Filter ${id} ${formatExpr(op.condition)}`;
    case 'project': {
      const items = op.items.map((i) => (i.expr.kind === 'column' && i.expr.name === i.name ? i.name : `${i.name} = ${formatExpr(i.expr)}`));
      return `Project ${id} ${items.join(', ')}`;
    }
    case 'limit': return `Limit ${id} ${op.count}${op.final ? '' : ' (per partition)'}`;
    case 'union': return `Union ${id}${op.byName ? ' by name' : ' by position'}`;
    case 'aggregate': {
      const keys = op.node.groupBy.length > 0 ? ` by ${op.node.groupBy.join(', ')}` : '';
      return `Aggregate ${id} ${op.phase}${keys}: ${op.node.aggregations.map((a) => `${a.fn}(${a.column ?? ''}) as ${a.as}`).join(', ')}`;
    }
    case 'distinct': return `Distinct ${id} ${op.phase} on ${op.columns.join(', ')}`;
    case 'sort': return `Sort ${id} ${keysText(op.keys)}${op.limit !== undefined ? ` top ${op.limit}` : ''}${op.final ? '' : ' (per partition)'}`;
    case 'merge': return `MergeSorted ${id} ${keysText(op.keys)}${op.limit !== undefined ? ` top ${op.limit}` : ''}`;
    case 'join': {
      const on = op.node.on.map((k) => `${k.left} = ${k.right}`).join(' and ');
      return `Join ${id} ${op.node.type} ${op.strategy} build=${op.buildSide} on ${on}`;
    }
    case 'sink': return `Write ${id} ${op.format} ${pathText(op.options['path'], opts)}`;
    case 'mlFit': return op.phase === 'partial'
      ? `Fit ${id} ${op.stage.kind} partial (statistics per partition)`
      : `Fit ${id} ${op.stage.kind} final (one row: the fitted model)`;
    case 'mlApply': {
      const port = op.port !== 'out' ? ` port=${op.port}` : '';
      return `Apply ${id} ${op.stage.kind}${port}${op.model ? ' with the fitted model' : ''}`;
    }
    case 'mlMetric': return `Metric ${id} ${op.metric} of the fitted model`;
  }
}

function keysText(keys: readonly { column: string; descending: boolean }[]): string {
  return keys.map((k) => `${k.column}${k.descending ? ' desc' : ''}`).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
