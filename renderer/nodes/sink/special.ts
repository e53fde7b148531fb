import { str, type NodeSpecial } from '../node-special.ts';

export const sink: NodeSpecial = {
  summary: (p) => str(p.path) || 'no path yet',
};

export const parquetSink: NodeSpecial = {
  summary: sink.summary,
  initialParams: () => ({ path: 'out/result.parquet' }),
};

export const csvSink: NodeSpecial = {
  summary: sink.summary,
  initialParams: () => ({ path: 'out/result.csv' }),
};
