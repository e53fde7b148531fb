// Hostile bytes against browser mode running in its own process: bad WebSocket frames (invalid
// UTF-8, a 200 MB length, bad opcodes, unmasked, RSV bits, oversized control frames), a bounded
// seeded fuzzer of random frames over raw TCP, malformed JSON calls, and HTTP siblings (garbage
// requests, header floods, unfinished requests). Each bad socket is closed with its code; the
// process never exits and still answers app.info afterwards.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mulberry32 } from '../../engine/random.ts';
import { frame, rawSocket, text, type FrameSpec } from './raw-frames.ts';

let root: string;
let child: ChildProcess;
let port: number;
let token: string;
let exited: { code: number | null; signal: string | null } | undefined;
let stderr = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-frames-'));
  await mkdir(path.join(root, 'ws'));
  await mkdir(path.join(root, 'renderer'));
  await writeFile(path.join(root, 'renderer/index.html'), '<!doctype html>');
  child = spawn(process.execPath, [path.join(import.meta.dirname, 'test-server-process.ts'), path.join(root, 'ws'),
    path.join(root, 'renderer'), path.join(root, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.once('exit', (code, signal) => { exited = { code, signal }; });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error(`the server exited before it started: ${stderr}`)));
  });
  ({ port, token } = JSON.parse(first) as { port: number; token: string });
});
afterAll(async () => {
  if (!exited) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
  await rm(root, { recursive: true, force: true });
});

/** The process is still up and a well-behaved client gets app.info. */
async function stillServing(): Promise<void> {
  expect(exited, `the server process exited: ${stderr}`).toBeUndefined();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { origin: `http://127.0.0.1:${port}` } });
  try {
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    const answer = await new Promise<Record<string, unknown>>((resolve) => {
      ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
      ws.send(JSON.stringify({ id: 7, channel: 'app.info', request: {} }));
    });
    expect(answer).toMatchObject({ id: 7, response: { mode: 'browser' } });
  } finally {
    ws.close();
  }
}

async function closeCodeFor(...frames: Buffer[]): Promise<number | undefined> {
  const socket = await rawSocket(port, token);
  for (const f of frames) socket.write(f);
  return (await socket.finish()).closeCode;
}

