#!/usr/bin/env node
// `tributary`: the headless command line. Each command lives in main/cli/<name>.ts and exports
// `run(argv: string[]): Promise<number>` (the exit code); this file only dispatches, loading just
// the command asked for (static import() calls, so a bundler can follow them).

import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { availableParallelism } from 'node:os';
import pkg from '../package.json' with { type: 'json' };
import { likelyPooled } from '../engine/exec/prestart.ts';
import { describeRun, mallocTuningWanted, restartV8Flags, restartWithMallocTuning } from './malloc-tuning.ts';

// Most of a short run's time is loading modules: cache V8's compiled code between processes.
enableCompileCache?.();

interface CommandModule { run(argv: readonly string[]): Promise<number> }
interface CommandEntry { readonly summary: string; readonly usage: string; readonly load: () => Promise<CommandModule> }

const COMMANDS: Record<string, CommandEntry> = {
  validate: {
    summary: 'check a pipeline file and print every problem', usage: 'validate FILE',
    load: () => import('./cli/validate.ts'),
  },
  explain: {
    summary: 'print the logical, optimized (and physical) plan',
    usage: 'explain FILE [--physical] [--no-optimize] [--disable RULE]...',
    load: () => import('./cli/explain.ts'),
  },
  run: {
    summary: 'run a pipeline with progress per node', usage: 'run FILE [--partitions N] [--memory SIZE] [--json]',
    load: () => import('./cli/run.ts'),
  },
  preview: {
    summary: "print a node's output", usage: 'preview FILE --node ID [--limit N] [--format table|csv|json] [--memory SIZE] [--count]',
    load: () => import('./cli/preview.ts'),
  },
  serve: {
    summary: 'start the studio in browser mode on 127.0.0.1', usage: 'serve [--port N] [--workspace DIR] [--no-open]',
    load: () => import('./cli/serve.ts'),
  },
  export: {
    summary: 'write the pipeline as a standalone program (a TypeScript script)', usage: 'export FILE --to TARGET [-o OUT]',
    load: () => import('./cli/export.ts'),
  },
  catalog: {
    summary: 'list the node kinds; --markdown prints docs/pipeline-format.md', usage: 'catalog [--markdown | --json]',
    load: () => import('./cli/catalog.ts'),
  },
  history: {
    summary: 'list recorded runs, or show one whole',
    usage: 'history [--pipeline FILE] [--state STATE] [--limit N] [--json] | history show RUN_ID [--json]',
    load: () => import('./cli/history.ts'),
  },
  schedule: {
    summary: 'add, list, pause, resume or remove a schedule',
    usage: 'schedule add FILE (--cron "EXPR" [--tz ZONE] | --every DURATION) [--name NAME] [--retries N] [--overlap skip|queue|cancel-running] [--catch-up none|latest|all] | schedule list [--json] | schedule pause|resume|remove NAME',
    load: () => import('./cli/schedule.ts'),
  },
  scheduler: {
    summary: 'fire schedules and run their runs until Ctrl-C', usage: 'scheduler',
    load: () => import('./cli/scheduler.ts'),
  },
};

function version(): string {
  return pkg.version;
}

function help(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  const lines = Object.values(COMMANDS).map((c) => `  tributary ${c.usage.padEnd(width)}  ${c.summary}`);
  return [`tributary ${version()}: run, explain and serve Tributary pipelines`, '', 'Usage:', ...lines,
    '', '  tributary --help | --version'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  if (!(name in COMMANDS)) {
    console.error(`tributary: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command = await COMMANDS[name]!.load();
  return command.run(rest);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/tributary')) {
  const argv = process.argv.slice(2);
  // The commands that run pipelines start again with glibc's malloc tuned (malloc-tuning.ts).
  if (argv[0] === 'run' || argv[0] === 'preview') {
    const run = describeRun(argv.slice(1), availableParallelism(), (f) => readFileSync(f, 'utf8'), likelyPooled);
    if (mallocTuningWanted(run)) restartWithMallocTuning(restartV8Flags(run));
  }
  process.exitCode = await main(argv);
}
