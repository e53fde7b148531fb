// `tributary run FILE [--partitions N] [--json]`: runs a pipeline. On a terminal a live progress
// bar per node, then a summary (with the fitted models' summaries); piped: plain lines; --json: the
// RunResult with stage summaries and fitted models.
// Exit code 0 when the run completed, 1 when it failed, 130 when cancelled (Ctrl-C).

import { ProgressView } from './run-progress.ts';
import { withPipelineEngine } from './with-engine.ts';

const USAGE = 'usage: tributary run FILE [--partitions N] [--json] [--no-skew-mitigation]';

export async function run(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let partitions: number | undefined;
  let json = false;
  let skewMitigation = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--partitions') partitions = Number(argv[++i]);
    else if (a === '--json') json = true;
    else if (a === '--no-skew-mitigation') skewMitigation = false;
    else if (a.startsWith('--')) return usage(`unknown option '${a}'`);
    else file = a;
  }
  if (!file) return usage('missing FILE');
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) {
    return usage('--partitions expects a whole number from 1, e.g. --partitions 4');
  }
  return withPipelineEngine('run', file, async ({ document, engine, baseDir, signal }) => {
    const view = json ? undefined : new ProgressView(process.stdout.isTTY === true, (s) => process.stdout.write(s));
    const result = await engine.run(document, {
      baseDir, signal,
      ...(partitions !== undefined ? { partitions } : {}),
      ...(skewMitigation ? {} : { skewMitigation: false }),
      ...(view ? { onEvent: (e) => view.onEvent(e) } : {}),
    });
    if (json) console.log(JSON.stringify(result, null, 2));
    else console.log(`\n${view!.summary(result)}`);
    return result.status === 'COMPLETED' ? 0 : result.status === 'CANCELLED' ? 130 : 1;
  });
}

function usage(problem: string): number {
  console.error(`tributary run: ${problem}\n${USAGE}`);
  return 2;
}
