// The Electron app: one window showing the studio, served from our own `app://studio/` scheme
// (so every response carries the CSP header and the IPC adapter can recognise its sender),
// with contextIsolation, sandbox and no Node in the page. The services run here, in main.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, net, protocol, session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../server/csp.ts';
import { defaultDataDir, StudioService } from '../services/studio-service.ts';
import { isInside } from '../services/workspace-paths.ts';
import { registerIpc } from './ipc.ts';
import { nativeFilePicker } from './native-dialog.ts';

const SCHEME = 'app';
const RENDERER_ORIGIN = `${SCHEME}://studio`;
const here = import.meta.dirname;
const rendererDir = path.join(here, '../renderer');
const preloadFile = path.join(here, '../preload/preload.cjs');

// Every renderer sandboxed, whatever a window's own preferences say.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

async function serveRenderer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = path.resolve(rendererDir, `.${url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname)}`);
  if (url.host !== 'studio' || !isInside(rendererDir, file)) return new Response('not found', { status: 404 });
  const response = await net.fetch(pathToFileURL(file).href);
  const headers = new Headers(response.headers);
  headers.set('content-security-policy', contentSecurityPolicy({ connect: [] }));
  headers.set('x-content-type-options', 'nosniff');
  return new Response(response.body, { status: response.status, headers });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Tributary',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  void window.loadURL(`${RENDERER_ORIGIN}/index.html`);
  return window;
}

/** The page may not navigate away, open windows or ask for permissions. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${RENDERER_ORIGIN}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(SCHEME, serveRenderer);
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  const workspace = path.resolve(process.env.TRIBUTARY_WORKSPACE ?? process.cwd());
  const service = new StudioService({
    workspace, dataDir: defaultDataDir(workspace), mode: 'electron', allowAbsolutePaths: true,
    examplesDir: path.join(app.getAppPath(), 'assets/examples'), pickFile: nativeFilePicker,
  });
  registerIpc(service, {
    rendererOrigin: RENDERER_ORIGIN,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  });
  createWindow();
  void service.warm();
  try {
    service.startScheduling();
  } catch (e) {
    console.error(`Tributary: schedules will not fire while the studio is open: ${(e as Error).message}`);
  }
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) createWindow(); });
  app.on('window-all-closed', () => {
    void service.close().finally(() => app.quit());
  });
}

start().catch((e: unknown) => {
  console.error(`Tributary failed to start: ${(e as Error).stack ?? String(e)}`);
  app.exit(1);
});
