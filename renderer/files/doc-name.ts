// A document's name when it is saved as a file: one still named by default ('untitled', or
// empty), or named after the file it came from, takes the new file's name, so "Save as
// my-orders.json" shows "my-orders" in the title and in the file. A name the user chose stays.

import type { PipelineDocument } from '../../main/api.ts';
import { emptyDocument } from '../store/doc-ops.ts';

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.json$/i, '');
}

export function namedForFile(doc: PipelineDocument, oldPath: string | undefined, newPath: string): PipelineDocument {
  const name = doc.name.trim();
  const byDefault = name === '' || name === emptyDocument().name || (oldPath !== undefined && name === baseName(oldPath));
  const next = baseName(newPath);
  return byDefault && next !== '' && next !== doc.name ? { ...doc, name: next } : doc;
}
