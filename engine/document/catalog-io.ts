// Catalog entries of the sources and sinks (docs/pipeline-format.md "Node kinds").

import { kindList } from './catalog-types.ts';
import { IN, NONE, OUT, oneOf, opt, req } from './catalog-params.ts';

export const SOURCE_KINDS = kindList([
  {
    kind: 'source.csv', group: 'source', title: 'CSV file',
    doc: 'Reads a CSV file; column types are inferred from a sample of the file unless a schema is given.',
    inputs: NONE, outputs: OUT,
    params: [
      req('path', 'path', 'The CSV file, relative to the pipeline file.'),
      opt('delimiter', 'string', undefined, 'The single character separating fields; when not set it is detected from the first lines (comma, semicolon, tab or pipe; comma when unsure).'),
      opt('header', 'boolean', true, 'Whether the first line holds the column names (otherwise columns are named _c0, _c1, ...).'),
      opt('schema', 'typeMap', undefined, 'Column types, e.g. { "amount": "float64" }; columns not listed are inferred from a sample.'),
      opt('nullValues', 'strings', [''], 'Field texts read as null (an unquoted empty field is always null).'),
      oneOf('onBadRow', ['fail', 'skip'], 'fail', 'What to do with a row that does not fit the schema: stop the run, or skip the row.'),
      oneOf('encodingErrors', ['error', 'replace'], 'error', 'Bytes that are not UTF-8: stop the run naming the file, line and byte offset, or read each invalid sequence as U+FFFD.'),
    ],
  },
  {
    kind: 'source.parquet', group: 'source', title: 'Parquet file',
    doc: 'Reads Parquet files, only the columns and row groups the pipeline needs.',
    inputs: NONE, outputs: OUT,
    params: [req('path', 'path', 'A Parquet file, a folder of them or a glob such as data/*.parquet, relative to the pipeline file.')],
  },
  {
    kind: 'source.json', group: 'source', title: 'JSON lines file',
    doc: 'Reads newline-delimited JSON (one object per line); column types are inferred from a sample.',
    inputs: NONE, outputs: OUT,
    params: [req('path', 'path', 'The NDJSON file, relative to the pipeline file.')],
  },
  {
    kind: 'source.sample', group: 'source', title: 'Sample data',
    doc: 'Built-in generated data (events, users or houses), the same for the same seed, for trying pipelines out.',
    inputs: NONE, outputs: OUT,
    params: [
      oneOf('dataset', ['events', 'users', 'houses'], undefined,
        'events: purchases (event_id, user_id, ts, category, amount, qty); users: (user_id, name, country, signup_date, age); houses: prices for regression.'),
      opt('rows', 'integer', undefined, 'Number of rows (default: events 100000, users 1000, houses 1000).'),
      opt('seed', 'integer', 42, 'Seed of the generator: the same seed gives the same rows.'),
      opt('users', 'integer', 1000, 'events only: user_id ranges over 1..users, so it joins with a users sample of that many rows.'),
    ],
  },
]);

export const SINK_KINDS = kindList([
  {
    kind: 'sink.parquet', group: 'sink', title: 'Write Parquet',
    doc: 'Writes the rows to a Parquet file, atomically: a failed run leaves no half-written file.',
    inputs: IN, outputs: NONE,
    params: [
      req('path', 'path', 'The output file (or folder when partitionBy is set), relative to the pipeline file.'),
      oneOf('compression', ['snappy', 'zstd', 'none'], 'snappy', 'Compression codec of the column chunks.'),
      oneOf('mode', ['overwrite', 'error'], 'overwrite', 'Replace an existing file, or fail when the file exists.'),
      opt('partitionBy', 'columns', [], 'Write one sub-folder per value of these columns (Hive style col=value).'),
    ],
  },
  {
    kind: 'sink.csv', group: 'sink', title: 'Write CSV',
    doc: 'Writes the rows to a CSV file, atomically; nulls are written as unquoted empty fields.',
    inputs: IN, outputs: NONE,
    params: [
      req('path', 'path', 'The output file, relative to the pipeline file.'),
      opt('delimiter', 'string', ',', 'The single character separating fields.'),
      opt('header', 'boolean', true, 'Whether to write the column names as the first line.'),
      oneOf('mode', ['overwrite', 'error'], 'overwrite', 'Replace an existing file, or fail when the file exists.'),
    ],
  },
]);
