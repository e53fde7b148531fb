// The differential cases: a pipeline fragment over the `facts` / `dims` sources, the node whose
// output is compared, and the same query in DuckDB SQL.

import type { DocumentEdge, DocumentNode } from '../../engine/document/document-types.ts';

export interface DiffCase {
  readonly name: string;
  readonly nodes: DocumentNode[];
  readonly edges: DocumentEdge[];
  readonly output: string;
  readonly sql: string;
  readonly ordered?: boolean;
}

const FACT_COLS = 'id, k, g, x, y, d, flag';

function chain(name: string, steps: { kind: string; params: Record<string, unknown> }[], sql: string, ordered = false): DiffCase {
  const nodes = steps.map((s, i) => ({ id: `n${i}`, kind: s.kind, params: s.params }));
  const edges = nodes.map((n, i) => ({ from: i === 0 ? 'facts' : `n${i - 1}`, to: n.id }));
  return { name, nodes, edges, output: `n${steps.length - 1}`, sql, ordered };
}

const filter = (condition: string) => ({ kind: 'transform.filter', params: { condition } });

export const SINGLE_INPUT_CASES: DiffCase[] = [
  chain('filter with and / !=', [filter("x > 10 and g != 'b'")], "SELECT * FROM facts WHERE x > 10 AND g != 'b'"),
  chain('filter with or / is null / in', [filter("x is null or y in (1, 2, 3) or g = ''")], "SELECT * FROM facts WHERE x IS NULL OR y IN (1, 2, 3) OR g = ''"),
  chain('derive', [{ kind: 'transform.derive', params: { columns: [{ name: 'z', expr: 'x * 2 + y' }, { name: 'gl', expr: 'upper(g)' }] } }],
    'SELECT *, x * 2 + y AS z, upper(g) AS gl FROM facts'),
  chain('select with rename', [{ kind: 'transform.select', params: { columns: ['g', { column: 'x', as: 'xx' }] } }], 'SELECT g, x AS xx FROM facts'),
  chain('aggregate by a string key, every function', [{ kind: 'transform.aggregate', params: { groupBy: ['g'], aggregations: [
    { fn: 'count', as: 'n' }, { fn: 'count', column: 'x', as: 'nx' }, { fn: 'sum', column: 'x', as: 'sx' }, { fn: 'sum', column: 'y', as: 'sy' },
    { fn: 'avg', column: 'x', as: 'ax' }, { fn: 'min', column: 'y', as: 'miny' }, { fn: 'max', column: 'x', as: 'maxx' },
    { fn: 'count_distinct', column: 'y', as: 'dy' }, { fn: 'stddev', column: 'x', as: 'sdx' }, { fn: 'variance', column: 'y', as: 'vy' },
    { fn: 'median', column: 'x', as: 'mx' }, { fn: 'min', column: 'd', as: 'mind' }, { fn: 'max', column: 'g', as: 'maxg' },
  ] } }], `SELECT g, count(*) AS n, count(x) AS nx, sum(x) AS sx, sum(y) AS sy, avg(x) AS ax, min(y) AS miny, max(x) AS maxx,
    count(DISTINCT y) AS dy, stddev_samp(x) AS sdx, var_samp(y) AS vy, median(x) AS mx, min(d) AS mind, max(g) AS maxg FROM facts GROUP BY g`),
  chain('aggregate by two nullable keys', [{ kind: 'transform.aggregate', params: { groupBy: ['k', 'flag'], aggregations: [
    { fn: 'count', as: 'n' }, { fn: 'sum', column: 'x', as: 'sx' }] } }],
  'SELECT k, flag, count(*) AS n, sum(x) AS sx FROM facts GROUP BY k, flag'),
  chain('aggregate first() keeps the first row in source order, nulls included', [{ kind: 'transform.aggregate', params: { groupBy: ['g'], aggregations: [
    { fn: 'first', column: 'x', as: 'fx' }, { fn: 'first', column: 'd', as: 'fd' }, { fn: 'count_distinct', column: 'g', as: 'dg' }] } }],
  'SELECT g, first(x ORDER BY id) AS fx, first(d ORDER BY id) AS fd, count(DISTINCT g) AS dg FROM facts GROUP BY g'),
  chain('sort on a date, a bool and a key', [{ kind: 'transform.sort', params: { keys: [{ column: 'd', descending: true }, { column: 'flag' }, { column: 'id' }] } }],
    `SELECT ${FACT_COLS} FROM facts ORDER BY d DESC NULLS LAST, flag ASC NULLS FIRST, id ASC`, true),
  chain('global aggregate', [{ kind: 'transform.aggregate', params: { groupBy: [], aggregations: [
    { fn: 'count', as: 'n' }, { fn: 'sum', column: 'x', as: 'sx' }, { fn: 'avg', column: 'y', as: 'ay' }] } }],
  'SELECT count(*) AS n, sum(x) AS sx, avg(y) AS ay FROM facts'),
  chain('aggregate over nothing', [filter('x > 1000000'), { kind: 'transform.aggregate', params: { groupBy: [], aggregations: [
    { fn: 'count', as: 'n' }, { fn: 'sum', column: 'x', as: 'sx' }] } }],
  'SELECT count(*) AS n, sum(x) AS sx FROM facts WHERE x > 1000000'),
  chain('sort descending with nulls last, ties by id', [{ kind: 'transform.sort', params: { keys: [{ column: 'x', descending: true }, { column: 'id' }] } }],
    `SELECT ${FACT_COLS} FROM facts ORDER BY x DESC NULLS LAST, id ASC`, true),
  chain('sort a string with nulls first', [{ kind: 'transform.sort', params: { keys: [{ column: 'g', nullsFirst: true }, { column: 'id', descending: true }] } }],
    `SELECT ${FACT_COLS} FROM facts ORDER BY g ASC NULLS FIRST, id DESC`, true),
  chain('top-k (sort + limit)', [{ kind: 'transform.sort', params: { keys: [{ column: 'x', descending: true }, { column: 'id' }] } }, { kind: 'transform.limit', params: { count: 15 } }],
    `SELECT ${FACT_COLS} FROM facts ORDER BY x DESC NULLS LAST, id ASC LIMIT 15`, true),
  chain('limit keeps the first rows in source order', [{ kind: 'transform.limit', params: { count: 25 } }], `SELECT ${FACT_COLS} FROM facts ORDER BY id LIMIT 25`, true),
  chain('distinct on all columns', [{ kind: 'transform.select', params: { columns: ['g', 'k'] } }, { kind: 'transform.distinct', params: {} }],
    'SELECT DISTINCT g, k FROM facts'),
  chain('distinct on some columns keeps the first row', [{ kind: 'transform.distinct', params: { columns: ['g'] } }],
    `SELECT ${FACT_COLS} FROM facts QUALIFY row_number() OVER (PARTITION BY g ORDER BY id) = 1`),
  chain('dropNulls', [{ kind: 'transform.dropNulls', params: { columns: ['x', 'g'] } }], 'SELECT * FROM facts WHERE x IS NOT NULL AND g IS NOT NULL'),
  chain('fillNulls', [{ kind: 'transform.fillNulls', params: { values: { y: 0, g: 'none' } } }],
    "SELECT id, k, coalesce(g, 'none') AS g, x, coalesce(y, 0) AS y, d, flag FROM facts"),
  chain('repartition by key, then aggregate', [{ kind: 'transform.repartition', params: { partitions: 3, by: ['k'] } },
    { kind: 'transform.aggregate', params: { groupBy: ['k'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'max', column: 'x', as: 'mx' }] } }],
  'SELECT k, count(*) AS n, max(x) AS mx FROM facts GROUP BY k'),
  chain('repartition round-robin', [{ kind: 'transform.repartition', params: { partitions: 3 } }], 'SELECT * FROM facts'),
  {
    name: 'union by name',
    nodes: [
      { id: 'a', kind: 'transform.filter', params: { condition: 'x > 100' } },
      { id: 'b', kind: 'transform.filter', params: { condition: 'y < 0' } },
      { id: 'u', kind: 'transform.union', params: { byName: true } },
    ],
    edges: [{ from: 'facts', to: 'a' }, { from: 'facts', to: 'b' }, { from: 'a', to: 'u.in1' }, { from: 'b', to: 'u.in2' }],
    output: 'u',
    sql: 'SELECT * FROM facts WHERE x > 100 UNION ALL SELECT * FROM facts WHERE y < 0',
  },
];

