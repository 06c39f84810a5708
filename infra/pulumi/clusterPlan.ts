/**
 * Stack config → what to declare on each Docker host (pure): engines, networks, volumes, and each
 * container's limits, ports, mounts, health check and FLINK_PROPERTIES, rendered by renderFlinkConf.
 */
import { defaultClusterConfig, type ClusterConfig } from '../clusterConfig.js';
import { renderFlinkConf, toFlinkConfYaml, type FlinkConf } from '../flinkConf.js';
import { CONTAINER_HEADROOM_MB, type HostConfig, type Role, type StackConfig } from './stackConfig.js';

/** Where things live inside the containers. */
export const CONTAINER_DIRS = {
  /** The checkpoint storage every process shares (an NFS volume, or one host directory). */
  shared: '/flink-data/shared',
  checkpoints: '/flink-data/shared/checkpoints',
  savepoints: '/flink-data/shared/savepoints',
  rocksdb: '/flink-data/rocksdb',
  tmp: '/tmp/flink',
} as const;

/** Flink's ports, fixed so they can be published and reached across hosts. */
export const FLINK_PORTS = { rest: 8081, jobManagerRpc: 6123, blob: 6124, taskManagerRpc: 6122, taskManagerData: 6121, metricsQuery: 6125 } as const;

export interface EnginePlan {
  /** The resource-name key of this Docker engine. */
  readonly key: string;
  readonly dockerHost: string;
  readonly network: string;
  /** Roles share this engine: they talk over its network by container name. */
  readonly shared: boolean;
}

export interface PortPlan {
  readonly internal: number;
  readonly external: number;
  readonly ip: string;
}

export interface MountPlan {
  readonly type: 'bind' | 'volume';
  readonly source: string;
  readonly target: string;
}

/** Docker's health check, as the provider takes it (durations as Go duration strings). */
export interface HealthcheckPlan {
  readonly tests: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly startPeriod: string;
  readonly retries: number;
}

/** One Flink process's container; its CPUs and memory are its host's. */
export interface ContainerPlan {
  readonly name: string;
  readonly role: Role;
  readonly host: HostConfig;
  readonly engine: EnginePlan;
  /** What Flink advertises for this process: the container name on a shared engine, else the host's address. */
  readonly flinkHost: string;
  readonly flinkConf: FlinkConf;
  readonly env: readonly string[];
  readonly command: readonly string[];
  readonly ports: readonly PortPlan[];
  readonly mounts: readonly MountPlan[];
  readonly healthcheck: HealthcheckPlan;
  /** HDD directories this container writes (for keepData: false). */
  readonly hostDirs: readonly string[];
}

export interface VolumePlan {
  readonly name: string;
  readonly engine: EnginePlan;
  readonly driverOpts: Readonly<Record<string, string>>;
}

export interface ClusterPlan {
  readonly stack: string;
  readonly engines: readonly EnginePlan[];
  readonly volumes: readonly VolumePlan[];
  readonly containers: readonly ContainerPlan[];
  readonly jobManager: ContainerPlan;
  /** Where the bench reaches the REST API. */
  readonly restUrl: string;
  /** The cluster-wide configuration, before per-container addresses. */
  readonly clusterConfig: ClusterConfig;
  /** With storage kind mounted: the directory every host mounts, and this stack's folder in it (created before the containers). */
  readonly sharedMount?: { readonly hostPath: string; readonly dir: string };
}

