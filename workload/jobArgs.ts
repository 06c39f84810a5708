/** The job's argument list for a workload. */
import { PARAMETER_NAMES, type WorkloadParameters } from './parameters.js';
import { renderValue, resolveWorkload } from './validate.js';

/** `--name value` pairs in table order, for the values given; nothing is checked. */
export function toArgList(params: WorkloadParameters): string[] {
  const names = [...PARAMETER_NAMES, ...Object.keys(params).filter((n) => !(PARAMETER_NAMES as string[]).includes(n))];
  return names.flatMap((name) => {
    const value = (params as Record<string, WorkloadParameters[keyof WorkloadParameters]>)[name];
    return value === undefined ? [] : [`--${name}`, renderValue(value)];
  });
}

/**
 * The validated argument list: every given value and every default, spelled out so the job never
 * depends on its own defaults.
 * @throws WorkloadParameterError before anything is started
 */
export function renderJobArgs(params: WorkloadParameters): string[] {
  return toArgList(resolveWorkload(params));
}
