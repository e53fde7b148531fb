// Plan text for `tributary explain`, the studio's plan view and the golden files: one line per
// node, children indented under their consumer, every line naming the document node id. A
// sub-tree used by more than one consumer is printed once; later uses say `-> see [id]`.
// The text is compared by golden tests, so keep it stable: change it only on purpose.

import { isAbsolute, relative } from 'node:path';
import { formatColumnName, formatExpr } from './format-expr.ts';
import { consumerCounts, inputsOf } from './plan.ts';
import type { LogicalPlan, PipelinePlan, SortKey } from './plan.ts';

export interface ExplainOptions {
  /** Paths under this folder print relative to it (golden files stay machine independent). */
  readonly baseDir?: string;
}

function isPipelinePlan(p: PipelinePlan | LogicalPlan): p is PipelinePlan {
  return 'sinks' in p && 'leaves' in p;
}

/** The roots a run computes: the sinks; without sinks, the leaves (nodes nobody consumes). */
export function planRoots(p: PipelinePlan): LogicalPlan[] {
  return p.sinks.length > 0 ? [...p.sinks] : [...p.leaves];
}

function names(cols: readonly string[]): string {
  return `[${cols.map(formatColumnName).join(', ')}]`;
}

function sortKey(k: SortKey): string {
  // Spark's default null order (first ascending, last descending) is left unsaid.
  const nulls = k.nullsFirst === !k.descending ? '' : k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return `${formatColumnName(k.column)}${k.descending ? ' DESC' : ''}${nulls}`;
}

function paramValue(v: unknown): string {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return `[${v.join(', ')}]`;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function pathText(path: unknown, opts: ExplainOptions): string {
  if (typeof path !== 'string') return paramValue(path);
  if (opts.baseDir && isAbsolute(path)) {
    const rel = relative(opts.baseDir, path);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return rel;
  }
  return path;
}

/** The one line describing `p` (without indentation or children). */
export function describeNode(p: LogicalPlan, opts: ExplainOptions = {}): string {
  const id = `[${p.nodeId}]`;
  switch (p.op) {
    case 'scan': {
      const source = p.format === 'sample' ? paramValue(p.options['dataset']) : pathText(p.options['path'], opts);
      const filters = p.filters.length ? ` filters=[${p.filters.map(formatExpr).join(', ')}]` : '';
      return `Scan ${id} ${p.format} ${source} columns=${names(p.columns)}${filters}`;
    }
    case 'filter': return `Filter ${id} ${formatExpr(p.condition)}`;
    case 'project':
      return `Project ${id} ${p.items.map((i) => (i.expr.kind === 'column' && i.expr.name === i.name
        ? formatColumnName(i.name) : `${formatExpr(i.expr)} AS ${formatColumnName(i.name)}`)).join(', ')}`;
    case 'aggregate': {
      const aggs = p.aggregations.map((a) => `${a.fn}(${a.column ? formatColumnName(a.column) : ''}) AS ${formatColumnName(a.as)}`);
      return `Aggregate ${id} group=${names(p.groupBy)}${aggs.length ? ' ' : ''}${aggs.join(', ')}`;
    }
    case 'sort':
      return `Sort ${id} ${p.keys.map(sortKey).join(', ')}${p.limit !== undefined ? ` limit=${p.limit}` : ''}`;
    case 'limit': return `Limit ${id} ${p.count}`;
    case 'distinct': {
      const all = p.columns.length === p.schema.fields.length;
      return `Distinct ${id}${all ? '' : ` on=${names(p.columns)}`}`;
    }
    case 'union': return `Union ${id} ${p.byName ? 'byName' : 'byPosition'}`;
    case 'repartition':
      return `Repartition ${id} ${p.partitions}${p.by.length ? ` by=${names(p.by)}` : ' round-robin'}`;
    case 'join': {
      const on = p.on.map((k) => `${formatColumnName(k.left)} = ${formatColumnName(k.right)}`).join(' and ');
      const strategy = p.chosen
        ? `${p.chosen.strategy}(${p.chosen.buildSide})${p.chosen.reason ? `: ${p.chosen.reason}` : ''}`
        : p.strategy;
      return `Join ${id} ${p.type} on ${on} strategy=${strategy}`;
    }
    case 'empty': return `Empty ${id} columns=${names(p.schema.fields.map((f) => f.name))}`;
    case 'ml': {
      const params = Object.entries(p.params).map(([k, v]) => ` ${k}=${paramValue(v)}`).join('');
      const port = p.port !== 'out' ? ` port=${p.port}` : '';
      return `Ml ${id} ${p.kind}${port}${params}`;
    }
    case 'sink': {
      // Only what differs from the defaults: partitioning and a refusing mode change the outcome.
      const by = p.options['partitionBy'];
      const extra = (Array.isArray(by) && by.length ? ` partitionBy=${names(by as string[])}` : '')
        + (p.options['mode'] === 'error' ? ' mode=error' : '');
      return `Sink ${id} ${p.format} ${pathText(p.options['path'], opts)}${extra}`;
    }
  }
}

export function explainPlan(plan: PipelinePlan | LogicalPlan, opts: ExplainOptions = {}): string {
  const roots = isPipelinePlan(plan) ? planRoots(plan) : [plan];
  const counts = consumerCounts(roots);
  const printed = new Set<LogicalPlan>();
  const lines: string[] = [];
  const visit = (p: LogicalPlan, depth: number): void => {
    const indent = '  '.repeat(depth);
    if (printed.has(p)) {
      lines.push(`${indent}-> see [${p.nodeId}]`);
      return;
    }
    if ((counts.get(p) ?? 0) > 1) printed.add(p);
    lines.push(indent + describeNode(p, opts));
    for (const input of inputsOf(p)) visit(input, depth + 1);
  };
  roots.forEach((r) => visit(r, 0));
  return lines.join('\n');
}
