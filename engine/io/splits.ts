// Source splits: the unit of scan work handed to a worker. planSplits cuts a scan into parts
// (sample row ranges, Parquet row groups, CSV / NDJSON byte ranges); readSplit streams one
// part's batches with exactly the scan's columns, typed per the scan's schema.

import type { RecordBatch } from 'apache-arrow';
import type { ScanFormat, ScanNode } from '../logical/plan.ts';
import type { Field } from '../types.ts';
import { csvOptions } from './csv/csv-options.ts';
import { type CsvPart, readCsvPart } from './csv/csv-read.ts';
import { planCsvParts } from './csv/csv-splits.ts';
import { type JsonPart, planJsonParts, readJsonPart } from './json/json-read.ts';
import { planParquetParts, readParquetPart, type ParquetPart } from './parquet/read.ts';
import { readFooter } from './parquet/footer.ts';
import { expandPath, sourcePath } from './paths.ts';
import { generateSample, sampleParams } from './sample/sample.ts';
import { sourcePrefix } from './source-prefix.ts';

export interface SourceSplit {
  readonly format: ScanFormat;
  readonly options: Readonly<Record<string, unknown>>;
  /** Format-specific and plain data (JSON- and structured-clone-safe). */
  readonly part: unknown;
}

/** Sample splits never exceed this many rows, so big datasets spread over the pool. */
const MAX_SAMPLE_SPLIT_ROWS = 2_000_000;

interface RowRange { readonly start: number; readonly end: number }

/** `prefixRows`: only the source's first rows up to that cap (io/source-prefix.ts), for a
 *  preview's fast path. */
export async function planSplits(scan: ScanNode, partitions: number, prefixRows?: number): Promise<SourceSplit[]> {
  const parts = Math.max(1, Math.floor(partitions));
  const make = (part: unknown): SourceSplit => ({ format: scan.format, options: scan.options, part });
  const prefix = prefixRows === undefined ? undefined : await sourcePrefix(scan, prefixRows);
  switch (scan.format) {
    case 'sample': {
      const rows = prefix?.rows ?? sampleParams(scan.options).rows;
      const n = Math.max(parts, Math.ceil(rows / MAX_SAMPLE_SPLIT_ROWS));
      const out: SourceSplit[] = [];
      for (let i = 0; i < n; i++) {
        const start = Math.floor((rows * i) / n);
        const end = Math.floor((rows * (i + 1)) / n);
        if (end > start || (i === 0 && rows === 0)) out.push(make({ start, end } satisfies RowRange));
      }
      return out;
    }
    case 'parquet': {
      const files = await expandPath(sourcePath(scan.options, 'parquet'), 'parquet', scan.pathPolicy);
      let total = prefix?.rows ?? 0;
      if (!prefix) for (const f of files) total += (await readFooter(f)).numRows;
      // About four parts per partition, so exec can balance uneven row groups.
      const target = Math.max(1, Math.ceil(total / (parts * 4)));
      return (await planParquetParts(files, scan.filters, target, prefix?.leadingGroups)).map(make);
    }
    case 'csv': {
      const opts = csvOptions(scan.options);
      return (await planCsvParts(await expandPath(opts.path, 'csv', scan.pathPolicy), opts, parts)).map(make);
    }
    case 'json':
      return (await planJsonParts(await expandPath(sourcePath(scan.options, 'json'), 'json', scan.pathPolicy), parts)).map(make);
  }
}

function fieldsOf(scan: Pick<ScanNode, 'columns' | 'schema' | 'nodeId'>): Field[] {
  return scan.columns.map((c) => {
    const f = scan.schema.fields.find((x) => x.name === c);
    if (!f) throw new Error(`scan '${scan.nodeId}': column '${c}' is not in the scan's schema`);
    return f;
  });
}

/** `firstRows`: the reader stops after its first rows (a preview; Parquet reads them soonest). */
export async function* readSplit(
  split: SourceSplit, scan: Pick<ScanNode, 'columns' | 'schema' | 'filters' | 'sourceSchema' | 'nodeId'>, firstRows = false,
): AsyncGenerator<RecordBatch> {
  const fields = fieldsOf(scan);
  switch (split.format) {
    case 'sample': {
      const { start, end } = split.part as RowRange;
      yield* generateSample(split.options, scan.columns, start, end);
      return;
    }
    case 'parquet':
      yield* readParquetPart(split.part as ParquetPart, fields, scan.filters, undefined, firstRows);
      return;
    case 'csv':
      yield* readCsvPart(split.part as CsvPart, scan.sourceSchema.fields, fields, csvOptions(split.options));
      return;
    case 'json':
      yield* readJsonPart(split.part as JsonPart, fields);
      return;
  }
}
