/** The workload's parameter table: workload/parameters.json, shared with the Flink job (Java). */
import table from './parameters.json' with { type: 'json' };

export type ParameterName = keyof typeof table.parameters;
export type ParameterType = 'integer' | 'integerList' | 'enum' | 'boolean';
export type ParameterValue = number | string | boolean | number[];

/** One declared parameter. A parameter without `default` is optional. */
export interface ParameterSpec {
  readonly type: ParameterType;
  readonly default?: ParameterValue;
  readonly min?: number;
  readonly max?: number;
  readonly alsoAllowed?: readonly number[];
  readonly values?: readonly string[];
  readonly unit?: string;
  readonly description: string;
}

/** A rule between two parameters: `parameter ≤ atMost`, or `parameter` only with `requires`. */
export type ParameterConstraint =
  { readonly parameter: ParameterName; readonly atMost: ParameterName } | { readonly parameter: ParameterName; readonly requires: ParameterName };

/** The workload as the job receives it: a value per given or defaulted parameter. */
export type WorkloadParameters = { readonly [K in ParameterName]?: ParameterValue };

export const PARAMETERS = table.parameters as Readonly<Record<ParameterName, ParameterSpec>>;
export const CONSTRAINTS = table.constraints as readonly ParameterConstraint[];
export const PARAMETER_NAMES = Object.keys(PARAMETERS) as ParameterName[];

/** What a parameter accepts, in the same words as the job's error messages. */
export function allowedValues(spec: ParameterSpec): string {
  switch (spec.type) {
    case 'integer':
      return [`an integer from ${spec.min} to ${spec.max}`, ...(spec.alsoAllowed ?? []).map(String)].join(' or ');
    case 'integerList':
      return `comma-separated integers from ${spec.min} to ${spec.max}`;
    case 'enum':
      return `one of ${(spec.values ?? []).join(', ')}`;
    case 'boolean':
      return 'true or false';
  }
}
