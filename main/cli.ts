#!/usr/bin/env node
// `tributary`: the headless command line. Each command lives in main/cli/<name>.ts and exports
// `run(argv: string[]): Promise<number>` (the exit code); this file only dispatches.

import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

// Most of a short run's time is loading modules: cache V8's compiled code between processes.
enableCompileCache?.();

interface CommandEntry { readonly summary: string; readonly usage: string }

const COMMANDS: Record<string, CommandEntry> = {
  validate: { summary: 'check a pipeline file and print every problem', usage: 'validate FILE' },
  explain: {
    summary: 'print the logical, optimized (and physical) plan',
    usage: 'explain FILE [--physical] [--no-optimize] [--disable RULE]...',
  },
  run: { summary: 'run a pipeline with progress per node', usage: 'run FILE [--partitions N] [--json]' },
  preview: { summary: "print a node's output", usage: 'preview FILE --node ID [--limit N] [--format table|csv|json]' },
  serve: { summary: 'start the studio in browser mode on 127.0.0.1', usage: 'serve [--port N] [--no-open]' },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
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
  const command = (await import(`./cli/${name}.ts`)) as { run(argv: readonly string[]): Promise<number> };
  return command.run(rest);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/tributary')) {
  process.exitCode = await main(process.argv.slice(2));
}
