/** `ckpt-lab sweep` flags → validated sweep settings, before anything starts (pure). */
import { formatDurationMs, parseCheckpointInterval, parseDurationMs } from '../lib/duration.js';
import { FAILURE_KINDS, healthGateMs, minFailureSpacingMs, RECOVERY_ALLOWANCE_MS, type FailureKind } from '../lib/failurePlan.js';
import type { CellKind } from './plan.js';
import { parseRateSpec } from '../workload/rateSpec.js';
import { FAILURE_DETECTION } from '../infra/clusterConfig.js';
import { LimitError, parseLimits, type Limits } from '../analysis/limits.js';
import { resolveWorkload } from '../workload/validate.js';
import { inFlagTerms, workloadFromFlags } from '../workload/flags.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import type { CheckpointType } from '../lib/checkpointType.js';
import { PROFILES, type SweepProfile } from './profiles.js';
import { portBaseProblem } from '../infra/local/ports.js';
import { SweepUsageError } from './sweepUsageError.js';
import { parseBidders, parseCheckpointTypes, parseStateModes, sweptStates, workloadOfCell } from './sweptWorkloads.js';

export { SweepUsageError };

export interface SweepSettings {
  readonly profile: SweepProfile;
  /** Checkpointing intervals, shortest first; the baseline (off) is always added. */
  readonly intervalsMs: readonly number[];
  readonly repeat: number;
  readonly failures: number;
  readonly failureKind: FailureKind;
  /** The workload; with autoRate its rate is replaced by the calibrated one before the cells run. */
  readonly workload: WorkloadParameters;
  /** The state modes compared, each with its own baseline, prefilled state and analysis; one: a plain sweep. */
  readonly stateModes: readonly string[];
  /** Bidders per state mode where they differ from the workload's (a mode's state must fit the cluster). */
  readonly biddersByMode?: Readonly<Record<string, number>>;
  /** State sizes in bidders, every mode at each, each with its own prefilled state and baseline (`--bidders 5000,20000`). */
  readonly sizes?: readonly number[];
  /** Checkpoint types run at every interval, against one baseline per state (`--checkpoint-type full,incremental`). */
  readonly checkpointTypes?: readonly CheckpointType[];
  /** `rate auto:<fraction>`: calibrated once at the sweep's start (bench/run.ts probeCapacity). */
  readonly autoRate?: { readonly fraction: number };
  readonly warmupMs: number;
  readonly sampleMs: number;
  /** --target pulumi: each stack's own bench windows, by interval (`off`, `5s`, …), instead of the profile's. */
  readonly windowsByInterval?: Readonly<Record<string, { readonly warmupMs: number; readonly durationMs: number }>>;
  readonly limits: Limits;
  readonly target: 'local' | 'pulumi';
  /** Which Pulumi stacks (a glob such as `ckpt-*`), for --target pulumi. */
  readonly stacks?: string;
  readonly destroyAfter: boolean;
  readonly outDir?: string;
  readonly portBase?: number;
  /** The seed of the cells' random order (recorded in sweep.json). */
  readonly seed: number;
  /** `--cost-window`: every cost cell's steady window, instead of the method's (ten checkpoints, at least 2 min); for trials. */
  readonly costWindowMs?: number;
}

/** The seed of the cells' order when --order-seed is not given: fixed, so a sweep's order is known before it starts. */
export const DEFAULT_ORDER_SEED = 20_261_201;

/** A cost cell's steady window: at least ten completed checkpoints and at least COST_WINDOW_MIN_MS (METHOD.md). */
export const COST_WINDOW_MIN_MS = 120_000;
export const COST_WINDOW_MIN_CHECKPOINTS = 10;

export function costWindowMs(intervalMs: number, minMs = COST_WINDOW_MIN_MS): number {
  // One interval more than ten: the window's first trigger comes up to one interval after its start.
  return Math.max(minMs, (COST_WINDOW_MIN_CHECKPOINTS + 1) * intervalMs);
}

