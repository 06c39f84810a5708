/** `--rate N` or `--rate auto[:fraction]`: a fixed input rate, or a fraction of the capacity a probe measures (pure). */
import { PARAMETERS, allowedValues } from './parameters.js';
import { WorkloadParameterError } from './validate.js';

/** The fraction of capacity `auto` runs at. */
export const DEFAULT_AUTO_RATE_FRACTION = 0.7;

export type RateSpec = { readonly rate: number } | { readonly autoFraction: number };

/** @throws WorkloadParameterError naming --rate, the value and what is allowed */
export function parseRateSpec(text: string): RateSpec {
  const auto = /^auto(?::(.*))?$/.exec(text.trim());
  if (!auto) {
    if (!/^\d+$/.test(text.trim()))
      throw new WorkloadParameterError(
        `Invalid value for --rate: '${text}'. Allowed: ${allowedValues(PARAMETERS.rate)}, or auto[:fraction] (e.g. auto:0.7).`,
        'rate',
      );
    return { rate: Number(text) };
  }
  const fraction = auto[1] === undefined ? DEFAULT_AUTO_RATE_FRACTION : Number(auto[1]);
  if (!(auto[1] === undefined || /^\d*\.?\d+$/.test(auto[1])) || !(fraction > 0 && fraction <= 1)) {
    throw new WorkloadParameterError(
      `Invalid value for --rate: '${text}'. Allowed: auto:<fraction> with a fraction above 0 and at most 1, e.g. auto:0.7.`,
      'rate',
    );
  }
  return { autoFraction: fraction };
}
