import { describe, expect, it } from 'vitest';
import { filterCommands, type CommandItem } from './command-items.ts';

const item = (section: CommandItem['section'], label: string, detail: string): CommandItem =>
  ({ id: `${section}:${label}`, section, label, detail, run: () => undefined });
const items = [
  item('Action', 'Auto-layout', 'Shift+L'), item('Action', 'Run pipeline', 'Ctrl+Enter'),
  item('Add node', 'Filter', 'transform.filter'), item('Example', 'sales-report', 'examples/sales-report.json'),
];

describe('command palette filtering', () => {
  it('keeps items holding every word, in any order, over section, label and detail', () => {
    expect(filterCommands(items, 'transform filter').map((i) => i.label)).toEqual(['Filter']);
    expect(filterCommands(items, 'example sales').map((i) => i.label)).toEqual(['sales-report']);
    expect(filterCommands(items, 'zzz')).toEqual([]);
    expect(filterCommands(items, '  ')).toHaveLength(4);
  });

  it('puts labels that start with the query first', () => {
    expect(filterCommands(items, 'f').map((i) => i.label)).toEqual(['Filter', 'Auto-layout']);
  });
});