/** A recovery cell's warm-up before its health gate starts counting. */
export const RECOVERY_WARMUP_MS = 30_000;

/**
 * A cell's warm-up after its restore. Cost cells: the profile's, the same at every interval, the baseline
 * included, so every window starts at the same time since the restore (METHOD.md). Recovery cells: long
 * enough for the health gate to hold before the first failure.
 */
export function cellWarmupMs(s: Pick<SweepSettings, 'warmupMs' | 'windowsByInterval'>, intervalMs: number, kind?: CellKind): number {
  const stacks = s.windowsByInterval?.[formatDurationMs(intervalMs)];
  if (stacks) return stacks.warmupMs;
  // The gate itself waits for a healthy job; the first failure needs no longer warm-up than the restore's transient.
  if (kind === 'recovery') return Math.max(Math.min(s.warmupMs, RECOVERY_WARMUP_MS), healthGateMs(intervalMs));
  if (kind === 'cost') return s.warmupMs;
  return intervalMs === 0 ? s.warmupMs : Math.max(s.warmupMs, 2 * intervalMs + 5_000);
}

/**
 * Time one failure needs after it fires: the outage (detection + restart) and draining its backlog
 * (outage + up to a cycle and a half of replay) with spare capacity, λ/(μ − λ) = f/(1 − f) at a
 * rate f × capacity; never less than the run's own allowance.
 */
export function recoveryAllowanceMs(s: Pick<SweepSettings, 'profile' | 'autoRate'>, intervalMs: number): number {
  const hb = FAILURE_DETECTION[s.profile.failureDetection];
  const outageMs = hb.intervalMs * hb.rpcFailureThreshold + 5_000;
  const f = s.autoRate?.fraction ?? 0.5;
  return Math.max(RECOVERY_ALLOWANCE_MS, Math.round(outageMs + ((outageMs + 1.5 * intervalMs) * f) / (1 - f) + 10_000));
}

/** The measured window of one cell: a cost cell's whole cycles, or a recovery cell's deadline, long enough for its failures and their recovery. */
export function cellDurationMs(
  s: Pick<SweepSettings, 'profile' | 'failures' | 'autoRate' | 'windowsByInterval' | 'costWindowMs'>,
  intervalMs: number,
  kind?: CellKind,
): number {
  const stacks = s.windowsByInterval?.[formatDurationMs(intervalMs)];
  if (stacks) return stacks.durationMs;
  if (kind === 'cost') return s.costWindowMs ?? costWindowMs(intervalMs);
  if (intervalMs === 0 || s.failures === 0) return s.profile.minDurationMs;
  return Math.max(s.profile.minDurationMs, s.failures * (minFailureSpacingMs(intervalMs, 0) - RECOVERY_ALLOWANCE_MS + recoveryAllowanceMs(s, intervalMs)));
}

export function parseIntervals(text: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new SweepUsageError(`Invalid --intervals: '${text}'. Allowed: a comma-separated list of checkpoint intervals, e.g. 1s,5s,30s.`);
  const seen = new Map<number, string>();
  for (const p of parts) {
    if (p === 'off')
      throw new SweepUsageError(
        `Invalid --intervals: '${text}'. Allowed: checkpoint intervals only; the no-checkpoint baseline (off) is always part of a sweep.`,
      );
    let ms: number;
    try {
      ms = parseCheckpointInterval(p);
    } catch (e) {
      throw new SweepUsageError(`Invalid --intervals: '${text}': ${(e as Error).message.replace('Invalid --interval: ', '')}`);
    }
    const before = seen.get(ms);
    if (before !== undefined)
      throw new SweepUsageError(`Invalid --intervals: '${text}' lists ${formatDurationMs(ms)} twice ('${before}' and '${p}'). Allowed: each interval once.`);
    seen.set(ms, p);
  }
  return [...seen.keys()].sort((a, b) => a - b);
}

function count(flag: string, text: string | undefined, dflt: number, min: number): number {
  if (text === undefined) return dflt;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 100)
    throw new SweepUsageError(`Invalid --${flag}: '${text}'. Allowed: an integer from ${min} to 100.`);
  return Number(text);
}