/** The stack's settings in the renderer's terms. */
export function stackClusterConfig(cfg: StackConfig): ClusterConfig {
  const jm = cfg.hosts.find((h) => h.role === 'jobmanager')!;
  const tms = cfg.hosts.filter((h) => h.role === 'taskmanager');
  const base = defaultClusterConfig({
    checkpointsDir: CONTAINER_DIRS.checkpoints,
    savepointsDir: CONTAINER_DIRS.savepoints,
    rocksdbLocalDir: CONTAINER_DIRS.rocksdb,
    tmpDir: CONTAINER_DIRS.tmp,
  });
  const c = cfg.checkpoint;
  return {
    ...base,
    checkpoint: {
      ...base.checkpoint,
      intervalMs: c.intervalMs > 0 ? c.intervalMs : undefined,
      mode: c.mode,
      unaligned: c.unaligned,
      minPauseMs: c.minPauseMs,
      timeoutMs: c.timeoutMs,
    },
    stateBackend: c.stateBackend,
    incremental: c.incremental,
    memory: {
      ...base.memory,
      jobManagerProcessMb: jm.memoryMb - CONTAINER_HEADROOM_MB,
      taskManagerProcessMb: Math.min(...tms.map((h) => h.memoryMb)) - CONTAINER_HEADROOM_MB,
    },
    // One slot per CPU, as Flink's docs suggest.
    slotsPerTaskManager: Math.max(1, Math.floor(Math.min(...tms.map((h) => h.cpus)))),
    failureDetection: cfg.failureDetection,
  };
}

/** The host directory bind-mounted as the shared checkpoint storage (none for NFS volumes): one per stack. */
export function sharedDir(cfg: Pick<StackConfig, 'storage'>, prefix: string, jmLocalDir: string): string | undefined {
  const s = cfg.storage;
  return s.kind === 'local' ? `${jmLocalDir}/shared` : s.kind === 'mounted' ? `${s.path}/${prefix}` : undefined;
}

