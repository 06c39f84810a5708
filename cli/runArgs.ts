/** `ckpt-lab run` flags → validated run settings, before anything is started (pure). */
import { formatDurationMs, parseCheckpointInterval, parseDurationMs } from '../lib/duration.js';
import { FAILURE_KINDS, planFailures, type FailureKind, type FailureOptions } from '../lib/failurePlan.js';
import { parseDockerTaskManagers, type DockerTaskManager } from '../bench/failures/dockerControl.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { inFlagTerms, workloadFromFlags, type WorkloadFlags } from '../workload/flags.js';
import { resolveWorkload } from '../workload/validate.js';
import { CALIBRATION_PROBE_MS } from '../bench/capacityProbe.js';
import { portBaseProblem } from '../infra/local/ports.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface RunSettings {
  readonly workload: WorkloadParameters;
  readonly intervalMs: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly sampleMs: number;
  readonly restUrl?: string;
  readonly outDir: string;
  readonly json: boolean;
  readonly end: 'savepoint' | 'cancel';
  readonly portBase?: number;
  readonly failures?: FailureOptions;
  readonly dockerTaskManagers?: readonly DockerTaskManager[];
  readonly storagePathMap?: { readonly from: string; readonly to: string };
  /** `--rate auto[:fraction]`: run at that fraction of a calibration probe's capacity. */
  readonly autoRate?: { readonly fraction: number; readonly probeMs: number };
  readonly initialState: 'prefilled' | 'empty';
  /** The capacity probe after the measured window; 0: none. */
  readonly probeMs: number;
  /** `--time-limit`: stop the run (keeping what it wrote) and fail once it has taken this long. */
  readonly timeLimitMs?: number;
  /** `--cell cost|recovery` (METHOD.md); default: recovery with --failure, else cost. */
  readonly cell: 'cost' | 'recovery';
}

export const RUN_DEFAULTS = {
  interval: '5s',
  warmup: '30s',
  duration: '60s',
  sample: '2s',
  out: 'results',
  end: 'savepoint',
  initialState: 'prefilled',
  probe: '30s',
} as const;

/** Validates every flag; throws a UsageError naming the flag, the value and what is allowed. */
type Flags = Readonly<Record<string, string | boolean | undefined>>;
const textOf = (flags: Flags) => (k: string, dflt: string) => (typeof flags[k] === 'string' ? flags[k] : dflt);

