// A source's leading rows, for a preview's fast path (engine/exec/preview-prefix.ts): an aggregate
// or sort over a large source is first answered from the first rows of its files in file order.
// Parquet cuts at whole row groups (its reader decodes whole column chunks, so a cut inside a
// group would save no decoding), at least one; a sample source cuts at exactly `cap` rows. CSV
// and NDJSON sources have no row count without reading them, so they are never cut.

import type { ScanNode } from '../logical/plan.ts';
import { readFooter } from './parquet/footer.ts';
import { expandPath, sourcePath } from './paths.ts';
import { sampleParams } from './sample/sample.ts';

export interface SourcePrefix {
  /** Rows of the source in the prefix (before any filter). */
  readonly rows: number;
  /** Rows of the whole source. */
  readonly ofRows: number;
  /** Parquet: how many leading row groups of each file are in the prefix (absent: none). */
  readonly leadingGroups?: ReadonlyMap<string, number>;
}

/** The first rows of `scan`'s source up to `cap`, or undefined when the format cannot cut. */
export async function sourcePrefix(scan: Pick<ScanNode, 'format' | 'options' | 'pathPolicy'>, cap: number): Promise<SourcePrefix | undefined> {
  const limit = Math.max(1, Math.floor(cap));
  switch (scan.format) {
    case 'sample': {
      const { rows } = sampleParams(scan.options);
      return { rows: Math.min(rows, limit), ofRows: rows };
    }
    case 'parquet': {
      const leadingGroups = new Map<string, number>();
      let rows = 0;
      let ofRows = 0;
      let open = true;
      for (const file of await expandPath(sourcePath(scan.options, 'parquet'), 'parquet', scan.pathPolicy)) {
        const footer = await readFooter(file);
        ofRows += footer.numRows;
        let groups = 0;
        for (const rg of footer.rowGroups) {
          // The first group always, then groups while the prefix stays within the cap.
          if (!open || (rows > 0 && rows + rg.numRows > limit)) {
            open = false;
            break;
          }
          rows += rg.numRows;
          groups++;
        }
        if (groups > 0) leadingGroups.set(file, groups);
      }
      return { rows, ofRows, leadingGroups };
    }
    case 'csv':
    case 'json':
      return undefined;
  }
}
