// Sources, transforms, the join and sinks as DataFrame API calls, one statement per node.

import type { EmitContext } from './emit-context.ts';
import { exportError, sparkExpr } from './emit-context.ts';
import { pyKwargs, pyStr, pyValue } from './python-text.ts';

type Emitter = (ctx: EmitContext) => string[];

const AGGREGATE: Readonly<Record<string, (col: string) => string>> = {
  count: (c) => `F.count(${c})`,
  count_distinct: (c) => `F.count_distinct(${c})`,
  sum: (c) => `F.sum(${c})`,
  avg: (c) => `F.avg(${c})`,
  min: (c) => `F.min(${c})`,
  max: (c) => `F.max(${c})`,
  stddev: (c) => `F.stddev_samp(${c})`,
  variance: (c) => `F.var_samp(${c})`,
  median: (c) => `F.median(${c})`, // exact, as Tributary's (not percentile_approx)
  first: (c) => `F.min_by(${c}, ROW)`, // the value of the first row in source order, null or not
};

const col = (name: string): string => `F.col(${pyStr(name)})`;
const names = (list: readonly string[]): string => list.map(pyStr).join(', ');

function source(ctx: EmitContext): string[] {
  const p = ctx.params;
  const out = ctx.output();
  switch (ctx.node.kind) {
    case 'source.parquet': return [`${out} = spark.read.parquet(${ctx.pathArg('input')})`];
    case 'source.json':
      ctx.need('readJson');
      return [`${out} = read_json(spark, ${ctx.pathArg('input')})`];
    case 'source.csv': {
      ctx.need('readCsv');
      const kwargs = pyKwargs([
        ['header', pyValue(p['header'])], ['sep', pyValue(p['delimiter'])],
        ['types', p['schema'] ? pyValue(p['schema']) : undefined],
        ['null_values', pyValue(p['nullValues'])], ['on_bad_row', pyValue(p['onBadRow'])],
      ]);
      return [`${out} = read_csv(spark, ${ctx.pathArg('input')}, ${kwargs})`];
    }
    case 'source.sample': {
      const dataset = String(p['dataset']);
      ctx.need(dataset === 'events' ? 'sampleEvents' : dataset === 'users' ? 'sampleUsers' : 'sampleHouses');
      const kwargs = pyKwargs([
        ['rows', p['rows'] === undefined ? undefined : pyValue(p['rows'])], ['seed', pyValue(p['seed'])],
        ['users', dataset === 'events' ? pyValue(p['users']) : undefined],
      ]);
      return [`${out} = sample_${dataset}(spark, ${kwargs})`];
    }
  }
  throw exportError(ctx.node, 'is not a known source kind');
}

function sortKey(k: { column: string; descending?: boolean; nullsFirst?: boolean }): string {
  const nullsFirst = k.nullsFirst ?? !k.descending; // Tributary's (and Spark's) default, written out
  return `${col(k.column)}.${k.descending ? 'desc' : 'asc'}_nulls_${nullsFirst ? 'first' : 'last'}()`;
}

type AggSpec = { fn: string; column?: string; as?: string };

function aggregate(ctx: EmitContext, input: string, out: string): string[] {
  const aggs = ctx.params['aggregations'] as AggSpec[];
  const groupBy = (ctx.params['groupBy'] as string[] | undefined) ?? [];
  const exprs = aggs.map((a) => {
    const as = a.as ?? (a.column === undefined ? 'count' : `${a.fn}_${a.column}`);
    const arg = a.column === undefined ? 'F.lit(1)' : pyStr(a.column);
    return `${AGGREGATE[a.fn]!(arg)}.alias(${pyStr(as)})`;
  });
  const usesFirst = aggs.some((a) => a.fn === 'first');
  if (usesFirst) ctx.need('rowOrder');
  const from = usesFirst ? `in_source_order(${input})` : input;
  const grouped = groupBy.length ? `${from}.groupBy(${names(groupBy)})` : from;
  return [`${out} = ${grouped}.agg(`, ...exprs.map((e) => `    ${e},`), ')'];
}

