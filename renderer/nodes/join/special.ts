import { list, str, type NodeSpecial } from '../node-special.ts';

export const join: NodeSpecial = {
  summary: (p) => {
    const keys = list(p.on).map((k) => {
      const r = k as Record<string, unknown>;
      return r.left === r.right ? str(r.left) : `${str(r.left)} = ${str(r.right)}`;
    });
    const strategy = p.strategy && p.strategy !== 'auto' ? ` · ${str(p.strategy)}` : '';
    return `${str(p.type) || 'inner'} on ${keys.join(', ') || '?'}${strategy}`;
  },
  initialParams: () => ({ type: 'inner', on: [] }),
};
