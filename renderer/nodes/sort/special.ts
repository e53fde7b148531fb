import { list, rec, str, type NodeSpecial } from '../node-special.ts';

export const sort: NodeSpecial = {
  summary: (p) => list(p.keys).map((k) => {
    const r = rec(k);
    return `${str(r.column)}${r.descending ? ' desc' : ''}`;
  }).join(', ') || 'no keys yet',
};

export const limit: NodeSpecial = {
  summary: (p) => `first ${str(p.count)} rows`,
  initialParams: () => ({ count: 100 }),
};
