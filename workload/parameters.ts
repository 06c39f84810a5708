/** The workload's parameter table: workload/parameters.json, shared with the Flink job (Java). */
import * as z from 'zod';
import table from './parameters.json' with { type: 'json' };

export type ParameterName = keyof typeof table.parameters;
const parameterValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number())]);
export type ParameterValue = z.output<typeof parameterValue>;

/** One declared parameter. A parameter without `default` is optional. */
const parameterSpecSchema = z
  .strictObject({
    type: z.enum(['integer', 'integerList', 'enum', 'boolean']),
    default: parameterValue.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    alsoAllowed: z.array(z.number()).readonly().optional(),
    values: z.array(z.string()).readonly().optional(),
    unit: z.string().optional(),
    description: z.string(),
  })
  .readonly();

/** The file's schema (strict): a misspelt key in the table fails at load, in TypeScript as in the job. */
export const parameterTableSchema = z.strictObject({
  $comment: z.string(),
  parameters: z.record(z.string(), parameterSpecSchema),
  /** A rule between two parameters: `parameter ≤ atMost`, or `parameter` only with `requires`. */
  constraints: z.array(
    z.union([z.strictObject({ parameter: z.string(), atMost: z.string() }), z.strictObject({ parameter: z.string(), requires: z.string() })]),
  ),
});

export type ParameterSpec = z.output<typeof parameterSpecSchema>;
export type ParameterType = ParameterSpec['type'];
export type ParameterConstraint =
  { readonly parameter: ParameterName; readonly atMost: ParameterName } | { readonly parameter: ParameterName; readonly requires: ParameterName };

/** The workload as the job receives it: a value per given or defaulted parameter. */
export type WorkloadParameters = { readonly [K in ParameterName]?: ParameterValue };

const checked = parameterTableSchema.parse(table);
for (const c of checked.constraints) {
  const named = 'atMost' in c ? c.atMost : c.requires;
  for (const n of [c.parameter, named])
    if (!(n in checked.parameters)) throw new Error(`workload/parameters.json: a constraint names ${n}, which is no parameter.`);
}
export const PARAMETERS = checked.parameters as Readonly<Record<ParameterName, ParameterSpec>>;
export const CONSTRAINTS = checked.constraints as readonly ParameterConstraint[];
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
