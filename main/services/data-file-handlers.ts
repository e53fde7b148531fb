// The calls behind the studio's path fields (files.stat, files.listData, files.recent,
// files.remember, files.pickNative), over the studio's path policy. The native dialog is
// injected by the Electron adapter (main/electron/native-dialog.ts): services import no electron,
// and browser mode, which has none, refuses it with what to use instead.

import type { ApiCalls, DataFileFormat } from '../api.ts';
import { EXTENSIONS, isDataFile } from '../../engine/io/paths.ts';
import { resolveAllowed, type PathPolicy as DocumentPathPolicy } from '../../engine/path-policy.ts';
import { listFolder } from './pipeline-files.ts';
import { loadRecent, recentForDocument, rememberRecent, statDataPath } from './data-files.ts';
import type { PathPolicy } from './workspace-paths.ts';

/** What the native dialog is asked: open an existing file or name one to write, of these extensions. */
export interface NativePickRequest {
  readonly mode: 'open' | 'save';
  /** Without the dot; empty: any file. */
  readonly extensions: readonly string[];
  readonly formatName?: string;
  /** The folder the dialog starts in (the pipeline file's). */
  readonly startIn: string;
}

/** Answers the absolute path picked, or undefined when the user cancelled. */
export type NativeFilePicker = (request: NativePickRequest) => Promise<string | undefined>;

export interface DataFileDeps {
  readonly dataDir: string;
  readonly studioPolicy: () => Promise<PathPolicy>;
  readonly documentPaths: (docPath: string | undefined) => Promise<{ baseDir: string; pathPolicy: DocumentPathPolicy }>;
  readonly pickFile?: NativeFilePicker;
}

type Channel = 'files.stat' | 'files.listData' | 'files.recent' | 'files.remember' | 'files.pickNative';
type Handlers = { [C in Channel]: (request: ApiCalls[C][0]) => Promise<ApiCalls[C][1]> };

export function extensionsOf(format: DataFileFormat | undefined): string[] {
  const all = format ? EXTENSIONS[format] ?? [] : Object.values(EXTENSIONS).flat();
  return all.map((e) => e.slice(1));
}

export function dataFileHandlers(deps: DataFileDeps): Handlers {
  const recent = async (docPath: string | undefined) => {
    const { baseDir, pathPolicy } = await deps.documentPaths(docPath);
    return { paths: recentForDocument(pathPolicy, baseDir, (await deps.studioPolicy()).workspace, await loadRecent(deps.dataDir)) };
  };
  return {
    'files.stat': async (r) => {
      const { baseDir, pathPolicy } = await deps.documentPaths(r.docPath);
      return statDataPath(pathPolicy, baseDir, r.path, r.format);
    },
    'files.listData': async (r) => {
      const listing = await listFolder(await deps.studioPolicy(), r.dir);
      const formats = r.format ? [r.format] : Object.keys(EXTENSIONS);
      return { dir: listing.dir, entries: listing.entries.filter((e) => e.isDir || formats.some((f) => isDataFile(e.name, f))) };
    },
    'files.recent': (r) => recent(r.docPath),
    'files.remember': async (r) => {
      const { baseDir, pathPolicy } = await deps.documentPaths(r.docPath);
      // Refused paths throw PathRefusedError naming the rule: nothing outside the policy is stored.
      await rememberRecent(deps.dataDir, resolveAllowed(pathPolicy, baseDir, r.path));
      return recent(r.docPath);
    },
    'files.pickNative': async (r) => {
      if (!deps.pickFile) {
        throw new Error("the system's file dialog exists only in the desktop app: in the browser, use Browse (the workspace's files and data folders)");
      }
      const { baseDir, pathPolicy } = await deps.documentPaths(r.docPath);
      const picked = await deps.pickFile({
        mode: r.mode, extensions: extensionsOf(r.format), startIn: baseDir, ...(r.format ? { formatName: r.format } : {}),
      });
      if (picked === undefined) return { path: null };
      const absolute = resolveAllowed(pathPolicy, baseDir, picked);
      await rememberRecent(deps.dataDir, absolute);
      return { path: recentForDocument(pathPolicy, baseDir, (await deps.studioPolicy()).workspace, [absolute])[0] ?? absolute };
    },
  };
}