type Flags = Readonly<Record<string, string | boolean | undefined>>;
const textOf = (flags: Flags) => (k: string) => (typeof flags[k] === 'string' ? flags[k] : undefined);

export function parseSweepSettings(flags: Flags): SweepSettings {
  const text = textOf(flags);
  const profileName = text('profile') ?? 'quick';
  const profile = (PROFILES as Record<string, SweepProfile>)[profileName];
  if (!profile) throw new SweepUsageError(`Invalid --profile: '${profileName}'. Allowed: ${Object.keys(PROFILES).join(', ')}.`);
  const { target, stacks } = parseTarget(flags);
  const intervalsMs = parseIntervals(text('intervals') ?? profile.intervals);
  const failureKind = text('failure') ?? 'tm-kill';
  if (!(FAILURE_KINDS as readonly string[]).includes(failureKind))
    throw new SweepUsageError(`Invalid --failure: '${failureKind}'. Allowed: ${FAILURE_KINDS.join(', ')}.`);
  const seedText = text('order-seed');
  if (seedText !== undefined && !/^\d{1,9}$/.test(seedText))
    throw new SweepUsageError(`Invalid --order-seed: '${seedText}'. Allowed: an integer from 0 to 999999999.`);
  const portBaseText = text('port-base');
  const portBaseError = portBaseText === undefined ? undefined : portBaseProblem(portBaseText);
  if (portBaseError) throw new SweepUsageError(portBaseError);
  const modeText = text('state-mode');
  const stateModes = modeText !== undefined ? parseStateModes(modeText) : [...(profile.stateModes ?? [profile.workload.stateMode])];
  if (target === 'pulumi' && stateModes.length > 1)
    throw new SweepUsageError(`--state-mode ${modeText}: with --target pulumi each stack sets its own workload; compare state modes on the local target.`);
  const { workload, biddersByMode, sizes, checkpointTypes, autoRate } = parseSweepWorkload(flags, profile, stateModes, intervalsMs[0]!);
  if (target === 'pulumi' && (sizes || checkpointTypes))
    throw new SweepUsageError(
      `--bidders ${String(text('bidders'))} / --checkpoint-type: with --target pulumi each stack sets its own workload; sweep sizes and types on the local target.`,
    );
  const probeMs = parseTrialWindow('probe', text('probe'), 10_000, `the profile's own is ${formatDurationMs(profile.probeMs)}`);
  return {
    profile: probeMs === undefined ? profile : { ...profile, probeMs },
    intervalsMs,
    repeat: count('repeat', text('repeat'), profile.repeat, 1),
    failures: count('failures', text('failures'), profile.failures, 0),
    failureKind: failureKind as FailureKind,
    workload,
    stateModes,
    biddersByMode: stateModes.length > 1 ? biddersByMode : undefined,
    sizes,
    checkpointTypes,
    autoRate,
    warmupMs: parseTrialWindow('warmup', text('warmup'), 10_000, `the profile's own is ${formatDurationMs(profile.warmupMs)}`) ?? profile.warmupMs,
    sampleMs: profile.sampleMs,
    limits: parseSweepLimits(flags),
    target,
    stacks,
    destroyAfter: flags.destroy === true,
    outDir: text('out'),
    portBase: portBaseText === undefined ? undefined : Number(portBaseText),
    seed: seedText === undefined ? DEFAULT_ORDER_SEED : Number(seedText),
    costWindowMs: parseTrialWindow('cost-window', text('cost-window'), 20_000, "the method's own is ten checkpoints and at least 2m"),
  };
}

