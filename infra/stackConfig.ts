/**
 * A Pulumi stack's configuration (`ckpt-lab:*` in Pulumi.<stack>.yaml), typed and validated before
 * any resource is declared (pure). Errors name the key, the value and what is allowed.
 */
import { parseCheckpointInterval, parseDurationMs } from '../lib/duration.js';
import { FAILURE_KINDS, minFailureSpacingMs, RECOVERY_ALLOWANCE_MS, type FailureKind } from '../lib/failurePlan.js';
import { resolveWorkload } from '../workload/validate.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { FAILURE_DETECTION, MIN_JOB_MANAGER_PROCESS_MB, MIN_TASK_MANAGER_PROCESS_MB, type FailureDetectionProfile } from './clusterConfig.js';

export const PROJECT = 'ckpt-lab';
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

export type CheckpointStorage =
  | { readonly kind: 'local' }
  | { readonly kind: 'nfs'; readonly server: string; readonly export: string }
  /** A directory every host already mounts at the same path (NFS, CephFS, … mounted by the hosts' own fstab). */
  | { readonly kind: 'mounted'; readonly path: string };

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

export class StackConfigError extends Error {
  constructor(key: string, value: unknown, allowed: string) {
    super(`Invalid ${PROJECT}:${key}: ${JSON.stringify(value)}. Allowed: ${allowed}.`);
    this.name = 'StackConfigError';
  }
}

const DOCKER_HOST = /^(unix:\/\/\/\S+|ssh:\/\/[A-Za-z0-9._-]+@[A-Za-z0-9.-]+(:\d{1,5})?)$/;
const ADDRESS = /^[A-Za-z0-9.-]+$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;

type Raw = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A typo must not fall back to a default silently: every key of `obj` must be one of `allowed`. */
function onlyKnownKeys(path: string, obj: Raw, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k))
      throw new StackConfigError(path ? `${path}.${k}` : k, obj[k], `a known key${path ? ` of ${PROJECT}:${path}` : ''}: ${allowed.join(', ')}`);
  }
}

/** Every `ckpt-lab:*` key a stack may set, and the keys of its objects. */
export const STACK_KEYS = [
  'hosts',
  'cpus',
  'memoryMb',
  'image',
  'pullImage',
  'restPort',
  'storage',
  'checkpoint',
  'failureDetection',
  'workload',
  'bench',
  'benchRun',
  'keepData',
  'sshKey',
] as const;
const HOST_KEYS = ['name', 'dockerHost', 'address', 'role', 'hddPath', 'cpus', 'memoryMb'];
const STORAGE_KEYS = { local: ['kind'], nfs: ['kind', 'server', 'export'], mounted: ['kind', 'path'] };
const CHECKPOINT_KEYS = ['interval', 'mode', 'unaligned', 'minPause', 'timeout', 'incremental', 'stateBackend'];
const BENCH_KEYS = ['enabled', 'warmup', 'duration', 'sample', 'failure', 'failures', 'storageMount', 'timeLimit'];

function oneOf<T extends string>(key: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new StackConfigError(key, v, `one of ${allowed.join(', ')}`);
  return v as T;
}

function bool(key: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new StackConfigError(key, v, 'true or false');
}

function positive(key: string, v: unknown, dflt: number, integer = false): number {
  const n = v === undefined ? dflt : typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new StackConfigError(key, v, integer ? 'an integer above 0' : 'a number above 0');
  }
  return n;
}

/** A config value as the text a user wrote (YAML may have read `10` as a number). */
const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function duration(key: string, v: unknown, dflt: string): number {
  const text = v === undefined ? dflt : asText(v);
  try {
    return parseDurationMs(key, text);
  } catch {
    throw new StackConfigError(key, v, 'a duration such as 500ms, 30s, 2m');
  }
}

