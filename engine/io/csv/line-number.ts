// Line numbers for error messages, computed only when an error is reported: the line of a byte
// offset is 1 + the newlines before it (every newline counts, also those inside quoted fields,
// as editors number lines). Reading without counting lines keeps the hot path and the split
// planner free of that work.

import type { FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 4 << 20;

export async function lineAt(fh: FileHandle, offset: number): Promise<number> {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let line = 1;
  let pos = 0;
  while (pos < offset) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK_BYTES, offset - pos), pos);
    if (bytesRead === 0) break;
    for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) line++;
    pos += bytesRead;
  }
  return line;
}