/** --target local|pulumi, and --stacks, which only the pulumi target takes. */
function parseTarget(flags: Flags): { target: 'local' | 'pulumi'; stacks?: string } {
  const text = textOf(flags);
  const target = text('target') ?? 'local';
  if (target !== 'local' && target !== 'pulumi') throw new SweepUsageError(`Invalid --target: '${target}'. Allowed: local or pulumi.`);
  const stacks = text('stacks');
  if (target === 'pulumi' && !stacks) throw new SweepUsageError('--target pulumi needs --stacks <glob>, e.g. --stacks "ckpt-*".');
  if (target === 'local' && stacks) throw new SweepUsageError('--stacks only applies with --target pulumi.');
  return { target, stacks };
}

function parseSweepLimits(flags: Flags): Limits {
  try {
    return parseLimits(flags);
  } catch (e) {
    if (e instanceof LimitError) throw new SweepUsageError(e.message);
    throw e;
  }
}

/** A trial's window flag (--cost-window, --warmup, --probe): a duration of at least `minMs`, instead of the method's own. */
function parseTrialWindow(flag: string, given: string | undefined, minMs: number, method: string): number | undefined {
  if (given === undefined) return undefined;
  let ms: number;
  try {
    ms = parseDurationMs(`--${flag}`, given);
  } catch (e) {
    throw new SweepUsageError((e as Error).message);
  }
  if (ms < minMs) throw new SweepUsageError(`Invalid --${flag}: '${given}'. Allowed: at least ${formatDurationMs(minMs)} (${method}).`);
  return ms;
}

interface SweepWorkload {
  workload: Record<string, string | number | boolean>;
  biddersByMode?: Record<string, number>;
  sizes?: number[];
  checkpointTypes?: CheckpointType[];
  autoRate?: { fraction: number };
}

/**
 * The profile's workload with the workload flags given on top, validated as `run` validates them, for
 * every state the sweep runs (each mode at each size) and each checkpoint type.
 */
function parseSweepWorkload(flags: Flags, profile: SweepProfile, stateModes: readonly string[], firstIntervalMs: number): SweepWorkload {
  const text = textOf(flags);
  const workload: Record<string, string | number | boolean> = { ...profile.workload };
  const biddersText = text('bidders');
  const bidders = biddersText === undefined ? { biddersByMode: profile.biddersByMode } : parseBidders(biddersText, stateModes);
  const typesText = text('checkpoint-type');
  if (typesText !== undefined && text('incremental') !== undefined)
    throw new SweepUsageError('--checkpoint-type and --incremental both set the checkpoint type: give one (--checkpoint-type full,incremental sweeps both).');
  let autoRate: { fraction: number } | undefined;
  let checkpointTypes: CheckpointType[] | undefined;
  try {
    const given = workloadFromFlags({ ...flags, 'state-mode': stateModes[0], bidders: bidders.bidders === undefined ? undefined : biddersText });
    Object.assign(workload, given.values);
    const rate = given.autoFraction !== undefined ? { autoFraction: given.autoFraction } : parseRateSpec(String(workload.rate));
    if ('autoFraction' in rate) {
      autoRate = { fraction: rate.autoFraction };
      delete workload.rate;
    }
    if (typesText !== undefined) {
      const types = parseCheckpointTypes(typesText, workload.stateBackend);
      if (types.length === 1) workload.incremental = types[0] === 'incremental';
      else {
        // Several: each cell runs its own, so the sweep's workload names none.
        checkpointTypes = types;
        delete workload.incremental;
      }
    }
    const { biddersByMode, sizes } = bidders;
    if (stateModes.length === 1 && biddersByMode?.[stateModes[0]!] !== undefined) workload.bidders = biddersByMode[stateModes[0]!]!;
    if (sizes) workload.bidders = sizes[0]!;
    const dims = { workload, stateModes, biddersByMode, sizes, checkpointTypes };
    for (const state of sweptStates(dims)) resolveWorkload({ ...workloadOfCell(dims, state), checkpointIntervalMs: firstIntervalMs, startTimeMs: 0 });
  } catch (e) {
    if (e instanceof SweepUsageError) throw e;
    throw new SweepUsageError(inFlagTerms((e as Error).message));
  }
  return { workload, biddersByMode: bidders.biddersByMode, sizes: bidders.sizes, checkpointTypes, autoRate };
}