function parseHosts(v: unknown, defaults: { cpus: number; memoryMb: number }): HostConfig[] {
  if (!Array.isArray(v) || v.length === 0) throw new StackConfigError('hosts', v, 'a list of {name, dockerHost, address, role, hddPath}');
  const hosts = v.map((h, i): HostConfig => {
    const key = `hosts[${i}]`;
    if (!isObject(h)) throw new StackConfigError(key, h, 'an object {name, dockerHost, address, role, hddPath}');
    onlyKnownKeys(key, h, HOST_KEYS);
    if (typeof h.name !== 'string' || !NAME.test(h.name))
      throw new StackConfigError(`${key}.name`, h.name, 'lower-case letters, digits and -, at most 31 characters');
    if (typeof h.dockerHost !== 'string' || !DOCKER_HOST.test(h.dockerHost)) {
      throw new StackConfigError(`${key}.dockerHost`, h.dockerHost, 'unix:///path/to/docker.sock or ssh://user@address[:port]');
    }
    if (typeof h.address !== 'string' || !ADDRESS.test(h.address)) throw new StackConfigError(`${key}.address`, h.address, 'an IP address or host name');
    if (typeof h.hddPath !== 'string' || !h.hddPath.startsWith('/'))
      throw new StackConfigError(`${key}.hddPath`, h.hddPath, 'an absolute directory on the host’s HDD');
    const role = oneOf(`${key}.role`, h.role, ['jobmanager', 'taskmanager'] as const, 'taskmanager');
    if (h.role === undefined) throw new StackConfigError(`${key}.role`, h.role, 'jobmanager or taskmanager');
    const cpus = positive(`${key}.cpus`, h.cpus, defaults.cpus);
    const memoryMb = positive(`${key}.memoryMb`, h.memoryMb, defaults.memoryMb, true);
    const minMb = (role === 'jobmanager' ? MIN_JOB_MANAGER_PROCESS_MB : MIN_TASK_MANAGER_PROCESS_MB) + CONTAINER_HEADROOM_MB;
    if (memoryMb < minMb) {
      throw new StackConfigError(
        h.memoryMb === undefined ? 'memoryMb' : `${key}.memoryMb`,
        memoryMb,
        `at least ${minMb} for a ${role} (Flink's minimum process size ${minMb - CONTAINER_HEADROOM_MB} MB + ${CONTAINER_HEADROOM_MB} MB container headroom)`,
      );
    }
    return { name: h.name, dockerHost: h.dockerHost, address: h.address, role, hddPath: h.hddPath.replace(/\/+$/, ''), cpus, memoryMb };
  });
  const seen = new Set<string>();
  for (const [i, h] of hosts.entries()) {
    if (seen.has(h.name)) throw new StackConfigError(`hosts[${i}].name`, h.name, 'a name no other host has');
    seen.add(h.name);
  }
  // Roles sharing an engine talk by container name, which a role on another engine cannot resolve;
  // a mixed layout would advertise those names across hosts, so it is refused.
  const engines = [...new Set(hosts.map((h) => h.dockerHost))];
  if (engines.length > 1 && engines.length < hosts.length) {
    const sharing = engines.filter((e) => hosts.filter((h) => h.dockerHost === e).length > 1);
    throw new StackConfigError(
      'hosts',
      hosts.map((h) => `${h.name}@${h.dockerHost}`),
      `every host on one Docker engine, or each host on its own engine (${sharing
        .map(
          (e) =>
            `${hosts
              .filter((h) => h.dockerHost === e)
              .map((h) => h.name)
              .join(' and ')} share ${e}`,
        )
        .join('; ')})`,
    );
  }
  const jms = hosts.filter((h) => h.role === 'jobmanager');
  if (jms.length !== 1)
    throw new StackConfigError(
      'hosts',
      hosts.map((h) => `${h.name}:${h.role}`),
      `exactly one host with role jobmanager (found ${jms.length})`,
    );
  if (!hosts.some((h) => h.role === 'taskmanager'))
    throw new StackConfigError(
      'hosts',
      hosts.map((h) => `${h.name}:${h.role}`),
      'at least one host with role taskmanager',
    );
  return hosts;
}