const JOIN_SQL: Record<string, string> = {
  inner: 'SELECT f.id, f.k, f.g, f.x, f.y, f.d, f.flag, d.name, d.x AS x_right FROM facts f JOIN dims d ON f.k = d.k',
  left: 'SELECT f.id, f.k, f.g, f.x, f.y, f.d, f.flag, d.name, d.x AS x_right FROM facts f LEFT JOIN dims d ON f.k = d.k',
  right: 'SELECT f.id, coalesce(f.k, d.k) AS k, f.g, f.x, f.y, f.d, f.flag, d.name, d.x AS x_right FROM facts f RIGHT JOIN dims d ON f.k = d.k',
  full: 'SELECT f.id, coalesce(f.k, d.k) AS k, f.g, f.x, f.y, f.d, f.flag, d.name, d.x AS x_right FROM facts f FULL JOIN dims d ON f.k = d.k',
  semi: 'SELECT * FROM facts f WHERE EXISTS (SELECT 1 FROM dims d WHERE d.k = f.k)',
  anti: 'SELECT * FROM facts f WHERE NOT EXISTS (SELECT 1 FROM dims d WHERE d.k = f.k)',
};

export const JOIN_CASES: DiffCase[] = Object.entries(JOIN_SQL).flatMap(([type, sql]) =>
  (type === 'full' ? ['shuffle'] : ['broadcast', 'shuffle']).map((strategy) => ({
    name: `${type} join, ${strategy}`,
    nodes: [{ id: 'j', kind: 'join', params: { type, strategy, on: [{ left: 'k', right: 'k' }] } }],
    edges: [{ from: 'facts', to: 'j.left' }, { from: 'dims', to: 'j.right' }],
    output: 'j',
    sql,
  })));

