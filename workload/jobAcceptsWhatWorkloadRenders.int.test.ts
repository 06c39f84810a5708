/**
 * One definition of the parameters: the job (Java) accepts exactly what workload/ renders and refuses
 * exactly what workload/ refuses, with the same message and the same values.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRY, jobClasspath } from '../flink-job/ts/jobJar.js';
import { renderJobArgs, toArgList } from './jobArgs.js';
import { PARAMETERS, PARAMETER_NAMES, type ParameterName, type WorkloadParameters } from './parameters.js';
import { resolveWorkload } from './validate.js';

type JavaVerdict = { ok: true; values: Record<string, unknown> } | { ok: false; error: string };

/** Runs the job's own parser over many argument lists in one JVM. */
function javaVerdicts(argLists: string[][]): JavaVerdict[] {
  const run = spawnSync('java', ['-cp', jobClasspath(), ENTRY.checkParameters], {
    input: argLists.map((a) => JSON.stringify(a)).join('\n') + '\n',
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`CheckParameters failed (${run.status}): ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JavaVerdict);
}

const START = { startTimeMs: 1_700_000_000_000 };

/** Edge and just-outside values of every parameter, each on top of the defaults. */
function edgeCases(): WorkloadParameters[] {
  const cases: WorkloadParameters[] = [{ ...START }];
  for (const name of PARAMETER_NAMES) {
    const spec = PARAMETERS[name];
    const values: unknown[] = [];
    switch (spec.type) {
      case 'integer':
        values.push(spec.min, spec.max, (spec.min ?? 0) - 1, (spec.max ?? 0) + 1, 1.5, ...(spec.alsoAllowed ?? []));
        break;
      case 'integerList':
        values.push([spec.min], [spec.min, spec.max], [(spec.min ?? 0) - 1], [], [2.5]);
        break;
      case 'enum':
        values.push(...(spec.values ?? []), 'none', spec.values?.[0]?.toUpperCase());
        break;
      case 'boolean':
        values.push(true, false);
        break;
    }
    for (const value of values) {
      cases.push({ ...START, [name]: value });
      // The same value with what its cross-parameter rules need, so edges are not only refused.
      cases.push({ ...START, stateBackend: 'rocksdb', windowSizeMs: 86_400_000, [name]: value });
    }
  }
  cases.push({ ...START, windowSizeMs: 4000, windowSlideMs: 4001 });
  cases.push({ ...START, incremental: true });
  cases.push({ ...START, speed: 3 } as unknown as WorkloadParameters);
  return cases;
}

describe('the job and workload/ agree on the parameters', () => {
  const cases = edgeCases();
  let verdicts: JavaVerdict[];

  beforeAll(() => {
    verdicts = javaVerdicts(cases.map((c) => toArgList(c)));
  });

  it('accepts the rendered defaults and reads the same values', () => {
    const args = renderJobArgs(START);
    const [verdict] = javaVerdicts([args]);
    expect(verdict).toEqual({ ok: true, values: resolveWorkload(START) });
    expect(args).toContain('--rate');
    expect(args[args.indexOf('--rate') + 1]).toBe(String(PARAMETERS.rate.default));
  });

  it('gives the same verdict, message and values on every edge case', () => {
    let accepted = 0;
    let refused = 0;
    cases.forEach((params, i) => {
      const verdict = verdicts[i]!;
      let tsError: string | undefined;
      let tsValues: WorkloadParameters | undefined;
      try {
        tsValues = resolveWorkload(params);
      } catch (e) {
        tsError = (e as Error).message;
      }
      const label = JSON.stringify(params);
      if (tsError === undefined) {
        accepted++;
        expect(verdict, label).toEqual({ ok: true, values: tsValues });
      } else {
        refused++;
        expect(verdict, label).toEqual({ ok: false, error: tsError });
      }
    });
    console.log(`parameter cases: ${accepted} accepted and ${refused} refused by both`);
    // Neither side may be vacuous: plenty of each.
    expect(accepted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });

  it('names the parameter, the value and the allowed range when refusing', () => {
    const name: ParameterName = 'bidders';
    expect(() => renderJobArgs({ ...START, [name]: 0 })).toThrow("Invalid value for --bidders: '0'. Allowed: an integer from 1 to 100000000.");
  });
});
