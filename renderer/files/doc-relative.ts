// Paths picked in the workspace browser are relative to the workspace ('' is its root; files.list
// answers so); a document's paths are relative to the pipeline file's folder (as the command line
// resolves them). These turn one into the other. Absolute paths (a data folder) stay absolute.

/** The folder a document's relative paths resolve against, relative to the workspace. */
export function docFolder(docPath: string | undefined): string {
  if (docPath === undefined || docPath.startsWith('/')) return '';
  const slash = docPath.lastIndexOf('/');
  return slash < 0 ? '' : docPath.slice(0, slash);
}

function parts(p: string): string[] {
  return p.split('/').filter((x) => x !== '' && x !== '.');
}

/** `picked` (workspace-relative, or absolute) as the document at `docPath` writes it. */
export function forDocument(picked: string, docPath: string | undefined): string {
  if (picked.startsWith('/')) return picked;
  const from = parts(docFolder(docPath));
  const to = parts(picked);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

export function joinPath(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export function parentPath(dir: string): string {
  const trimmed = dir.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : trimmed.slice(0, i);
}

/** Sizes as people read them: 950 B, 12.3 kB, 4.5 MB, 1.2 GB (powers of 1000, as file managers). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
