// What a person is told when the store cannot be used: where it is and what to do. No run is
// lost by either: a locked store is only waited on, a damaged one is left in place for recovery.

export class RunStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunStoreError';
  }
}

export function storeError(location: string, e: unknown): Error {
  const text = e instanceof Error ? e.message : String(e);
  if (/database is locked|SQLITE_BUSY/i.test(text)) {
    return new RunStoreError(`the run store ${location} is locked by another process (a tributary writing to it): ` +
      'wait for it to finish or close it, then try again; no run was lost', { cause: e });
  }
  if (/not a database|malformed|corrupt/i.test(text)) {
    return new RunStoreError(`the run store ${location} is damaged (${text}): move it aside ` +
      `(mv ${location} ${location}.damaged) and tributary starts a new one; the moved file keeps its runs ` +
      `for 'sqlite3 ${location}.damaged .recover'`, { cause: e });
  }
  if (/newer tributary/.test(text)) return e as Error;
  return new RunStoreError(`the run store ${location} could not be used: ${text}`, { cause: e });
}
