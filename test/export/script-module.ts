// An exported script loaded in this process: its `from 'tributary'` pointed at the library's
// source and the run at its end left out, so a test gets the Pipeline the script builds without
// running it. (The scripts also run unchanged as processes: run-script.test.ts.)

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pipeline } from '../../lib/index.ts';

const LIB = resolve(import.meta.dirname, '../../lib/index.ts');
const RUN_LINE = 'const result = await p.run(';

export async function loadScriptPipeline(script: string): Promise<Pipeline> {
  const at = script.indexOf(RUN_LINE);
  if (at < 0) throw new Error(`the script has no '${RUN_LINE}' line`);
  if (!script.includes("from 'tributary';")) throw new Error("the script does not import from 'tributary'");
  const body = `${script.slice(0, at).replace("from 'tributary';", `from ${JSON.stringify(LIB)};`)}\nexport { p };\n`;
  const dir = mkdtempSync(join(tmpdir(), 'tributary-export-'));
  try {
    const file = join(dir, 'script.ts');
    writeFileSync(file, body);
    const mod = await import(pathToFileURL(file).href) as { p: Pipeline };
    return mod.p;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
