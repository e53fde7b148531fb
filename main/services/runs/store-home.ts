// Where the run store lives: $TRIBUTARY_HOME, else `.tributary/` in the workspace (the folder the
// studio or the command runs in). The same rule as the studio's data folder.

import path from 'node:path';

export function runStoreDir(workspace: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['TRIBUTARY_HOME'] ? path.resolve(env['TRIBUTARY_HOME']) : path.join(path.resolve(workspace), '.tributary');
}