/** Validates every `ckpt-lab:*` key; `raw` maps key (without the project prefix) → parsed value. */
export function parseStackConfig(raw: Raw): StackConfig {
  onlyKnownKeys('', raw, STACK_KEYS);
  const cpus = positive('cpus', raw.cpus, 4);
  const memoryMb = positive('memoryMb', raw.memoryMb, 8192, true);
  const hosts = parseHosts(raw.hosts, { cpus, memoryMb });

  const s = raw.storage === undefined ? { kind: 'nfs' } : raw.storage;
  if (!isObject(s)) throw new StackConfigError('storage', s, '{kind: nfs, server, export}, {kind: mounted, path} or {kind: local}');
  const kind = oneOf('storage.kind', s.kind, ['nfs', 'mounted', 'local'] as const, 'nfs');
  onlyKnownKeys('storage', s, STORAGE_KEYS[kind]);
  let storage: CheckpointStorage;
  if (kind === 'local') {
    const engines = new Set(hosts.map((h) => h.dockerHost));
    if (engines.size > 1) {
      throw new StackConfigError(
        'storage.kind',
        'local',
        `nfs or mounted when the roles are on different Docker hosts (${[...engines].join(', ')}); local storage is only shared when every role is on one host`,
      );
    }
    storage = { kind: 'local' };
  } else if (kind === 'mounted') {
    if (typeof s.path !== 'string' || !s.path.startsWith('/') || s.path.length < 2) {
      throw new StackConfigError('storage.path', s.path, 'the absolute path at which every host mounts the shared directory (e.g. an NFS or CephFS mount)');
    }
    storage = { kind: 'mounted', path: s.path.replace(/\/+$/, '') };
  } else {
    if (typeof s.server !== 'string' || !ADDRESS.test(s.server)) throw new StackConfigError('storage.server', s.server, 'the NFS server’s address');
    if (typeof s.export !== 'string' || !s.export.startsWith('/'))
      throw new StackConfigError('storage.export', s.export, 'the absolute path the NFS server exports');
    storage = { kind: 'nfs', server: s.server, export: s.export };
  }

  const c = raw.checkpoint === undefined ? {} : raw.checkpoint;
  if (!isObject(c)) throw new StackConfigError('checkpoint', c, 'an object {interval, mode, unaligned, minPause, timeout, incremental, stateBackend}');
  onlyKnownKeys('checkpoint', c, CHECKPOINT_KEYS);
  let intervalMs: number;
  try {
    intervalMs = parseCheckpointInterval(c.interval === undefined ? '10s' : asText(c.interval));
  } catch {
    throw new StackConfigError('checkpoint.interval', c.interval, 'off, or a duration of at least 10ms such as 500ms, 10s, 2m');
  }
  const checkpoint: StackCheckpointSettings = {
    intervalMs,
    mode: oneOf('checkpoint.mode', c.mode, ['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const, 'EXACTLY_ONCE'),
    unaligned: bool('checkpoint.unaligned', c.unaligned, false),
    minPauseMs: c.minPause === undefined || c.minPause === '0' || c.minPause === 0 ? 0 : duration('checkpoint.minPause', c.minPause, '0ms'),
    timeoutMs: duration('checkpoint.timeout', c.timeout, '10m'),
    incremental: bool('checkpoint.incremental', c.incremental, true),
    stateBackend: oneOf('checkpoint.stateBackend', c.stateBackend, ['rocksdb', 'hashmap'] as const, 'rocksdb'),
  };

  const w = raw.workload === undefined ? {} : raw.workload;
  if (!isObject(w)) throw new StackConfigError('workload', w, 'an object of workload parameters (see the README table)');
  let workload: WorkloadParameters;
  try {
    const slots = hosts.filter((h) => h.role === 'taskmanager').reduce((n, h) => n + Math.max(1, Math.floor(h.cpus)), 0);
    workload = { parallelism: Math.min(slots, 8), ...(w as WorkloadParameters), checkpointIntervalMs: intervalMs, stateBackend: checkpoint.stateBackend };
    resolveWorkload({ ...workload, startTimeMs: 0 });
  } catch (e) {
    throw new StackConfigError('workload', w, (e as Error).message.replace(/\.$/, ''));
  }

  const b = raw.bench === undefined ? {} : raw.bench;
  if (!isObject(b)) throw new StackConfigError('bench', b, 'an object {enabled, warmup, duration, sample, failure, failures, storageMount}');
  onlyKnownKeys('bench', b, BENCH_KEYS);
  const failure = b.failure === undefined || b.failure === 'none' ? undefined : oneOf('bench.failure', b.failure, FAILURE_KINDS, 'tm-kill');
  let bench: Omit<BenchSettings, 'timeLimitMs'> = {
    enabled: bool('bench.enabled', b.enabled, true),
    warmupMs: duration('bench.warmup', b.warmup, '60s'),
    durationMs: duration('bench.duration', b.duration, '180s'),
    sampleMs: duration('bench.sample', b.sample, '2s'),
    failure,
    failures: failure ? positive('bench.failures', b.failures, 1, true) : 0,
    storageMount:
      b.storageMount === undefined
        ? undefined
        : typeof b.storageMount === 'string' && b.storageMount.startsWith('/')
          ? b.storageMount
          : (() => {
              throw new StackConfigError(
                'bench.storageMount',
                b.storageMount,
                'an absolute path where the NFS export is mounted on the machine running Pulumi',
              );
            })(),
  };
  if (failure) {
    // The measured window grows to fit the failures (two intervals + recovery each), as in a sweep,
    // so interval stacks can differ in the interval alone.
    bench = { ...bench, durationMs: Math.max(bench.durationMs, bench.failures * minFailureSpacingMs(intervalMs, 0)) };
  }
  const timeLimitMs = b.timeLimit === undefined ? benchTimeLimitMs(bench) : duration('bench.timeLimit', b.timeLimit, '0s');
  if (timeLimitMs < bench.warmupMs + bench.durationMs) {
    throw new StackConfigError(
      'bench.timeLimit',
      b.timeLimit,
      `a duration of at least the warm-up plus the measured window (${Math.ceil((bench.warmupMs + bench.durationMs) / 1000)}s)`,
    );
  }
  const restPort = positive('restPort', raw.restPort, 8081, true);
  if (restPort > 65_535) throw new StackConfigError('restPort', raw.restPort, 'a port from 1 to 65535');
  return {
    hosts,
    image:
      typeof raw.image === 'string' && raw.image.trim()
        ? raw.image
        : raw.image === undefined
          ? OFFICIAL_IMAGE
          : (() => {
              throw new StackConfigError('image', raw.image, 'a Docker image reference such as flink:1.18.1-scala_2.12-java11');
            })(),
    pullImage: bool('pullImage', raw.pullImage, true),
    restPort,
    storage,
    checkpoint,
    failureDetection: oneOf('failureDetection', raw.failureDetection, Object.keys(FAILURE_DETECTION) as FailureDetectionProfile[], 'flink-default'),
    workload,
    bench: { ...bench, timeLimitMs },
    benchRun: raw.benchRun === undefined ? '1' : asText(raw.benchRun),
    keepData: bool('keepData', raw.keepData, true),
  };
}
