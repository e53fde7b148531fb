// Prints the benchmark's results: the side-by-side table with Tributary's ratios, how W1 and
// W2 grow with the data, the 10k-row latency, then every failure and mismatch verbatim.

import { ENGINE_LABEL, ENGINES, median, type BenchResults, type CaseResult, type EngineName } from './results.ts';

/** This issue's target: Tributary within 3x of DuckDB in time and in peak memory. */
const RATIO_TARGET = 3;
const COLD_TARGET_MS = 300;
const WARM_TARGET_MS = 50;

function seconds(c: CaseResult, e: EngineName): number | undefined {
  const ms = median(c.engines[e]?.wallMs ?? []);
  return ms === undefined ? undefined : ms / 1000;
}

function memory(c: CaseResult, e: EngineName): number | undefined {
  return median(c.engines[e]?.rssMB ?? []);
}

function fmt(value: number | undefined, digits: number): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || b === 0) return '-';
  const r = a / b;
  return `${r.toFixed(2)}x${r > RATIO_TARGET ? '*' : ''}`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function mainTable(results: BenchResults): string[] {
  const engines = ENGINES.filter((e) => results.cases.some((c) => c.engines[e]));
  const head = ['workload', 'size', ...engines.flatMap((e) => [`${ENGINE_LABEL[e]} s`, 'MB'])];
  const against = engines.includes('tributary') ? engines.filter((e) => e !== 'tributary') : [];
  for (const e of against) head.push(`T/${ENGINE_LABEL[e]} time`, `T/${ENGINE_LABEL[e]} mem`);
  const body = results.cases.map((c) => {
    const cells = [c.workload, c.size];
    for (const e of engines) {
      const r = c.engines[e];
      const state = r?.unavailable ? 'n/a' : r?.failure ? 'FAILED' : undefined;
      cells.push(state ?? fmt(seconds(c, e), 2), state ? '' : fmt(memory(c, e), 0));
    }
    for (const e of against) {
      cells.push(ratio(seconds(c, 'tributary'), seconds(c, e)), ratio(memory(c, 'tributary'), memory(c, e)));
    }
    return cells;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [row(head, widths), ...body.map((b) => row(b, widths))];
}

function growth(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const id of ['W1', 'W2']) {
    const cases = results.cases.filter((c) => c.workload === id);
    if (cases.length < 2) continue;
    for (const e of ENGINES) {
      if (!cases.some((c) => c.engines[e])) continue;
      const base = seconds(cases[0]!, e);
      const parts = cases.map((c) => {
        const s = seconds(c, e);
        const x = s !== undefined && base ? ` (${(s / base).toFixed(1)}x)` : '';
        return `${c.size} ${fmt(s, 2)} s${x}`;
      });
      lines.push(`  ${id}  ${ENGINE_LABEL[e].padEnd(9)}  ${parts.join('   ')}`);
    }
  }
  return lines.length === 0 ? [] : ['', "Cost growth (median seconds; in brackets the multiple of the smallest size's time):", ...lines];
}

/** Tributary's skewed stage per case (W7 with the split, W7off without): what the split shortens. */
function skewedStages(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const c of results.cases) {
    const runs = c.engines.tributary?.skewedStage ?? [];
    const slowest = median(runs.map((r) => r.slowestMs));
    const typical = median(runs.map((r) => r.medianMs));
    if (slowest === undefined || typical === undefined) continue;
    lines.push(`  ${`${c.workload} ${c.size}`.padEnd(12)} slowest task ${slowest.toFixed(0)} ms, median task ${typical.toFixed(0)} ms`
      + ` (${(slowest / typical).toFixed(1)}x), ${runs.length} runs`);
  }
  return lines.length === 0 ? [] : ['', "Tributary's skewed stage (medians over the runs; docs/skew.md):", ...lines];
}

function latency(results: BenchResults): string[] {
  const l = results.latency;
  if (!l) return [];
  const lines = ['', `10k-row pipeline latency, Tributary (${l.pipeline}):`];
  if (l.unavailable) return [...lines, `  ${l.unavailable}`];
  for (const [cli, times] of [['node main/cli.ts', l.coldWallMs], ['node out/main/cli.js', l.coldBundledWallMs]] as const) {
    const cold = median(times);
    lines.push(`  cold process (${cli} run FILE --json, spawn to exit): `
      + (cold === undefined ? 'FAILED' : `median ${cold.toFixed(0)} ms over ${times.length} runs`)
      + `   [target < ${COLD_TARGET_MS} ms]`);
  }
  const w = l.warm;
  lines.push(`  warm, inside one Engine: `
    + (w ? `median ${fmt(w.medianMs, 1)} ms (min ${fmt(w.minMs, 1)}, max ${fmt(w.maxMs, 1)} over ${w.reps} runs; `
      + `first run ${fmt(w.firstMs, 0)} ms)` : 'FAILED')
    + `   [target < ${WARM_TARGET_MS} ms]`);
  return lines;
}

/** Prints everything; returns the number of problems (failed runs and result mismatches). */
export function printResults(results: BenchResults): number {
  const out = ['', ...mainTable(results)];
  out.push(`Median of ${results.runs} fresh processes each: wall seconds spawn to exit, peak RSS in MB. `
    + `T/x = Tributary / x; * = over this issue's ${RATIO_TARGET}x target. Peak RSS: /usr/bin/time -v `
    + '(Spark: its process tree, sampled from /proc).');
  if (results.tributaryBuild && results.cases.some((c) => c.engines.tributary)) {
    out.push(results.tributaryBuild === 'bundled'
      ? 'Tributary ran as users run it: `node out/main/cli.js run FILE --json` (npm run build). --from-source runs main/cli.ts.'
      : 'Tributary ran from the TypeScript source: `node main/cli.ts run FILE --json` (--from-source).');
  }
  out.push(...growth(results), ...skewedStages(results), ...latency(results));
  console.log(out.join('\n'));
  let problems = 0;
  for (const c of results.cases) {
    for (const e of ENGINES) {
      const r = c.engines[e];
      if (r?.failure) {
        problems++;
        console.log(`\nFAILED: ${ENGINE_LABEL[e]} on ${c.workload} ${c.size}:\n${r.failure}`);
      }
      if (r?.mismatch) {
        problems++;
        console.log(`\n${'!'.repeat(72)}\nRESULT MISMATCH on ${c.workload} ${c.size}: ${r.mismatch.join('\n  ')}\n${'!'.repeat(72)}`);
      }
    }
  }
  const l = results.latency;
  for (const [what, failure] of [['cold', l?.coldFailure], ['warm', l?.warmFailure]] as const) {
    if (failure) {
      problems++;
      console.log(`\nFAILED: 10k-row pipeline (${what}):\n${failure}`);
    }
  }
  return problems;
}
