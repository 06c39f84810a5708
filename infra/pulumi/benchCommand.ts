/** The post-deploy bench as a command line, and its JSON summary as stack outputs (pure). */
import { formatDurationMs } from '../../lib/duration.js';
import { WORKLOAD_FLAGS } from '../../workload/flags.js';
import { CONTAINER_DIRS, type ClusterPlan } from './clusterPlan.js';
import { shellQuote as quote } from './shellQuote.js';
import type { StackConfig } from './stackConfig.js';

/** `ckpt-lab run --rest … --json …` for this stack; `cliPath` is bin/ckpt-lab.js. */
export function benchCommand(cfg: StackConfig, plan: ClusterPlan, cliPath: string, resultsDir: string): string {
  const args = [
    'node',
    cliPath,
    'run',
    '--rest',
    plan.restUrl,
    '--json',
    '--interval',
    formatDurationMs(cfg.checkpoint.intervalMs),
    '--warmup',
    formatDurationMs(cfg.bench.warmupMs),
    '--duration',
    formatDurationMs(cfg.bench.durationMs),
    '--sample',
    formatDurationMs(cfg.bench.sampleMs),
    // Inside `pulumi up` nothing else bounds the bench: past its limit it stops and fails the up.
    '--time-limit',
    formatDurationMs(cfg.bench.timeLimitMs),
    '--out',
    resultsDir,
  ];
  for (const [flag, name] of Object.entries(WORKLOAD_FLAGS)) {
    const v = cfg.workload[name];
    if (v !== undefined) args.push(`--${flag}`, String(v));
  }
  // The verifier reads the final savepoint here: the storage must be mounted on this machine.
  const jm = plan.jobManager;
  // A mounted directory is at the same path here too (that is its premise), unless bench.storageMount says otherwise.
  const sharedSource = jm.mounts.find((m) => m.target === CONTAINER_DIRS.shared && m.type === 'bind')?.source;
  const localMount =
    cfg.bench.storageMount ??
    ((cfg.storage.kind === 'local' && jm.engine.dockerHost.startsWith('unix://')) || cfg.storage.kind === 'mounted' ? sharedSource : undefined);
  if (localMount) args.push('--storage-path-map', `${CONTAINER_DIRS.shared}=${localMount}`);
  if (cfg.bench.failure) {
    args.push('--failure', cfg.bench.failure, '--failures', String(cfg.bench.failures));
    if (cfg.bench.failure === 'tm-kill') {
      const tms = plan.containers
        .filter((c) => c.role === 'taskmanager')
        .map((c) => ({ flinkHost: c.flinkHost, dockerHost: c.engine.dockerHost, container: c.name }));
      args.push('--docker-taskmanagers', JSON.stringify(tms));
    }
  }
  return args.map(quote).join(' ');
}

/** The stack outputs the bench's `--json` line becomes. */
export interface BenchOutputs {
  readonly throughputEventsPerSec?: number;
  /** The capacity probe's figure: what this interval leaves of the cluster's capacity. */
  readonly capacityEventsPerSec?: number;
  readonly latencyP99Ms?: number;
  readonly checkpointDurationMsMedian?: number;
  readonly checkpointedSizeBytesMedian?: number;
  readonly recoveryMsMedian?: number;
  /** Failures the job did not catch up from (recoveryMsMedian then covers only the others). */
  readonly failuresNotCaughtUp?: number;
  readonly verificationOk?: boolean;
  readonly resultsPath?: string;
}

/** What `ckpt-lab run --json` prints, as far as the stack outputs read it. */
interface BenchJson {
  readonly throughputEventsPerSec?: { readonly median?: number };
  readonly capacityEventsPerSec?: number;
  readonly latencyMs?: { readonly p99?: number };
  readonly checkpoints?: { readonly durationMs?: { readonly median?: number }; readonly checkpointedSizeBytes?: { readonly median?: number } };
  readonly recovery?: { readonly median?: { readonly recoveryMs?: number; readonly notCaughtUp?: number } };
  readonly verification?: { readonly ok?: boolean };
  readonly resultsPath?: string;
}

export function benchOutputs(stdout: string): BenchOutputs {
  const line = stdout.trim().split('\n').pop() ?? '';
  let s: BenchJson;
  try {
    s = JSON.parse(line) as BenchJson;
  } catch {
    throw new Error(`The bench printed no JSON summary (last line: ${line.slice(0, 200)})`);
  }
  return {
    throughputEventsPerSec: s.throughputEventsPerSec?.median,
    capacityEventsPerSec: s.capacityEventsPerSec,
    latencyP99Ms: s.latencyMs?.p99,
    checkpointDurationMsMedian: s.checkpoints?.durationMs?.median,
    checkpointedSizeBytesMedian: s.checkpoints?.checkpointedSizeBytes?.median,
    recoveryMsMedian: s.recovery?.median?.recoveryMs,
    failuresNotCaughtUp: s.recovery?.median?.notCaughtUp,
    verificationOk: s.verification?.ok,
    resultsPath: s.resultsPath,
  };
}
