// A preview's total row count without computing the node, where the files say it exactly: a
// Parquet source with no filter (pushed down or folded in), seen through selects and derives,
// which keep every row. Anything else is counted by running the node (Engine.previewCount).

import type { LogicalPlan } from '../logical/plan.ts';
import { expandPath, sourcePath } from '../io/paths.ts';
import { readFooter } from '../io/parquet/footer.ts';

/** The node's exact row count from Parquet footers, or undefined when they cannot tell it. */
export async function metadataRowCount(node: LogicalPlan): Promise<number | undefined> {
  let at = node;
  while (at.op === 'project') at = at.input;
  if (at.op !== 'scan' || at.format !== 'parquet' || at.filters.length > 0) return undefined;
  if (at.absorbed?.length) return undefined;
  let rows = 0;
  for (const file of await expandPath(sourcePath(at.options, 'parquet'), 'parquet', at.pathPolicy)) rows += (await readFooter(file)).numRows;
  return rows;
}
