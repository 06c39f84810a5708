/** Validation of workload parameters against the shared table, with the job's own messages. */
import {
  CONSTRAINTS,
  PARAMETERS,
  PARAMETER_NAMES,
  allowedValues,
  type ParameterName,
  type ParameterSpec,
  type ParameterValue,
  type WorkloadParameters,
} from './parameters.js';

/** A parameter that is unknown or outside what the table allows; the message names both. */
export class WorkloadParameterError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
    this.name = 'WorkloadParameterError';
  }
}

/** The value as it appears on the job's command line. */
export function renderValue(value: ParameterValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function invalid(name: string, value: ParameterValue, spec: ParameterSpec): WorkloadParameterError {
  return new WorkloadParameterError(`Invalid value for --${name}: '${renderValue(value)}'. Allowed: ${allowedValues(spec)}.`, name);
}

function isIntegerIn(value: unknown, spec: ParameterSpec): boolean {
  return (
    typeof value === 'number' && Number.isSafeInteger(value) && value >= (spec.min ?? Number.MIN_SAFE_INTEGER) && value <= (spec.max ?? Number.MAX_SAFE_INTEGER)
  );
}

function checkValue(name: ParameterName, value: ParameterValue): void {
  const spec = PARAMETERS[name];
  const ok = (() => {
    switch (spec.type) {
      case 'integer':
        return isIntegerIn(value, spec) || (typeof value === 'number' && (spec.alsoAllowed ?? []).includes(value));
      case 'integerList':
        return Array.isArray(value) && value.length > 0 && value.every((v) => isIntegerIn(v, spec));
      case 'enum':
        return typeof value === 'string' && (spec.values ?? []).includes(value);
      case 'boolean':
        return typeof value === 'boolean';
    }
  })();
  if (!ok) throw invalid(name, value, spec);
}

/**
 * Checks every given value and fills in defaults, as the job does.
 * @throws WorkloadParameterError naming the parameter, the value and what is allowed
 */
export function resolveWorkload(given: WorkloadParameters): WorkloadParameters {
  for (const name of Object.keys(given)) {
    if (!(name in PARAMETERS)) {
      throw new WorkloadParameterError(`Unknown parameter --${name}. Allowed parameters: ${PARAMETER_NAMES.map((n) => `--${n}`).join(', ')}`, name);
    }
  }
  const resolved: { [K in ParameterName]?: ParameterValue } = {};
  for (const name of PARAMETER_NAMES) {
    const value = given[name] ?? PARAMETERS[name].default;
    if (value === undefined) continue;
    checkValue(name, value);
    resolved[name] = value;
  }
  for (const rule of CONSTRAINTS) {
    const left = resolved[rule.parameter];
    if (left === undefined) continue;
    if ('atMost' in rule) {
      const right = resolved[rule.atMost];
      if (right !== undefined && (left as number) > (right as number)) {
        throw new WorkloadParameterError(
          `Invalid value for --${rule.parameter}: '${renderValue(left)}'. Allowed: at most --${rule.atMost} (${renderValue(right)}).`,
          rule.parameter,
        );
      }
    } else if (resolved[rule.requires] === undefined) {
      throw new WorkloadParameterError(
        `Invalid value for --${rule.parameter}: '${renderValue(left)}'. Allowed: only together with --${rule.requires}.`,
        rule.parameter,
      );
    }
  }
  return resolved;
}
