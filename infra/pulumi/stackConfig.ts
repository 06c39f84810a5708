/**
 * A Pulumi stack's configuration (`ckpt-lab:*` in Pulumi.<stack>.yaml), typed and validated before
 * any resource is declared (pure). Errors name the key, the value and what is allowed.
 */
import { minFailureSpacingMs, RECOVERY_ALLOWANCE_MS, type FailureKind } from '../../lib/failurePlan.js';
import { resolveWorkload } from '../../workload/validate.js';
import type { WorkloadParameters } from '../../workload/parameters.js';
import { MIN_JOB_MANAGER_PROCESS_MB, MIN_TASK_MANAGER_PROCESS_MB, type FailureDetectionProfile } from '../clusterConfig.js';
import { StackConfigError, stackConfigError, stackConfigSchema, type CheckpointStorage, type HostEntry, type RawStackConfig } from './stackConfigSchema.js';

export { PROJECT, StackConfigError, STACK_KEYS, type CheckpointStorage } from './stackConfigSchema.js';

export const OFFICIAL_IMAGE = 'flink:1.18.1-scala_2.12-java11';

export type Role = 'jobmanager' | 'taskmanager';

export interface HostConfig {
  /** Also the container's name suffix and, where hosts share an engine, its network alias. */
  readonly name: string;
  /** The Docker engine: `unix:///var/run/docker.sock` or `ssh://user@addr[:port]`. */
  readonly dockerHost: string;
  /** The address other hosts (and the bench) reach this one at; published ports bind to it. */
  readonly address: string;
  readonly role: Role;
  /** A directory on this host's HDD: RocksDB's working files (and local checkpoint storage). */
  readonly hddPath: string;
  readonly cpus: number;
  readonly memoryMb: number;
}

export interface StackCheckpointSettings {
  /** 0: checkpointing off. */
  readonly intervalMs: number;
  readonly mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';
  readonly unaligned: boolean;
  readonly minPauseMs: number;
  readonly timeoutMs: number;
  readonly incremental: boolean;
  readonly stateBackend: 'rocksdb' | 'hashmap';
}

export interface BenchSettings {
  readonly enabled: boolean;
  readonly warmupMs: number;
  /** The measured window: as configured, or longer where the failures need it. */
  readonly durationMs: number;
  readonly sampleMs: number;
  readonly failure?: FailureKind;
  readonly failures: number;
  /** Where the checkpoint storage is mounted on the machine running Pulumi (for the state verifier). */
  readonly storageMount?: string;
  /** The bench fails the `up` once it has run this long (`bench.timeLimit`; default benchTimeLimitMs). */
  readonly timeLimitMs: number;
}

/** Time a bench needs besides its windows: submitting, building or restoring the state, a savepoint and its verification. */
export const BENCH_OVERHEAD_MS = 15 * 60_000;

/** The default time limit: warm-up + measured window + each failure's recovery allowance + the overhead. */
export function benchTimeLimitMs(b: Pick<BenchSettings, 'warmupMs' | 'durationMs' | 'failures'>): number {
  return b.warmupMs + b.durationMs + b.failures * RECOVERY_ALLOWANCE_MS + BENCH_OVERHEAD_MS;
}

export interface StackConfig {
  readonly hosts: readonly HostConfig[];
  readonly image: string;
  /** Pull the image from its registry (off for an image built on the host). */
  readonly pullImage: boolean;
  readonly restPort: number;
  readonly storage: CheckpointStorage;
  readonly checkpoint: StackCheckpointSettings;
  readonly failureDetection: FailureDetectionProfile;
  readonly workload: WorkloadParameters;
  readonly bench: BenchSettings;
  /** Change it to run the bench again without changing the cluster. */
  readonly benchRun: string;
  /** Keep the HDD data (checkpoints, RocksDB files) on `pulumi destroy`. */
  readonly keepData: boolean;
}

/** Overrides ckpt-lab:benchRun for one `up` (the sweep sets it, so no Pulumi.<stack>.yaml changes). */
export const BENCH_RUN_ENV = 'CKPT_LAB_BENCH_RUN';

/** Room in a container beyond Flink's process size (entrypoint, JVM native memory Flink does not count). */
export const CONTAINER_HEADROOM_MB = 256;

/** Each host with the stack's cpus and memory where it sets none, and Flink's minimum process size checked per role. */
function hostsOf(raw: RawStackConfig): HostConfig[] {
  return raw.hosts.map((h: HostEntry, i) => {
    const memoryMb = h.memoryMb ?? raw.memoryMb;
    const minMb = (h.role === 'jobmanager' ? MIN_JOB_MANAGER_PROCESS_MB : MIN_TASK_MANAGER_PROCESS_MB) + CONTAINER_HEADROOM_MB;
    if (memoryMb < minMb) {
      throw new StackConfigError(
        h.memoryMb === undefined ? 'memoryMb' : `hosts[${i}].memoryMb`,
        memoryMb,
        `at least ${minMb} for a ${h.role} (Flink's minimum process size ${minMb - CONTAINER_HEADROOM_MB} MB + ${CONTAINER_HEADROOM_MB} MB container headroom)`,
      );
    }
    return { ...h, cpus: h.cpus ?? raw.cpus, memoryMb };
  });
}

