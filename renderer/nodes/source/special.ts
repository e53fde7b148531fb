import { str, type NodeSpecial } from '../node-special.ts';

export const sampleSource: NodeSpecial = {
  summary: (p) => `${str(p.dataset) || 'events'} · ${typeof p.rows === 'number' ? p.rows.toLocaleString('en-US') : 'default'} rows`,
  initialParams: () => ({ dataset: 'events', rows: 20000 }),
};

export const fileSource: NodeSpecial = {
  summary: (p) => str(p.path) || 'no file chosen',
};