const engineKey = (dockerHost: string) => (dockerHost.startsWith('unix://') ? 'local' : dockerHost.replace(/^ssh:\/\//, '').replace(/[^A-Za-z0-9]+/g, '-'));

export function planCluster(stack: string, cfg: StackConfig): ClusterPlan {
  const prefix = `ckpt-${stack}`;
  const engines: EnginePlan[] = [...new Set(cfg.hosts.map((h) => h.dockerHost))].map((dockerHost) => ({
    key: engineKey(dockerHost),
    dockerHost,
    network: `${prefix}-${engineKey(dockerHost)}`,
    shared: cfg.hosts.filter((h) => h.dockerHost === dockerHost).length > 1,
  }));
  const storage = cfg.storage;
  const volumes: VolumePlan[] =
    storage.kind === 'nfs'
      ? engines.map((engine) => ({
          name: `${prefix}-checkpoints-${engine.key}`,
          engine,
          driverOpts: { type: 'nfs', o: `addr=${storage.server},rw,nfsvers=4`, device: `:${storage.export}` },
        }))
      : [];
  const clusterConfig = stackClusterConfig(cfg);
  const jmHost = cfg.hosts.find((h) => h.role === 'jobmanager')!;
  const ctx: PlanContext = { cfg, prefix, engines, volumes, shared: renderFlinkConf(clusterConfig), jmHost };
  const containers = cfg.hosts.map((h) => containerPlan(h, ctx));
  const jmAddress = flinkHostOf(jmHost, ctx);
  const withEnv = containers.map((c) => ({ ...c, env: [`JOB_MANAGER_RPC_ADDRESS=${jmAddress}`, `FLINK_PROPERTIES=${toFlinkConfYaml(c.flinkConf)}`] }));
  const jobManager = withEnv.find((c) => c.role === 'jobmanager')!;
  const sharedMount = cfg.storage.kind === 'mounted' ? { hostPath: cfg.storage.path, dir: sharedDir(cfg, prefix, jmLocalDirOf(ctx))! } : undefined;
  return { stack, engines, volumes, containers: withEnv, jobManager, restUrl: `http://${jmHost.address}:${cfg.restPort}`, clusterConfig, sharedMount };
}

/** What every container's plan is made from. */
interface PlanContext {
  readonly cfg: StackConfig;
  readonly prefix: string;
  readonly engines: readonly EnginePlan[];
  readonly volumes: readonly VolumePlan[];
  /** The flink-conf every process shares (renderFlinkConf). */
  readonly shared: FlinkConf;
  readonly jmHost: HostConfig;
}

const engineOf = (h: HostConfig, ctx: PlanContext) => ctx.engines.find((e) => e.dockerHost === h.dockerHost)!;
const containerNameOf = (h: HostConfig, ctx: PlanContext) => `${ctx.prefix}-${h.name}`;
/** On a shared engine processes find each other by container name on its network; alone, by the host's address. */
const flinkHostOf = (h: HostConfig, ctx: PlanContext) => (engineOf(h, ctx).shared ? containerNameOf(h, ctx) : h.address);
const jmLocalDirOf = (ctx: PlanContext) => `${ctx.jmHost.hddPath}/${ctx.prefix}`;

function containerPlan(h: HostConfig, ctx: PlanContext): ContainerPlan {
  const engine = engineOf(h, ctx);
  const isJm = h.role === 'jobmanager';
  const own = `${h.hddPath}/${ctx.prefix}`;
  const checkpointMounts: MountPlan[] =
    ctx.cfg.storage.kind === 'nfs'
      ? [{ type: 'volume', source: ctx.volumes.find((v) => v.engine === engine)!.name, target: CONTAINER_DIRS.shared }]
      : [{ type: 'bind', source: sharedDir(ctx.cfg, ctx.prefix, jmLocalDirOf(ctx))!, target: CONTAINER_DIRS.shared }];
  return {
    name: containerNameOf(h, ctx),
    role: h.role,
    host: h,
    engine,
    flinkHost: flinkHostOf(h, ctx),
    flinkConf: processFlinkConf(h, ctx),
    env: [] as string[],
    command: [h.role],
    ports: publishedPorts(h, engine, ctx.cfg.restPort),
    // Each process its own RocksDB directory, also where several share a host's HDD.
    mounts: [...checkpointMounts, { type: 'bind', source: `${own}/${h.name}/rocksdb`, target: CONTAINER_DIRS.rocksdb }],
    healthcheck: healthcheckOf(isJm),
    hostDirs: [own],
  };
}

/** The shared flink-conf plus what is this process's own: where the JobManager is, and the fixed ports. */
function processFlinkConf(h: HostConfig, ctx: PlanContext): FlinkConf {
  return {
    ...ctx.shared,
    'jobmanager.rpc.address': flinkHostOf(ctx.jmHost, ctx),
    'jobmanager.rpc.port': String(FLINK_PORTS.jobManagerRpc),
    'blob.server.port': String(FLINK_PORTS.blob),
    'rest.port': String(FLINK_PORTS.rest),
    // The REST server fetches TaskManager metrics from each process's metric query service: by
    // default on a random port, which across hosts cannot be published.
    'metrics.internal.query-service.port': String(FLINK_PORTS.metricsQuery),
    ...(h.role === 'jobmanager'
      ? {}
      : {
          'taskmanager.host': flinkHostOf(h, ctx),
          'taskmanager.rpc.port': String(FLINK_PORTS.taskManagerRpc),
          'taskmanager.data.port': String(FLINK_PORTS.taskManagerData),
        }),
  };
}

/** Only a role alone on its engine publishes Flink's internal ports; the REST port always, for the bench. */
function publishedPorts(h: HostConfig, engine: EnginePlan, restPort: number): PortPlan[] {
  const publish = (internal: number) => ({ internal, external: internal, ip: h.address });
  if (h.role === 'jobmanager')
    return [
      { internal: FLINK_PORTS.rest, external: restPort, ip: h.address },
      ...(engine.shared ? [] : [publish(FLINK_PORTS.jobManagerRpc), publish(FLINK_PORTS.blob), publish(FLINK_PORTS.metricsQuery)]),
    ];
  return engine.shared ? [] : [publish(FLINK_PORTS.taskManagerRpc), publish(FLINK_PORTS.taskManagerData), publish(FLINK_PORTS.metricsQuery)];
}

/** The JobManager answers REST; a TaskManager listens on its RPC port. Only bash is assumed in the image. */
function healthcheckOf(isJm: boolean): HealthcheckPlan {
  return {
    tests: isJm
      ? ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${FLINK_PORTS.rest} && printf 'GET /overview HTTP/1.0\r\n\r\n' >&3 && grep -q flink-version <&3`]
      : ['CMD', 'bash', '-c', `</dev/tcp/127.0.0.1/${FLINK_PORTS.taskManagerRpc}`],
    interval: '5s',
    timeout: '3s',
    startPeriod: '30s',
    retries: 10,
  };
}
