import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CATALOG } from '../../engine/document/catalog.ts';
import { FUNCTIONS } from '../../engine/logical/function-catalog.ts';
import { catalogMarkdown } from './catalog-markdown.ts';

const DOC = new URL('../../docs/pipeline-format.md', import.meta.url);

describe('tributary catalog --markdown', () => {
  it('docs/pipeline-format.md is what the catalogs generate (regenerate: node main/cli.ts catalog --markdown > docs/pipeline-format.md)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(catalogMarkdown());
  });

  it('documents every node kind with every param, and every function', () => {
    const text = catalogMarkdown();
    for (const def of CATALOG) {
      expect(text).toContain(`### \`${def.kind}\`: ${def.title}`);
      for (const p of def.params) expect(text, `${def.kind}.${p.name}`).toContain(`| \`${p.name}\` |`);
    }
    for (const f of Object.values(FUNCTIONS)) expect(text).toContain(`| \`${f.usage}\` |`);
  });

  it('the command prints the same text, and refuses an unknown option with exit code 2', () => {
    const cli = new URL('../cli.ts', import.meta.url).pathname;
    expect(execFileSync(process.execPath, [cli, 'catalog', '--markdown'], { encoding: 'utf8' })).toBe(catalogMarkdown());
    let status = 0;
    try {
      execFileSync(process.execPath, [cli, 'catalog', '--markdwn'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      expect((e as { stderr: string }).stderr).toContain("unknown argument '--markdwn'");
    }
    expect(status).toBe(2);
  });
});
