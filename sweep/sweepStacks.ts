/**
 * The Pulumi stacks a sweep runs over (`--stacks 'ckpt-*'`): found by glob, each validated with its
 * interval, failures, workload and bench windows; the sweep's settings as they set them; their cells.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackConfigOf } from '../infra/pulumi/stackFiles.js';
import { parseStackConfig } from '../infra/pulumi/stackConfig.js';
import { formatDurationMs } from '../lib/duration.js';
import type { FailureKind } from '../lib/failurePlan.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { planRounds, type Cell } from './plan.js';
import { SweepUsageError, type SweepSettings } from './sweepArgs.js';

export interface SweepStack {
  readonly name: string;
  /** 0: checkpointing off (the baseline stack). */
  readonly intervalMs: number;
  /** What the stack's bench injects (bench.failure, bench.failures). */
  readonly failure?: FailureKind;
  readonly failures: number;
  /** The stack's workload (its rate, state, …), without the interval. */
  readonly workload: WorkloadParameters;
  /** The stack's bench windows (bench.warmup, bench.duration, bench.sample). */
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly sampleMs: number;
}

/** `ckpt-*` → /^ckpt-.*$/ (only * and ? are special). */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** The stacks whose Pulumi.<stack>.yaml match `glob`, each validated, with its interval and failures. */
export function readSweepStacks(workDir: string, glob: string): SweepStack[] {
  const re = globToRegExp(glob);
  const stacks = readdirSync(workDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined && re.test(s))
    .map((name): SweepStack => {
      let cfg;
      try {
        cfg = parseStackConfig(stackConfigOf(readFileSync(join(workDir, `Pulumi.${name}.yaml`), 'utf8')));
      } catch (e) {
        throw new SweepUsageError(`Pulumi.${name}.yaml: ${(e as Error).message}`);
      }
      const { checkpointIntervalMs: _interval, ...workload } = cfg.workload;
      const { warmupMs, durationMs, sampleMs } = cfg.bench;
      return {
        name,
        intervalMs: cfg.checkpoint.intervalMs,
        failure: cfg.bench.failure,
        failures: cfg.bench.failures,
        workload,
        warmupMs,
        durationMs,
        sampleMs,
      };
    })
    .sort((a, b) => a.intervalMs - b.intervalMs);
  if (stacks.length === 0)
    throw new SweepUsageError(
      `Invalid --stacks: '${glob}' matches no Pulumi.<stack>.yaml in ${workDir}. Allowed: a glob over the stacks there (ckpt-lab stacks init makes them).`,
    );
  const byInterval = new Map<number, string>();
  for (const s of stacks) {
    const other = byInterval.get(s.intervalMs);
    if (other)
      throw new SweepUsageError(
        `Invalid --stacks: '${glob}' matches ${other} and ${s.name}, both with interval ${formatDurationMs(s.intervalMs)}. Allowed: one stack per interval.`,
      );
    byInterval.set(s.intervalMs, s.name);
  }
  return stacks;
}

/**
 * The sweep's settings as its stacks set them: their intervals and failures, not the profile's
 * (what sweep.json records and the report states). The stacks must agree on the failures, and the
 * baseline must inject none.
 */
export function settingsFromStacks(settings: SweepSettings, stacks: readonly SweepStack[]): SweepSettings {
  const baseline = stacks.find((s) => s.intervalMs === 0);
  if (baseline && baseline.failures > 0) {
    throw new SweepUsageError(
      `Pulumi.${baseline.name}.yaml: the baseline (interval off) injects ${baseline.failures} ${baseline.failure}; without checkpoints a failure replays from the start. Allowed: bench.failure none (ckpt-lab stacks init sets it).`,
    );
  }
  const checkpointing = stacks.filter((s) => s.intervalMs > 0);
  const kinds = new Set(checkpointing.map((s) => `${s.failures} ${s.failure ?? 'none'}`));
  if (kinds.size > 1) {
    throw new SweepUsageError(
      `The stacks inject different failures (${checkpointing.map((s) => `${s.name}: ${s.failures} ${s.failure ?? 'none'}`).join(', ')}). Allowed: the same bench.failure and bench.failures in every stack, so the intervals compare.`,
    );
  }
  const workloads = new Set(stacks.map((s) => JSON.stringify(s.workload)));
  if (workloads.size > 1) {
    throw new SweepUsageError(
      `The stacks run different workloads (${stacks.map((s) => `${s.name}: ${JSON.stringify(s.workload)}`).join('; ')}). Allowed: stacks that differ in the checkpoint interval alone (ckpt-lab stacks init derives them so).`,
    );
  }
  const first = checkpointing[0];
  const workload = stacks[0]!.workload;
  return {
    ...settings,
    workload,
    stateModes: [String(workload.stateMode)],
    autoRate: undefined,
    intervalsMs: checkpointing.map((s) => s.intervalMs),
    failures: first?.failures ?? 0,
    failureKind: first?.failure ?? settings.failureKind,
    // Each stack's bench runs its own windows; the profile's are not what ran.
    windowsByInterval: Object.fromEntries(stacks.map((s) => [formatDurationMs(s.intervalMs), { warmupMs: s.warmupMs, durationMs: s.durationMs }])),
    sampleMs: stacks[0]!.sampleMs,
  };
}

/** Rounds over the stacks, rotated each round as in planCells. */
export function planStackCells(stacks: readonly SweepStack[], repeat: number): Cell[] {
  return planRounds(
    stacks.map((s) => s.intervalMs),
    repeat,
  );
}
