// The last step of a sink: the finished temporary output becomes the output.
//
// - mode "error", a file: a hard link to the target name, which the OS creates only when no such
//   name exists (EEXIST otherwise), so of two runs writing one path exactly one wins, even when
//   both checked before they began. Where hard links are not supported, an exclusive copy.
// - mode "error", a folder: an exclusive mkdir of the target claims the name, then the temp folder
//   is renamed onto that empty folder.
// - overwrite, a file: one rename, which replaces the old file atomically: a reader sees the old
//   file or the new one, never no file.
// - overwrite, a folder (partitioned Parquet): no portable call swaps two non-empty folders (Linux
//   has renameat2 RENAME_EXCHANGE, which Node does not offer), so the old folder is renamed aside
//   and the new one in, two renames back to back: a reader can find the path missing between them.

import { constants } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';

type Mode = 'overwrite' | 'error';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

function existsError(kind: string, path: string): Error {
  return new Error(`${kind}: ${path} already exists (another run wrote it while this one ran); set param 'mode' to "overwrite" or choose another path`);
}

export async function putInPlace(tmp: string, path: string, mode: Mode, kind: string): Promise<void> {
  const folder = (await stat(tmp)).isDirectory();
  if (mode === 'error') return folder ? claimFolder(tmp, path, kind) : claimFile(tmp, path, kind);
  try {
    await rename(tmp, path);
    return;
  } catch (e) {
    // The old output is a non-empty folder, or a file where a folder comes (or the other way).
    if (!['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EPERM'].includes(code(e) ?? '')) throw e;
  }
  const old = `${tmp}.old`;
  await rename(path, old);
  await rename(tmp, path);
  await rm(old, { recursive: true, force: true });
}

async function claimFile(tmp: string, path: string, kind: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (e) {
    if (code(e) === 'EEXIST') throw existsError(kind, path);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS'].includes(code(e) ?? '')) throw e;
    await copyFile(tmp, path, constants.COPYFILE_EXCL).catch((c: unknown) => {
      throw code(c) === 'EEXIST' ? existsError(kind, path) : c;
    });
  }
  await rm(tmp, { force: true });
}

async function claimFolder(tmp: string, path: string, kind: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (e) {
    throw code(e) === 'EEXIST' ? existsError(kind, path) : e;
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    // Windows does not rename onto an empty folder: remove the claim and rename at once.
    if (code(e) !== 'EPERM' && code(e) !== 'EEXIST') throw e;
    await rmdir(path);
    await rename(tmp, path);
  }
}
