import { str, type NodeSpecial } from '../node-special.ts';

export const filter: NodeSpecial = {
  summary: (p) => str(p.condition) || 'no condition yet',
};
