import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { PARAMETERS, parameterTableSchema } from './parameters.js';

const table = () => JSON.parse(readFileSync(join(REPO_ROOT, 'workload/parameters.json'), 'utf8')) as { parameters: Record<string, Record<string, unknown>> };
const firstIssue = (v: unknown) => {
  const r = parameterTableSchema.safeParse(v);
  return r.success ? undefined : { path: r.error.issues[0]!.path.join('.'), code: r.error.issues[0]!.code };
};

describe('workload/parameters.json', () => {
  it('is read through its schema, with the values it holds', () => {
    // As the file says: rate an integer from 1 to 10,000,000 events/s, default 15,000.
    expect(PARAMETERS.rate).toMatchObject({ type: 'integer', default: 15000, min: 1, max: 10000000, unit: 'events/s' });
    expect(PARAMETERS.stateMode.values).toEqual(['bigstate', 'realistic', 'hybrid']);
  });

  it('refuses a misspelt key and a wrong type, naming the path', () => {
    const t = table();
    expect(firstIssue({ ...t, parameters: { ...t.parameters, rate: { ...t.parameters.rate, maximum: 5 } } })).toEqual({
      path: 'parameters.rate',
      code: 'unrecognized_keys',
    });
    expect(firstIssue({ ...t, parameters: { ...t.parameters, keys: { ...t.parameters.keys, type: 'float' } } })).toEqual({
      path: 'parameters.keys.type',
      code: 'invalid_value',
    });
    expect(firstIssue({ ...t, parameters: { ...t.parameters, keys: { ...t.parameters.keys, min: '1' } } })).toEqual({
      path: 'parameters.keys.min',
      code: 'invalid_type',
    });
  });
});
