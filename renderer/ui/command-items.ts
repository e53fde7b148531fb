// What the command palette (Mod+K) offers: every action, every node kind (added as the palette adds
// it), and the pipelines to open (the workspace's files and the shipped examples), filtered by
// words typed in any order.

export interface CommandItem {
  readonly id: string;
  readonly section: 'Action' | 'Add node' | 'Open pipeline' | 'Example';
  readonly label: string;
  /** Shortcut, kind or path shown on the right. */
  readonly detail: string;
  readonly run: () => void;
}

/** Items whose text holds every typed word, those whose label starts with the query first. */
export function filterCommands(items: readonly CommandItem[], query: string): CommandItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  const hits = items.filter((i) => {
    const hay = `${i.section} ${i.label} ${i.detail}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const q = query.trim().toLowerCase();
  return hits.sort((a, b) => Number(b.label.toLowerCase().startsWith(q)) - Number(a.label.toLowerCase().startsWith(q)));
}