function transform(ctx: EmitContext): string[] {
  const p = ctx.params;
  const input = ctx.input()!;
  const out = ctx.output();
  switch (ctx.node.kind) {
    case 'transform.filter':
      return [`${out} = ${input}.where(F.expr(${pyStr(sparkExpr(ctx, 'condition', String(p['condition'])))}))`];
    case 'transform.select': {
      const cols = (p['columns'] as (string | { column: string; as?: string })[]).map((c) =>
        (typeof c === 'string' ? col(c) : c.as && c.as !== c.column ? `${col(c.column)}.alias(${pyStr(c.as)})` : col(c.column)));
      return [`${out} = ${input}.select(${cols.join(', ')})`];
    }
    case 'transform.derive': {
      // One withColumn per column: each expression sees the columns derived before it.
      const lines = (p['columns'] as { name: string; expr: string }[]).map((c, i) =>
        `    .withColumn(${pyStr(c.name)}, F.expr(${pyStr(sparkExpr(ctx, `columns[${i}].expr`, c.expr))}))`);
      return [`${out} = (${input}`, ...lines, ')'];
    }
    case 'transform.aggregate': return aggregate(ctx, input, out);
    case 'transform.sort': {
      ctx.need('sortStable');
      const keys = (p['keys'] as (string | { column: string; descending?: boolean; nullsFirst?: boolean })[])
        .map((k) => sortKey(typeof k === 'string' ? { column: k } : k));
      return [`${out} = sort_stable(${input}, ${keys.join(', ')})`];
    }
    case 'transform.limit': {
      // After a sort the order is the sort's; elsewhere Tributary keeps the first rows in source order.
      if (ctx.inputNode()?.kind === 'transform.sort') return [`${out} = ${input}.limit(${pyValue(p['count'])})`];
      ctx.need('firstRows');
      return [`${out} = first_rows(${input}, ${pyValue(p['count'])})`];
    }
    case 'transform.distinct': {
      const columns = p['columns'] as string[] | undefined;
      if (!columns) return [`${out} = ${input}.dropDuplicates()`];
      ctx.need('firstPerKey');
      return [`${out} = first_per_key(${input}, [${names(columns)}])`];
    }
    case 'transform.dropNulls': {
      const columns = p['columns'] as string[] | undefined;
      return [`${out} = ${input}.dropna(how="any"${columns ? `, subset=[${names(columns)}]` : ''})`];
    }
    case 'transform.fillNulls':
      ctx.need('fillNulls');
      return [`${out} = fill_nulls(${input}, ${pyValue(p['values'])})`];
    case 'transform.union': {
      const [a, b] = [ctx.input('in1')!, ctx.input('in2')!];
      return [p['byName'] === false ? `${out} = ${a}.union(${b})` : `${out} = ${a}.unionByName(${b})`];
    }
    case 'transform.repartition': {
      const by = (p['by'] as string[] | undefined) ?? [];
      return [`${out} = ${input}.repartition(${[pyValue(p['partitions']), ...by.map(pyStr)].join(', ')})`];
    }
  }
  throw exportError(ctx.node, 'is not a known transform kind');
}

function join(ctx: EmitContext): string[] {
  ctx.need('join');
  const p = ctx.params;
  const on = (p['on'] as { left: string; right: string }[]).map((k) => `(${pyStr(k.left)}, ${pyStr(k.right)})`);
  const strategy = p['strategy'] === 'auto' ? '' : `, strategy=${pyStr(String(p['strategy']))}`;
  return [`${ctx.output()} = join_rows(${ctx.input('left')}, ${ctx.input('right')}, ${pyStr(String(p['type']))}, [${on.join(', ')}]${strategy})`];
}

/** Whether a sink's rows come sorted (a sort, or a limit after one, feeds it). */
function sortedInput(ctx: EmitContext): boolean {
  const from = ctx.inputNode();
  return from?.kind === 'transform.sort' || (from?.kind === 'transform.limit' && ctx.inputNodeOf(from)?.kind === 'transform.sort');
}

function sink(ctx: EmitContext): string[] {
  ctx.need('write');
  const p = ctx.params;
  const input = ctx.input()!;
  const ordered: [string, string | undefined] = ['ordered', sortedInput(ctx) ? 'True' : undefined];
  if (ctx.node.kind === 'sink.parquet') {
    const partitionBy = (p['partitionBy'] as string[] | undefined) ?? [];
    const kwargs = pyKwargs([['compression', pyValue(p['compression'])], ['mode', pyValue(p['mode'])],
      ['partition_by', partitionBy.length ? `[${names(partitionBy)}]` : undefined], ordered]);
    return [`write_parquet(${input}, ${ctx.pathArg('output')}, ${kwargs})`];
  }
  if (ctx.node.kind === 'sink.csv') {
    const kwargs = pyKwargs([['sep', pyValue(p['delimiter'])], ['header', pyValue(p['header'])], ['mode', pyValue(p['mode'])], ordered]);
    return [`write_csv(${input}, ${ctx.pathArg('output')}, ${kwargs})`];
  }
  throw exportError(ctx.node, 'is not a known sink kind');
}

export const RELATIONAL_EMITTERS: Readonly<Record<string, Emitter>> = {
  source, transform, join, sink,
};
