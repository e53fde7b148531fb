// Tests only: WebSocket frames written byte by byte (RFC 6455 section 5.2), including the ones no
// well-behaved client would send, and a raw TCP client that upgrades to the socket and reads the
// server's close code.

import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface FrameSpec {
  readonly opcode: number;
  readonly payload: Uint8Array;
  readonly fin?: boolean;
  /** The three RSV bits (0-7). */
  readonly rsv?: number;
  readonly masked?: boolean;
  /** The length written in the header when it is to lie about the payload. */
  readonly declaredLength?: number;
}

export function frame(spec: FrameSpec): Buffer {
  const length = spec.declaredLength ?? spec.payload.length;
  const masked = spec.masked ?? true;
  const head = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) & 7) << 4 | (spec.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(length));
  }
  const payload = Buffer.from(spec.payload);
  if (!masked) return Buffer.concat([Buffer.from(head), ext, payload]);
  const mask = randomBytes(4);
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, mask, payload]);
}

export const text = (s: string): Buffer => frame({ opcode: 1, payload: Buffer.from(s) });

export interface RawSocket {
  write(bytes: Buffer): void;
  /** Ends our side and resolves once the connection is closed, with the server's close code. */
  finish(): Promise<{ closeCode: number | undefined; received: Buffer }>;
  /** Resolves with the next text frame the server sends. */
  nextText(): Promise<string>;
}

/** The first close frame's code in what the server sent (frames from a server are unmasked). */
function closeCodeOf(data: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) { length = data.readUInt16BE(start); start += 2; } else if (length === 127) { length = Number(data.readBigUInt64BE(start)); start += 8; }
    if (opcode === 8) return length >= 2 ? data.readUInt16BE(start) : 1005;
    at = start + length;
  }
  return undefined;
}

function textFrames(data: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) { length = data.readUInt16BE(start); start += 2; } else if (length === 127) { length = Number(data.readBigUInt64BE(start)); start += 8; }
    if (start + length > data.length) break;
    if (opcode === 1) out.push(data.subarray(start, start + length).toString());
    at = start + length;
  }
  return out;
}

/** Opens a TCP connection and upgrades it to the socket with the token and origin. */
export function rawSocket(port: number, token: string): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    // Our writes after the server closed fail with EPIPE / ECONNRESET: expected here.
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    let frames = Buffer.alloc(0);
    let upgraded = false;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const textWaiters: ((s: string) => void)[] = [];
    let textsSeen = 0;
    const deliver = (): void => {
      const texts = textFrames(frames);
      while (textWaiters.length > 0 && textsSeen < texts.length) textWaiters.shift()!(texts[textsSeen++]!);
    };
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) { frames = Buffer.concat([frames, chunk]); deliver(); return; }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!status.startsWith('HTTP/1.1 101')) { reject(new Error(`upgrade refused: ${status}`)); socket.destroy(); return; }
      upgraded = true;
      frames = head.subarray(end + 4);
      resolve({
        write: (bytes) => { if (socket.writable) socket.write(bytes); },
        async finish() {
          socket.end();
          await closed;
          return { closeCode: closeCodeOf(frames), received: frames };
        },
        nextText: () => new Promise((r) => { textWaiters.push(r); deliver(); }),
      });
    });
    socket.once('close', () => { if (!upgraded) reject(new Error('closed before the upgrade')); });
    socket.write([
      `GET /ws?token=${token} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Origin: http://127.0.0.1:${port}`,
      'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13', '', '',
    ].join('\r\n'));
  });
}