describe('browser mode under bad WebSocket frames', () => {
  it.each([
    ['a 3-byte text frame of invalid UTF-8', [frame({ opcode: 1, payload: Uint8Array.of(0xe2, 0x28, 0xa1) })], 1007],
    ['a message announcing 200 MB', [frame({ opcode: 1, payload: Buffer.alloc(4096, 0x61), declaredLength: 200 * 1024 * 1024 })], 1009],
    ['fragments adding up past the cap', [
      frame({ opcode: 1, payload: Buffer.alloc(16, 0x61), fin: false }),
      frame({ opcode: 0, payload: Buffer.alloc(16, 0x61), fin: false, declaredLength: 40 * 1024 * 1024 }),
    ], 1009],
    ['an unmasked frame', [frame({ opcode: 1, payload: Buffer.from('{}'), masked: false })], 1002],
    ['a reserved opcode', [frame({ opcode: 3, payload: Buffer.from('x') })], 1002],
    ['RSV bits without an extension', [frame({ opcode: 1, payload: Buffer.from('x'), rsv: 4 })], 1002],
    ['a ping of 126 bytes', [frame({ opcode: 9, payload: Buffer.alloc(126) })], 1002],
    ['a fragmented ping', [frame({ opcode: 9, payload: Buffer.alloc(3), fin: false })], 1002],
    ['a continuation with nothing to continue', [frame({ opcode: 0, payload: Buffer.from('x') })], 1002],
    ['a close frame with invalid UTF-8 in its reason', [frame({ opcode: 8, payload: Uint8Array.of(0x03, 0xe8, 0xff) })], 1007],
  ])('closes the socket on %s and keeps serving', async (_what, frames, code) => {
    expect(await closeCodeFor(...frames)).toBe(code);
    await stillServing();
  });

  it('answers malformed calls with an error, never a crash', async () => {
    const socket = await rawSocket(port, token);
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const message of ['not json', '[1,2]', 'null', '{"id":{},"channel":"app.info"}', deep,
      `{"id":1,"channel":"node.preview","request":${deep}}`, '{"id":2,"channel":"app.info","request":{"extra":1}}']) {
      socket.write(text(message));
      const answer = JSON.parse(await socket.nextText()) as { error?: { message: string } };
      expect(answer.error?.message).toMatch(/malformed message|invalid request/);
    }
    // Deep nesting inside a document's params reaches the engine's checks: an answer, not a crash.
    const nested = { version: 1, name: 'p', nodes: [{ id: 'a', kind: 'source.csv', params: { path: 'x.csv', schema: 0 } }], edges: [] };
    for (const channel of ['pipeline.check', 'node.preview', 'pipeline.explain']) {
      socket.write(text(JSON.stringify({ id: 4, channel, request: { document: nested, nodeId: 'a' } }).replace('"schema":0', `"schema":${deep}`)));
      const answer = JSON.parse(await socket.nextText()) as { id: number; response?: { issues: unknown[] }; error?: { message: string } };
      expect(answer.id).toBe(4);
      expect(answer.response?.issues.length ?? answer.error?.message.length).toBeGreaterThan(0);
    }
    socket.write(frame({ opcode: 2, payload: Uint8Array.of(1, 2, 3) }));
    expect(JSON.parse(await socket.nextText())).toMatchObject({ id: null, error: { message: expect.stringMatching(/malformed/) } });
    socket.write(text('{"id":3,"channel":"app.info","request":{}}'));
    expect(JSON.parse(await socket.nextText())).toMatchObject({ id: 3, response: { mode: 'browser' } });
    await socket.finish();
    await stillServing();
  });

  it('survives a seeded fuzzer of random frames over raw TCP', async () => {
    const random = mulberry32(20261203);
    const int = (n: number): number => Math.floor(random() * n);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
    const payloads = [
      () => bytes(int(40)),
      () => Buffer.from('{"id":1,"channel":"app.info","request":{}}'),
      () => Buffer.from(`{"id":${int(1000)},"channel":"${['catalog.list', 'shell.exec', 'files.list'][int(3)]}","request":{}}`),
      () => Buffer.concat([Buffer.from('{"id":1,"channel":"'), Uint8Array.of(0xc0 | int(32), int(256)), Buffer.from('"}')]),
      () => bytes(126 + int(2000)),
    ];
    const CONNECTIONS = 40;
    const FRAMES_PER_CONNECTION = 8;
    const codes = new Map<string, number>();
    for (let c = 0; c < CONNECTIONS; c++) {
      const socket = await rawSocket(port, token);
      for (let f = 0; f < FRAMES_PER_CONNECTION; f++) {
        const payload = payloads[int(payloads.length)]!();
        const spec: FrameSpec = {
          opcode: random() < 0.85 ? [0, 1, 1, 1, 2, 8, 9, 10][int(8)]! : int(16),
          payload,
          fin: random() < 0.9,
          rsv: random() < 0.05 ? 1 + int(7) : 0,
          masked: random() < 0.95,
          ...(random() < 0.1 ? { declaredLength: [int(200), 70_000 + int(10_000), 2 ** 31 + int(1000), 2 ** 40][int(4)]! } : {}),
        };
        socket.write(frame(spec));
      }
      const { closeCode } = await socket.finish();
      const key = String(closeCode ?? 'none');
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    // Bad frames got their close codes (1002 protocol, 1007 UTF-8, 1009 too big), not a dead process.
    expect(codes.get('1002')).toBeGreaterThan(0);
    expect(codes.get('1007')).toBeGreaterThan(0);
    expect([...codes.keys()].every((k) => ['1000', '1002', '1007', '1009', 'none'].includes(k)), JSON.stringify([...codes])).toBe(true);
    await stillServing();
  });
});

describe('browser mode under bad HTTP', () => {
  /** Sends raw bytes and resolves with what the server answered before closing. */
  function rawHttp(bytes: string | Buffer): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let got = '';
      socket.on('data', (d: Buffer) => { got += d.toString('latin1'); });
      socket.on('error', () => undefined);
      socket.once('close', () => resolve(got));
      socket.end(bytes);
    });
  }

  it('answers garbage, a header flood and an oversized header with 4xx and keeps serving', async () => {
    expect(await rawHttp('\x00\xff\x16\x03 nonsense\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    const flood = Array.from({ length: 5000 }, (_, i) => `x-h${i}: ${'v'.repeat(20)}`).join('\r\n');
    expect(await rawHttp(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${flood}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawHttp(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-big: ${'a'.repeat(100_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawHttp(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`)).toMatch(/^HTTP\/1\.1 403/);
    await stillServing();
  });

  it('keeps serving while many requests and upgrades are left unfinished', async () => {
    const open: net.Socket[] = [];
    try {
      for (let i = 0; i < 100; i++) {
        const socket = net.connect(port, '127.0.0.1');
        await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('error', reject); });
        socket.on('error', () => undefined);
        socket.write(i % 2 === 0
          ? `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-slow: `
          : `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n`);
        open.push(socket);
      }
      await stillServing();
      // Connections reset mid-request are no error either.
      for (const s of open.splice(0, 50)) s.resetAndDestroy();
      await stillServing();
    } finally {
      for (const s of open) s.destroy();
    }
  });
});