export const COMPOSITE_CASES: DiffCase[] = [{
  name: 'union of a one-partition branch (limit) and a partitioned one',
  nodes: [
    { id: 'first10', kind: 'transform.limit', params: { count: 10 } },
    { id: 'neg', kind: 'transform.filter', params: { condition: 'y < 0' } },
    { id: 'u', kind: 'transform.union', params: {} },
  ],
  edges: [{ from: 'facts', to: 'first10' }, { from: 'facts', to: 'neg' }, { from: 'first10', to: 'u.in1' }, { from: 'neg', to: 'u.in2' }],
  output: 'u',
  sql: '(SELECT * FROM facts ORDER BY id LIMIT 10) UNION ALL SELECT * FROM facts WHERE y < 0',
}, {
  name: 'self-union of a shared node',
  nodes: [
    { id: 'some', kind: 'transform.filter', params: { condition: "g != 'a'" } },
    { id: 'u', kind: 'transform.union', params: {} },
  ],
  edges: [{ from: 'facts', to: 'some' }, { from: 'some', to: 'u.in1' }, { from: 'some', to: 'u.in2' }],
  output: 'u',
  sql: "SELECT * FROM facts WHERE g != 'a' UNION ALL SELECT * FROM facts WHERE g != 'a'",
}, {
  name: 'self-join of a shared node (computed once, read twice)',
  nodes: [
    { id: 'some', kind: 'transform.filter', params: { condition: 'y > 0' } },
    { id: 'j', kind: 'join', params: { type: 'inner', strategy: 'shuffle', on: [{ left: 'id', right: 'id' }] } },
  ],
  edges: [{ from: 'facts', to: 'some' }, { from: 'some', to: 'j.left' }, { from: 'some', to: 'j.right' }],
  output: 'j',
  sql: `SELECT a.id, a.k, a.g, a.x, a.y, a.d, a.flag, b.k AS k_right, b.g AS g_right, b.x AS x_right, b.y AS y_right, b.d AS d_right,
        b.flag AS flag_right FROM facts a JOIN facts b ON a.id = b.id WHERE a.y > 0 AND b.y > 0`,
}, {
  // From Parquet, g is a dictionary column whose batches share their row group's dictionary:
  // keys the filter removed must not come back as empty groups.
  name: 'filter on the key, then aggregate by it',
  nodes: [
    { id: 'some', kind: 'transform.filter', params: { condition: "g = 'é' or (g = 'b' and y > 12)" } },
    { id: 'a', kind: 'transform.aggregate', params: { groupBy: ['g'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'y', as: 'sy' }] } },
  ],
  edges: [{ from: 'facts', to: 'some' }, { from: 'some', to: 'a' }],
  output: 'a',
  sql: "SELECT g, count(*) AS n, sum(y) AS sy FROM facts WHERE g = 'é' OR (g = 'b' AND y > 12) GROUP BY g",
}, {
  name: 'filter on the key, then distinct and a semi join by it',
  nodes: [
    { id: 'some', kind: 'transform.filter', params: { condition: "g = '' or y > 13" } },
    { id: 'gs', kind: 'transform.select', params: { columns: ['g'] } },
    { id: 'd', kind: 'transform.distinct', params: {} },
    { id: 'j', kind: 'join', params: { type: 'semi', strategy: 'shuffle', on: [{ left: 'g', right: 'g' }] } },
  ],
  edges: [{ from: 'facts', to: 'some' }, { from: 'some', to: 'gs' }, { from: 'gs', to: 'd' }, { from: 'facts', to: 'j.left' }, { from: 'd', to: 'j.right' }],
  output: 'j',
  sql: "SELECT * FROM facts WHERE g IN (SELECT DISTINCT g FROM facts WHERE g = '' OR y > 13)",
}, {
  name: 'join, filter, aggregate, sort',
  nodes: [
    { id: 'j', kind: 'join', params: { type: 'inner', on: [{ left: 'k', right: 'k' }] } },
    { id: 'f', kind: 'transform.filter', params: { condition: 'x > 0' } },
    { id: 'a', kind: 'transform.aggregate', params: { groupBy: ['name'], aggregations: [{ fn: 'sum', column: 'x', as: 'sx' }, { fn: 'count', as: 'n' }] } },
    { id: 's', kind: 'transform.sort', params: { keys: [{ column: 'n', descending: true }, { column: 'name' }] } },
  ],
  edges: [{ from: 'facts', to: 'j.left' }, { from: 'dims', to: 'j.right' }, { from: 'j', to: 'f' }, { from: 'f', to: 'a' }, { from: 'a', to: 's' }],
  output: 's',
  sql: `SELECT d.name, sum(f.x) AS sx, count(*) AS n FROM facts f JOIN dims d ON f.k = d.k WHERE f.x > 0
        GROUP BY d.name ORDER BY n DESC NULLS LAST, d.name ASC NULLS FIRST`,
  ordered: true,
}];
