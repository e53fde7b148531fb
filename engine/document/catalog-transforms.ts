// Catalog entries of the relational transforms and the join (docs/pipeline-format.md "Node kinds").

import { kindList } from './catalog-types.ts';
import { IN, OUT, oneOf, opt, req } from './catalog-params.ts';

export const AGGREGATE_FNS = [
  'count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'stddev', 'variance', 'median', 'first',
] as const;

export const JOIN_TYPES = ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const;

export const TRANSFORM_KINDS = kindList([
  {
    kind: 'transform.filter', group: 'transform', title: 'Filter',
    doc: 'Keeps the rows for which the condition is true (rows where it is false or null are dropped).',
    inputs: IN, outputs: OUT,
    params: [req('condition', 'expression', "A true/false expression, e.g. amount > 10 and country != 'ZZ'.")],
  },
  {
    kind: 'transform.select', group: 'transform', title: 'Select columns',
    doc: 'Keeps only the listed columns, in the listed order, optionally renaming them.',
    inputs: IN, outputs: OUT,
    params: [req('columns', 'records', 'Column names, or { "column": "amount", "as": "total" } to rename.', {
      shorthand: 'column',
      fields: [
        req('column', 'column', 'An input column.'),
        opt('as', 'string', undefined, 'The output name (default: the column name).'),
      ],
    })],
  },
  {
    kind: 'transform.derive', group: 'transform', title: 'Derive columns',
    doc: 'Adds computed columns, or replaces a column of the same name; each expression sees the columns derived before it.',
    inputs: IN, outputs: OUT,
    params: [req('columns', 'records', 'A list of { "name": "total", "expr": "price * qty" }.', {
      fields: [
        req('name', 'string', 'The name of the new (or replaced) column.'),
        req('expr', 'expression', 'The expression computing it, e.g. round(amount * 1.2, 2).'),
      ],
    })],
  },
  {
    kind: 'transform.aggregate', group: 'transform', title: 'Aggregate',
    doc: 'Groups rows by the groupBy columns and computes one row per group (one row in all without groupBy).',
    inputs: IN, outputs: OUT,
    params: [
      opt('groupBy', 'columns', [], 'The grouping columns; they come first in the output.'),
      req('aggregations', 'records', 'A list of { "fn": "sum", "column": "amount", "as": "revenue" }.', {
        fields: [
          oneOf('fn', AGGREGATE_FNS, undefined,
            'count (rows, or non-null values of column), count_distinct, sum, avg, min, max, stddev and variance (sample, as Spark), median, first.'),
          opt('column', 'column', undefined, 'The input column (optional for count, which then counts rows).'),
          opt('as', 'string', undefined, 'The output name (default: fn_column, or count).'),
        ],
      }),
    ],
  },
  {
    kind: 'transform.sort', group: 'transform', title: 'Sort',
    doc: 'Orders the rows by the keys, the first key first; the sort is stable.',
    inputs: IN, outputs: OUT,
    params: [req('keys', 'records', 'A list of { "column": "revenue", "descending": true }.', {
      shorthand: 'column',
      fields: [
        req('column', 'column', 'The column to sort by.'),
        opt('descending', 'boolean', false, 'Largest first.'),
        opt('nullsFirst', 'boolean', undefined, 'Put nulls first (default as Spark: first when ascending, last when descending).'),
      ],
    })],
  },
  {
    kind: 'transform.limit', group: 'transform', title: 'Limit',
    doc: 'Keeps the first count rows (after a sort: the top rows).',
    inputs: IN, outputs: OUT,
    params: [req('count', 'integer', 'How many rows to keep (0 or more).')],
  },
  {
    kind: 'transform.distinct', group: 'transform', title: 'Distinct',
    doc: 'Removes duplicate rows, comparing the listed columns (all columns when absent); the first row of each group is kept.',
    inputs: IN, outputs: OUT,
    params: [opt('columns', 'columns', undefined, 'The columns that must differ (default: all).')],
  },
  {
    kind: 'transform.dropNulls', group: 'transform', title: 'Drop nulls',
    doc: 'Drops every row with a null in any of the listed columns (all columns when absent).',
    inputs: IN, outputs: OUT,
    params: [opt('columns', 'columns', undefined, 'The columns to check (default: all).')],
  },
  {
    kind: 'transform.fillNulls', group: 'transform', title: 'Fill nulls',
    doc: 'Replaces nulls in the listed columns with a fixed value of the column type.',
    inputs: IN, outputs: OUT,
    params: [req('values', 'valueMap', 'Column -> replacement, e.g. { "amount": 0, "country": "unknown" }; dates as "2024-01-31".')],
  },
  {
    kind: 'transform.union', group: 'transform', title: 'Union',
    doc: 'Appends the rows of in2 to those of in1 (duplicates are kept, as UNION ALL).',
    inputs: [{ name: 'in1', doc: 'the first rows; its column names and order are kept' }, { name: 'in2', doc: 'the rows appended' }],
    outputs: OUT,
    params: [opt('byName', 'boolean', true, 'Match columns by name (both sides need the same names); false matches them by position.')],
  },
  {
    kind: 'transform.repartition', group: 'transform', title: 'Repartition',
    doc: 'Redistributes the rows over a number of partitions, by hash of columns or round-robin.',
    inputs: IN, outputs: OUT,
    params: [
      req('partitions', 'integer', 'The number of partitions (1 or more).'),
      opt('by', 'columns', [], 'Hash these columns (same values, same partition); round-robin when empty.'),
    ],
  },
]);

export const JOIN_KINDS = kindList([
  {
    kind: 'join', group: 'join', title: 'Join',
    doc: 'Combines rows of left and right whose keys are equal; null keys never match.',
    inputs: [{ name: 'left', doc: 'the left rows' }, { name: 'right', doc: 'the right rows' }],
    outputs: OUT,
    params: [
      oneOf('type', JOIN_TYPES, 'inner',
        'inner: matches only; left/right/full also keep unmatched rows of that side with nulls; semi/anti: left rows with / without a match.'),
      req('on', 'records', 'Key pairs, e.g. [{ "left": "user_id", "right": "id" }]; a pair with the same name yields one column.', {
        fields: [
          req('left', 'column', 'The key column of the left input.', { columnsOf: 'left' }),
          req('right', 'column', 'The key column of the right input.', { columnsOf: 'right' }),
        ],
      }),
      oneOf('strategy', ['auto', 'broadcast', 'shuffle'], 'auto',
        'auto: broadcast the smaller side when it is below the threshold, else shuffle both sides by the keys.'),
    ],
  },
]);
