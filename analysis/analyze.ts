/** A sweep's runs → aggregates, the fitted model and the recommendation (pure). */
import { aggregate, type Aggregates } from './aggregate.js';
import { recommend, type Recommendation } from './advisor.js';
import type { Limits } from './limits.js';
import { fitCostModel, type CostModel } from './model.js';
import type { RunFigures } from './runFigures.js';

export interface Analysis {
  readonly aggregates: Aggregates;
  readonly model: CostModel;
  readonly recommendation: Recommendation;
}

export function analyze(runs: readonly RunFigures[], limits: Limits, measured: { readonly writeBytesPerSec?: number } = {}): Analysis {
  const aggregates = aggregate(runs);
  const model = fitCostModel(aggregates, measured);
  return { aggregates, model, recommendation: recommend(aggregates, model, limits) };
}
