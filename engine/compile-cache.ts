// Compiles each document version once. The studio checks a document on every edit, then runs,
// previews and explains the same version: the part of compile() up to the optimized plan is kept
// by a content hash of (document, baseDir, options) and reused while the source files it read
// are unchanged (their size and modification time, checked on every reuse: a source file
// rewritten outside the studio gets a fresh schema).

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { PipelineDocument } from './document/document-types.ts';
import type { PipelinePlan } from './logical/plan.ts';
import { expandPath } from './io/paths.ts';
import type { CompiledFront, CompileOptions, FrontCache } from './compile-types.ts';

interface Entry {
  /** The front, with the sources' files as they were when it was compiled (undefined for a
   *  front with issues, which is never reused). One promise, so a caller arriving while the
   *  compile runs waits for it instead of compiling again. */
  readonly done: Promise<{ readonly front: CompiledFront; readonly fingerprint: string | undefined }>;
}

export class CompileCache implements FrontCache {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;
  #compiles = 0;

  /** `capacity`: document versions kept; the least recently used goes first. */
  constructor(capacity = 16) {
    this.#capacity = Math.max(1, capacity);
  }

  /** How many times a front was compiled rather than reused (tests and diagnostics). */
  get compiles(): number {
    return this.#compiles;
  }

  async front(document: PipelineDocument, options: CompileOptions, compileFront: () => Promise<CompiledFront>): Promise<CompiledFront> {
    const key = cacheKey(document, options);
    const hit = this.#entries.get(key);
    if (hit) {
      const done = await hit.done.catch(() => undefined);
      if (done?.fingerprint !== undefined && done.fingerprint === await sourceFingerprint(done.front.logical)) {
        if (this.#entries.get(key) === hit) {
          this.#entries.delete(key);
          this.#entries.set(key, hit);
        }
        return done.front;
      }
      if (this.#entries.get(key) === hit) this.#entries.delete(key);
    }
    this.#compiles++;
    const entry: Entry = {
      done: (async () => {
        const front = await compileFront();
        // A document with problems is not kept: a missing file may appear, and the next check must see it.
        return { front, fingerprint: front.issues.length > 0 ? undefined : await sourceFingerprint(front.logical) };
      })(),
    };
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    try {
      const { front, fingerprint } = await entry.done;
      if (fingerprint === undefined && this.#entries.get(key) === entry) this.#entries.delete(key);
      return front;
    } catch (e) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw e;
    }
  }
}

function cacheKey(document: PipelineDocument, options: CompileOptions): string {
  // Node positions do not change the plan: moving a node on the canvas keeps the compiled version.
  const nodes = document.nodes.map(({ id, kind, params }) => ({ id, kind, params }));
  return createHash('sha256').update(JSON.stringify({
    document: { ...document, nodes }, baseDir: options.baseDir, pathPolicy: options.pathPolicy ?? null, optimize: options.optimize !== false,
    disabledRules: [...(options.disabledRules ?? [])].sort(),
  })).digest('hex');
}

/** The files the plan's scans read (a folder or glob expanded, as the scan will), each with its
 *  size and modification time. */
async function sourceFingerprint(plan: PipelinePlan | undefined): Promise<string> {
  if (!plan) return '';
  const sources = new Map<string, string>();
  for (const node of plan.nodes.values()) {
    const path = node.op === 'scan' ? node.options['path'] : undefined;
    if (node.op === 'scan' && typeof path === 'string') sources.set(`${node.format}:${path}`, path);
  }
  const parts = await Promise.all([...sources].sort().map(async ([key, path]) => {
    const format = key.slice(0, key.indexOf(':'));
    const files = await expandPath(path, format).catch(() => [] as string[]);
    const stats = await Promise.all(files.map(async (f) => {
      const s = await stat(f).catch(() => undefined);
      return `${f}:${s ? `${s.size}:${s.mtimeMs}` : 'missing'}`;
    }));
    return `${key}=[${stats.join(',')}]`;
  }));
  return parts.join('\n');
}
