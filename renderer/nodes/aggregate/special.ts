import { list, str, type NodeSpecial } from '../node-special.ts';

export const aggregate: NodeSpecial = {
  summary: (p) => {
    const by = list(p.groupBy).map(str);
    const aggs = list(p.aggregations).map((a) => {
      const r = a as Record<string, unknown>;
      return `${str(r.fn)}(${str(r.column)})${r.as ? ` as ${str(r.as)}` : ''}`;
    });
    return `${by.length ? `by ${by.join(', ')}: ` : ''}${aggs.join(', ') || 'no aggregations yet'}`;
  },
  initialParams: () => ({ groupBy: [], aggregations: [{ fn: 'count', as: 'rows' }] }),
};
