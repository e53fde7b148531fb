// The layering rules bite: every known-bad fixture raises exactly the rule counts it declares
// when linted as if it sat in the folder it names, and the real repository lints clean.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

interface Fixture { name: string; lintAs: string; expected: Record<string, number>; text: string }

function readFixture(name: string): Fixture {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8');
  const lintAs = /^\/\/ lint as: (\S+)$/m.exec(text)?.[1];
  if (!lintAs) throw new Error(`fixture ${name} has no "// lint as: PATH" line`);
  const expected: Record<string, number> = {};
  for (const m of text.matchAll(/^\/\/ expect: (\S+) (\d+)$/gm)) expected[m[1]!] = Number(m[2]);
  if (Object.keys(expected).length === 0 && !/^\/\/ expect: nothing$/m.test(text)) {
    throw new Error(`fixture ${name} declares no "// expect: RULE COUNT" (or "// expect: nothing")`);
  }
  return { name, lintAs, expected, text };
}

const fixtures = readdirSync(FIXTURES).filter((n) => n.endsWith('.ts.txt')).sort().map(readFixture);
const eslint = new ESLint({ cwd: ROOT });

async function ruleCounts(f: Fixture): Promise<Record<string, number>> {
  const [result] = await eslint.lintText(f.text, { filePath: path.join(ROOT, f.lintAs) });
  const counts: Record<string, number> = {};
  for (const m of result!.messages) {
    const rule = m.ruleId ?? `fatal: ${m.message}`;
    counts[rule] = (counts[rule] ?? 0) + 1;
  }
  return counts;
}

describe('layering lint', () => {
  it('has a fixture for every layer rule', () => {
    const folders = new Set(fixtures.map((f) => f.lintAs.split('/').slice(0, f.lintAs.startsWith('main/services') ? 2 : 1).join('/')));
    expect([...folders].sort()).toEqual(['engine', 'main', 'main/services', 'renderer']);
    // The engine's floors have their own rules on top of the engine's: upward, sideways, and the
    // top floor reaching down is fine.
    expect(fixtures.some((f) => f.lintAs.startsWith('engine/compute/'))).toBe(true);
    expect(fixtures.some((f) => f.lintAs.startsWith('engine/logical/'))).toBe(true);
    expect(fixtures.some((f) => f.lintAs === 'engine/path-policy.ts')).toBe(true);
  });

  for (const f of fixtures) {
    it(`${f.name} (as ${f.lintAs}) raises ${JSON.stringify(f.expected)}`, async () => {
      expect(await ruleCounts(f)).toEqual(f.expected);
    });
  }

  it('puts every source file of engine/ in a room of a floor (ENGINE_FLOORS), and each room on one floor', async () => {
    const config = await import(pathToFileURL(path.join(ROOT, 'eslint.config.js')).href) as { ENGINE_FLOORS: string[][] };
    const rooms = config.ENGINE_FLOORS.flat();
    expect(new Set(rooms).size).toBe(rooms.length);
    const engine = path.join(ROOT, 'engine');
    const sources = readdirSync(engine, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(100);
    const roomOf = (f: string): string => (f.includes(path.sep) ? `${f.split(path.sep)[0]}/` : f);
    expect(sources.filter((f) => !rooms.includes(roomOf(f)))).toEqual([]);
    // And no room is named that is not there.
    expect(rooms.filter((r) => !sources.some((f) => roomOf(f) === r))).toEqual([]);
  });

  it('the repository lints clean', async () => {
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) => r.messages
      .filter((m) => m.severity === 2)
      .map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}: ${m.message}`));
    expect(problems).toEqual([]);
    // It really looked at the code it guards.
    const linted = results.map((r) => path.relative(ROOT, r.filePath));
    expect(linted.some((p) => p.startsWith('engine/'))).toBe(true);
    expect(linted.some((p) => p.startsWith('renderer/'))).toBe(true);
    expect(linted.some((p) => p.startsWith('test/lint/fixtures'))).toBe(false);
  }, 180_000);
});
