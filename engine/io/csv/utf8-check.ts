// UTF-8 checks of CSV bytes. The reader checks each stretch of records with node:buffer's native
// isUtf8 before parsing it; only a stretch that fails is looked at byte by byte, here, to say where
// (encodingErrors "error", the default) or to repair its string fields (encodingErrors "replace":
// every invalid sequence becomes U+FFFD, as a TextDecoder reads it).

import { isUtf8 } from 'node:buffer';

export function validUtf8(buf: Uint8Array, s: number, e: number): boolean {
  return isUtf8(buf.subarray(s, e));
}

/** Offset of the first byte in buf[s, e) that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  while (i < e) {
    const b = buf[i]!;
    if (b < 0x80) { i++; continue; }
    let n: number; let min: number; let cp: number;
    if (b >= 0xc2 && b <= 0xdf) { n = 1; min = 0x80; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { n = 2; min = 0x800; cp = b & 0x0f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; min = 0x10000; cp = b & 0x07; }
    else return i;
    if (i + n >= e) return i; // cut off by the end
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return -1;
}

/** The bytes of buf[s, e) with every invalid sequence replaced by U+FFFD. */
export function repairUtf8(buf: Uint8Array, s: number, e: number): Uint8Array {
  return Buffer.from(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'), 'utf8');
}

/** What is wrong and the two ways out, after "FILE line N, byte offset B: ". */
export function notUtf8Detail(byte: number): string {
  return `byte 0x${byte.toString(16).padStart(2, '0')} is not UTF-8 text; convert the file to UTF-8 `
    + '(e.g. iconv -f latin1 -t utf-8), or set encodingErrors to "replace" to read such bytes as U+FFFD';
}