export function parseRunSettings(flags: Flags): RunSettings {
  const text = textOf(flags);
  let given: WorkloadFlags;
  try {
    given = workloadFromFlags(flags);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const workload: Record<string, number | string | boolean> = { ...given.values };
  const autoFraction = given.autoFraction;
  try {
    const intervalMs = parseCheckpointInterval(text('interval', RUN_DEFAULTS.interval));
    workload.checkpointIntervalMs = intervalMs;
    // Unknown flag names never reach here (parseArgs is strict); values are checked by the table.
    resolveWorkload({ ...workload, startTimeMs: 0 });
    const windows = parseWindows(flags);
    const end = text('end', RUN_DEFAULTS.end);
    if (end !== 'savepoint' && end !== 'cancel') throw new UsageError(`Invalid --end: '${end}'. Allowed: savepoint or cancel.`);
    const restUrl = typeof flags.rest === 'string' ? parseRestUrl(flags.rest) : undefined;
    const portBase = typeof flags['port-base'] === 'string' ? parsePortBase(flags['port-base']) : undefined;
    const failures = parseFailures(flags);
    const cell = parseCell(flags, failures);
    // Do the failures fit? Checked now, before anything starts.
    if (failures) planFailures(failures, { startMs: 0, warmupMs: windows.warmupMs, durationMs: windows.durationMs, intervalMs });
    const initialState = text('initial-state', RUN_DEFAULTS.initialState);
    if (initialState !== 'prefilled' && initialState !== 'empty')
      throw new UsageError(`Invalid --initial-state: '${initialState}'. Allowed: prefilled or empty.`);
    return {
      workload,
      intervalMs,
      ...windows,
      restUrl,
      outDir: text('out', RUN_DEFAULTS.out),
      json: flags.json === true,
      end,
      portBase,
      failures,
      dockerTaskManagers: parseDockerTaskManagersFlag(flags, restUrl, failures),
      storagePathMap: parseStoragePathMap(flags),
      autoRate: autoFraction !== undefined ? { fraction: autoFraction, probeMs: CALIBRATION_PROBE_MS } : undefined,
      initialState,
      probeMs: cell === 'recovery' ? 0 : windows.probeMs,
      timeLimitMs: parseTimeLimit(flags, windows.warmupMs + windows.durationMs),
      cell,
    };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(inFlagTerms((e as Error).message));
  }
}

/** --warmup, --duration, --sample and --probe: the run's windows, each checked against the sample period. */
function parseWindows(flags: Flags): { warmupMs: number; durationMs: number; sampleMs: number; probeMs: number } {
  const text = textOf(flags);
  const warmupMs = parseDurationMs('--warmup', text('warmup', RUN_DEFAULTS.warmup));
  const durationMs = parseDurationMs('--duration', text('duration', RUN_DEFAULTS.duration));
  const sampleMs = parseDurationMs('--sample', text('sample', RUN_DEFAULTS.sample));
  if (durationMs < 2 * sampleMs) throw new UsageError(`Invalid --duration: '${flags.duration}'. Allowed: at least two --sample periods (${2 * sampleMs} ms).`);
  if (sampleMs < 500) throw new UsageError(`Invalid --sample: '${flags.sample}'. Allowed: at least 500ms.`);
  const probeMs = parseDurationMs('--probe', text('probe', RUN_DEFAULTS.probe));
  if (probeMs !== 0 && probeMs < 6 * sampleMs)
    throw new UsageError(`Invalid --probe: '${flags.probe}'. Allowed: 0s (no probe) or at least six --sample periods (${6 * sampleMs} ms).`);
  return { warmupMs, durationMs, sampleMs, probeMs };
}

/** --cell: a cost cell injects nothing and may probe; a recovery cell injects its failures and never probes. */
function parseCell(flags: Flags, failures: FailureOptions | undefined): 'cost' | 'recovery' {
  const cell = textOf(flags)('cell', failures ? 'recovery' : 'cost');
  if (cell !== 'cost' && cell !== 'recovery') throw new UsageError(`Invalid --cell: '${cell}'. Allowed: cost or recovery.`);
  if (cell === 'cost' && failures)
    throw new UsageError(`Invalid --cell: 'cost' with --failure ${failures.kind}. Allowed: a cost cell injects no failure; use --cell recovery for failures.`);
  if (cell === 'recovery' && !failures)
    throw new UsageError(`Invalid --cell: 'recovery' without --failure. Allowed: --cell recovery --failure tm-kill|task-failure.`);
  if (cell === 'recovery' && typeof flags.probe === 'string' && flags.probe !== '0s' && flags.probe !== '0')
    throw new UsageError(
      `Invalid --probe: '${flags.probe}' in a recovery cell. Allowed: 0s — a probe after a recovery would measure the catch-up; probes belong to cost cells.`,
    );
  return cell;
}

/** --docker-taskmanagers: the containers a tm-kill crashes when the cluster is reached by --rest. */
function parseDockerTaskManagersFlag(flags: Flags, restUrl: string | undefined, failures: FailureOptions | undefined): DockerTaskManager[] | undefined {
  let dockerTaskManagers: DockerTaskManager[] | undefined;
  if (typeof flags['docker-taskmanagers'] === 'string') {
    if (!restUrl) throw new UsageError('--docker-taskmanagers needs --rest (the JobManager of those containers).');
    try {
      dockerTaskManagers = parseDockerTaskManagers(flags['docker-taskmanagers']);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (failures?.kind === 'tm-kill' && restUrl && !dockerTaskManagers)
    throw new UsageError('--failure tm-kill with --rest needs --docker-taskmanagers (the containers to crash), or leave out --rest to use the local cluster.');
  return dockerTaskManagers;
}

/** --storage-path-map <in the cluster>=<here>: where the bench reads the cluster's checkpoint storage. */
function parseStoragePathMap(flags: Flags): { from: string; to: string } | undefined {
  const given = flags['storage-path-map'];
  if (typeof given !== 'string') return undefined;
  const m = /^(\/[^=]*)=(\/.*)$/.exec(given);
  if (!m) throw new UsageError(`Invalid --storage-path-map: '${given}'. Allowed: <path in the cluster>=<the same storage mounted here>, both absolute.`);
  return { from: m[1]!, to: m[2]! };
}

/** --time-limit: at least the warm-up plus the measured window. */
function parseTimeLimit(flags: Flags, windowsMs: number): number | undefined {
  const given = flags['time-limit'];
  if (typeof given !== 'string') return undefined;
  const timeLimitMs = parseDurationMs('--time-limit', given);
  if (timeLimitMs < windowsMs)
    throw new UsageError(`Invalid --time-limit: '${given}'. Allowed: at least the warm-up plus the measured window (${formatDurationMs(windowsMs)}).`);
  return timeLimitMs;
}

/** --failure KIND [--failures N] [--failure-phase random|0..1] [--tm-restart-delay 0s]. */
function parseFailures(flags: Flags): FailureOptions | undefined {
  const kind = flags.failure;
  if (kind === undefined) {
    for (const f of ['failures', 'failure-phase', 'tm-restart-delay']) {
      if (flags[f] !== undefined) throw new UsageError(`--${f} needs --failure ${FAILURE_KINDS.join('|')}.`);
    }
    return undefined;
  }
  if (typeof kind !== 'string' || !(FAILURE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`Invalid --failure: '${String(kind)}'. Allowed: ${FAILURE_KINDS.join(', ')}.`);
  }
  const countText = typeof flags.failures === 'string' ? flags.failures : '1';
  if (!/^\d+$/.test(countText) || Number(countText) < 1) throw new UsageError(`Invalid --failures: '${countText}'. Allowed: an integer of at least 1.`);
  const phaseText = typeof flags['failure-phase'] === 'string' ? flags['failure-phase'] : 'random';
  const phase = phaseText === 'random' ? 'random' : Number(phaseText);
  if (phase !== 'random' && !(/^\d*\.?\d+$/.test(phaseText) && phase >= 0 && phase <= 1)) {
    throw new UsageError(`Invalid --failure-phase: '${phaseText}'. Allowed: random, or a number from 0 to 1.`);
  }
  const delay = parseDurationMs('--tm-restart-delay', typeof flags['tm-restart-delay'] === 'string' ? flags['tm-restart-delay'] : '0s');
  return { kind: kind as FailureKind, count: Number(countText), phase, tmRestartDelayMs: delay };
}

export function parseRestUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`Invalid --rest: '${text}'. Allowed: an http(s) URL of a Flink REST endpoint, e.g. http://127.0.0.1:8081.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`Invalid --rest: '${text}'. Allowed: an http(s) URL of a Flink REST endpoint, e.g. http://127.0.0.1:8081.`);
  }
  return url.toString().replace(/\/$/, '');
}

export function parsePortBase(text: string): number {
  const problem = portBaseProblem(text);
  if (problem) throw new UsageError(problem);
  return Number(text);
}