/** Unique names, one engine for all or one per host, exactly one JobManager and some TaskManager. */
function checkLayout(hosts: readonly HostConfig[]): void {
  const seen = new Set<string>();
  for (const [i, h] of hosts.entries()) {
    if (seen.has(h.name)) throw new StackConfigError(`hosts[${i}].name`, h.name, 'a name no other host has');
    seen.add(h.name);
  }
  // Roles sharing an engine talk by container name, which a role on another engine cannot resolve;
  // a mixed layout would advertise those names across hosts, so it is refused.
  const engines = [...new Set(hosts.map((h) => h.dockerHost))];
  if (engines.length > 1 && engines.length < hosts.length) {
    const onEngine = (e: string) => hosts.filter((h) => h.dockerHost === e).map((h) => h.name);
    const sharing = engines.filter((e) => onEngine(e).length > 1).map((e) => `${onEngine(e).join(' and ')} share ${e}`);
    throw new StackConfigError(
      'hosts',
      hosts.map((h) => `${h.name}@${h.dockerHost}`),
      `every host on one Docker engine, or each host on its own engine (${sharing.join('; ')})`,
    );
  }
  const roles = hosts.map((h) => `${h.name}:${h.role}`);
  const jms = hosts.filter((h) => h.role === 'jobmanager').length;
  if (jms !== 1) throw new StackConfigError('hosts', roles, `exactly one host with role jobmanager (found ${jms})`);
  if (!hosts.some((h) => h.role === 'taskmanager')) throw new StackConfigError('hosts', roles, 'at least one host with role taskmanager');
}

/** Local storage is shared only where every role runs on one engine. */
function checkStorage(storage: CheckpointStorage, hosts: readonly HostConfig[]): void {
  const engines = new Set(hosts.map((h) => h.dockerHost));
  if (storage.kind === 'local' && engines.size > 1) {
    throw new StackConfigError(
      'storage.kind',
      'local',
      `nfs or mounted when the roles are on different Docker hosts (${[...engines].join(', ')}); local storage is only shared when every role is on one host`,
    );
  }
}

/** The job's parameters: the stack's workload, with the checkpoint settings and a parallelism the TaskManagers' cores allow. */
function workloadOf(raw: RawStackConfig, hosts: readonly HostConfig[], checkpoint: StackCheckpointSettings): WorkloadParameters {
  const w = raw.workload ?? {};
  try {
    const slots = hosts.filter((h) => h.role === 'taskmanager').reduce((n, h) => n + Math.max(1, Math.floor(h.cpus)), 0);
    const workload = {
      parallelism: Math.min(slots, 8),
      ...(w as WorkloadParameters),
      checkpointIntervalMs: checkpoint.intervalMs,
      stateBackend: checkpoint.stateBackend,
    };
    resolveWorkload({ ...workload, startTimeMs: 0 });
    return workload;
  } catch (e) {
    throw new StackConfigError('workload', w, (e as Error).message.replace(/\.$/, ''));
  }
}

/** The bench's settings: its window grown to fit the failures, and a time limit that leaves room for them. */
function benchOf(raw: RawStackConfig, intervalMs: number, timeLimitAsWritten: unknown): BenchSettings {
  const b = raw.bench;
  const failure = b.failure === 'none' ? undefined : b.failure;
  const failures = failure ? b.failures : 0;
  // The measured window grows to fit the failures (two intervals + recovery each), as in a sweep,
  // so interval stacks can differ in the interval alone.
  const durationMs = failure ? Math.max(b.duration, failures * minFailureSpacingMs(intervalMs, 0)) : b.duration;
  const bench = { enabled: b.enabled, warmupMs: b.warmup, durationMs, sampleMs: b.sample, failure, failures, storageMount: b.storageMount };
  const timeLimitMs = b.timeLimit ?? benchTimeLimitMs(bench);
  if (timeLimitMs < bench.warmupMs + bench.durationMs) {
    const atLeast = Math.ceil((bench.warmupMs + bench.durationMs) / 1000);
    throw new StackConfigError('bench.timeLimit', timeLimitAsWritten, `a duration of at least the warm-up plus the measured window (${atLeast}s)`);
  }
  return { ...bench, timeLimitMs };
}

/** Validates every `ckpt-lab:*` key; `raw` maps key (without the project prefix) → parsed value. */
export function parseStackConfig(raw: Readonly<Record<string, unknown>>): StackConfig {
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) throw stackConfigError(parsed.error, raw);
  const r = parsed.data;
  const hosts = hostsOf(r);
  checkLayout(hosts);
  checkStorage(r.storage, hosts);
  const c = r.checkpoint;
  const checkpoint: StackCheckpointSettings = {
    intervalMs: c.interval,
    mode: c.mode,
    unaligned: c.unaligned,
    minPauseMs: c.minPause,
    timeoutMs: c.timeout,
    incremental: c.incremental,
    stateBackend: c.stateBackend,
  };
  return {
    hosts,
    image: r.image ?? OFFICIAL_IMAGE,
    pullImage: r.pullImage,
    restPort: r.restPort,
    storage: r.storage,
    checkpoint,
    failureDetection: r.failureDetection,
    workload: workloadOf(r, hosts, checkpoint),
    bench: benchOf(r, checkpoint.intervalMs, (raw.bench as Record<string, unknown> | undefined)?.timeLimit),
    benchRun: r.benchRun,
    keepData: r.keepData,
  };
}
