// The studio's export: the current document (saved or not) as a program of one of the export
// targets (engine/export/targets.ts). A document with problems is refused with its issues, which
// the studio shows on the nodes as it does for a run.

import path from 'node:path';
import type { ExportResult, ExportTargetInfo, PipelineDocument } from '../api.ts';
import { EXPORT_TARGETS, exportFileName } from '../../engine/export/targets.ts';

export function exportTargets(): ExportTargetInfo[] {
  return Object.entries(EXPORT_TARGETS).map(([key, t]) => ({ key, title: t.title, extension: t.extension }));
}

export function exportDocument(document: PipelineDocument, target: string, docPath?: string): ExportResult {
  const t = Object.hasOwn(EXPORT_TARGETS, target) ? EXPORT_TARGETS[target] : undefined;
  if (!t) throw new Error(`unknown export target '${target}': the targets are ${Object.keys(EXPORT_TARGETS).join(', ')}`);
  // Only the file's name goes into the program's header: the workspace layout stays private.
  const code = t.exportPipeline(document, docPath ? { pipelinePath: path.basename(docPath) } : {});
  return { code, fileName: exportFileName(document, t) };
}
