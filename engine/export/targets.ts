// The export targets: a pipeline document -> the text of a standalone program doing the same.
// `tributary export --to KEY` and the studio's Export dialog offer exactly these keys.

import type { PipelineDocument } from '../document/document-types.ts';
import { exportTypeScript } from './typescript/export.ts';
import { exportPipeline as exportPySpark } from './pyspark/export.ts';
import { exportBaseName } from './file-name.ts';
import type { ExportTarget } from './export-types.ts';

export const EXPORT_TARGETS: Readonly<Record<string, ExportTarget>> = {
  ts: { title: 'TypeScript (tributary library)', extension: '.ts', exportPipeline: exportTypeScript },
  pyspark: { title: 'PySpark (a standalone Spark job)', extension: '.py', exportPipeline: exportPySpark },
};

/** The file name a program exported from `doc` gets: the pipeline name, made safe. */
export function exportFileName(doc: PipelineDocument, target: ExportTarget): string {
  return `${exportBaseName(doc)}${target.extension}`;
}
