/**
 * The workload's command-line flags, shared by `run`, `sweep` and the Pulumi bench command (pure):
 * flag text → parameter values checked against the one parameter table, and a flag-named error.
 */
import { PARAMETERS, allowedValues, type ParameterName } from './parameters.js';
import { parseRateSpec } from './rateSpec.js';

/** CLI flag → workload parameter. */
export const WORKLOAD_FLAGS: Readonly<Record<string, ParameterName>> = {
  rate: 'rate',
  keys: 'keys',
  bidders: 'bidders',
  'state-mode': 'stateMode',
  'state-backend': 'stateBackend',
  parallelism: 'parallelism',
  seed: 'seed',
  incremental: 'incremental',
  'min-pause': 'minPauseMs',
};

export class WorkloadFlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkloadFlagError';
  }
}

/** The workload flags that were given: their values, and `--rate auto[:f]` as a fraction. */
export interface WorkloadFlags {
  readonly values: Readonly<Record<string, number | string | boolean>>;
  readonly autoFraction?: number;
}

/** A workload value from its flag text, typed by the parameter table. */
function workloadValue(flag: string, name: ParameterName, text: string): number | string | boolean {
  const spec = PARAMETERS[name];
  if (spec.type === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new WorkloadFlagError(`Invalid value for --${flag}: '${text}'. Allowed: ${allowedValues(spec)}.`);
    return text === 'true';
  }
  if (spec.type === 'integer' && spec.unit === 'ms') {
    // A duration, as every other duration flag takes it: 0, 500ms, 2s.
    const m = /^(\d+)(ms|s|m)?$/.exec(text.trim());
    if (!m) throw new WorkloadFlagError(`Invalid value for --${flag}: '${text}'. Allowed: a duration such as 0, 500ms or 2s (${allowedValues(spec)}).`);
    return Number(m[1]) * (m[2] === 's' ? 1_000 : m[2] === 'm' ? 60_000 : 1);
  }
  if (spec.type === 'integer') {
    if (!/^-?\d+$/.test(text.trim())) throw new WorkloadFlagError(`Invalid value for --${flag}: '${text}'. Allowed: ${allowedValues(spec)}.`);
    return Number(text);
  }
  return text;
}

/** Reads the workload flags present in `flags`; ranges are checked later, by resolveWorkload. */
export function workloadFromFlags(flags: Readonly<Record<string, string | boolean | undefined>>): WorkloadFlags {
  const values: Record<string, number | string | boolean> = {};
  let autoFraction: number | undefined;
  for (const [flag, name] of Object.entries(WORKLOAD_FLAGS)) {
    const v = flags[flag];
    if (typeof v !== 'string') continue;
    if (flag === 'rate') {
      let rate;
      try {
        rate = parseRateSpec(v);
      } catch (e) {
        throw new WorkloadFlagError((e as Error).message);
      }
      if ('rate' in rate) values.rate = rate.rate;
      else autoFraction = rate.autoFraction;
      continue;
    }
    values[name] = workloadValue(flag, name, v);
  }
  return { values, autoFraction };
}

/** The parameter table speaks of the job's names (`--stateMode`); say the flag the user typed. */
export function inFlagTerms(message: string): string {
  let out = message;
  // Every mention, not only the one before a colon: "only together with --stateBackend." names a flag too.
  for (const [flag, name] of Object.entries(WORKLOAD_FLAGS)) out = out.replace(new RegExp(`--${name}(?![A-Za-z-])`, 'g'), `--${flag}`);
  return out;
}
