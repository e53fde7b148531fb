import { str, type NodeSpecial } from '../node-special.ts';

export const model: NodeSpecial = {
  summary: (p) => `${str(p.labelCol) || 'label'} ~ ${str(p.featuresCol) || 'features'}`,
};

export const evaluate: NodeSpecial = {
  summary: (p) => `${str(p.metric) || 'rmse'} of ${str(p.predictionCol) || 'prediction'}`,
};
