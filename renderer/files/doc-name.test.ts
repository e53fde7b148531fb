import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../main/api.ts';
import { emptyDocument } from '../store/doc-ops.ts';
import { namedForFile } from './doc-name.ts';
import { pathBaseText } from './path-base.ts';

const named = (name: string): PipelineDocument => ({ ...emptyDocument(), name });

describe('the name a document gets when saved', () => {
  it('a default name follows the file name', () => {
    expect(namedForFile(emptyDocument(), undefined, 'my-orders.json').name).toBe('my-orders');
    expect(namedForFile(named(''), undefined, 'sub/dir/q3 report.json').name).toBe('q3 report');
  });

  it('a name after the old file follows the new one; a chosen name stays', () => {
    expect(namedForFile(named('revenue-by-country'), 'revenue-by-country.json', 'mine.json').name).toBe('mine');
    const chosen = named('Quarterly revenue');
    expect(namedForFile(chosen, 'revenue.json', 'mine.json')).toBe(chosen);
  });
});

describe('where the inspector says relative paths resolve', () => {
  it('the pipeline file folder, else the workspace', () => {
    expect(pathBaseText(undefined, false)).toMatch(/Not saved yet: .*workspace folder/);
    expect(pathBaseText('sub/p.json', false)).toBe("Relative paths resolve against workspace/sub/, the pipeline file's folder.");
    expect(pathBaseText('revenue-by-country.json', true)).toMatch(/against workspace\/, .*example is saved there on Save/);
  });
});
