// Tests only: browser mode in a process of its own, so a test can see it survive hostile input
// (an unhandled 'error' event would exit it). Prints {port, token, url} as one JSON line; stops on
// SIGTERM. Usage: node main/server/test-server-process.ts WORKSPACE RENDERER_DIR DATA_DIR

import { startServer } from './server.ts';

const [workspace, rendererDir, dataDir] = process.argv.slice(2);
if (!workspace || !rendererDir || !dataDir) throw new Error('usage: test-server-process.ts WORKSPACE RENDERER_DIR DATA_DIR');
const server = await startServer({ workspace, rendererDir, dataDir });
process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token, url: server.url })}\n`);
process.once('SIGTERM', () => { void server.close().then(() => process.exit(0)); });
