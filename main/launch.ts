// `npm start`: build the app, then launch Electron when its binary is installed, else (or with
// `--browser`) start browser mode and print its URL with the token. The workspace is the folder
// `npm start` was run from.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The Electron binary, when the electron package's postinstall managed to download it. */
export function electronBinary(root: string = ROOT): string | undefined {
  const pkg = path.join(root, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function build(): void {
  execFileSync(path.join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
}

async function main(argv: readonly string[]): Promise<number> {
  const forceBrowser = argv.includes('--browser');
  const workspace = path.resolve(process.env.INIT_CWD ?? process.cwd());
  build();
  const binary = forceBrowser ? undefined : electronBinary();
  if (binary) {
    const env: NodeJS.ProcessEnv = { ...process.env, TRIBUTARY_WORKSPACE: workspace };
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(binary, [ROOT], { stdio: 'inherit', env });
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 0)));
  }
  console.log(forceBrowser
    ? 'Browser mode requested (--browser); starting browser mode'
    : 'Electron binary not installed (it could not be downloaded here); starting browser mode');
  const serve = await import('./cli/serve.ts');
  return serve.run(['--workspace', workspace, ...argv.filter((a) => a !== '--browser')]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
