// The project folder (where package.json, assets/ and out/ are), found by walking up from this
// module: the same answer whether it runs from source (main/) or bundled (out/main/chunks/).

import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}

export const REPO_ROOT = findRoot(import.meta.dirname);
