import { list, str, type NodeSpecial } from '../node-special.ts';

export const sort: NodeSpecial = {
  summary: (p) => list(p.keys).map((k) => {
    const r = k as Record<string, unknown>;
    return `${str(r.column)}${r.descending ? ' desc' : ''}`;
  }).join(', ') || 'no keys yet',
};

export const limit: NodeSpecial = {
  summary: (p) => `first ${str(p.count)} rows`,
  initialParams: () => ({ count: 100 }),
};
