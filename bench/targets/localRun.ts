/** One measurement on the embedded default: a local cluster started for it (or one already up). */
import { formatElapsedMs } from '../../lib/duration.js';
import { existsSync } from 'node:fs';
import type { FailureDetectionProfile } from '../../infra/clusterConfig.js';
import { defaultDataDir, LocalCluster } from '../../infra/local/localCluster.js';
import { DEFAULT_PORT_BASE } from '../../infra/local/ports.js';
import { JOB_JAR } from '../../flink-job/ts/jobJar.js';
import { DockerTaskManagerControl, type DockerTaskManager } from '../failures/dockerControl.js';
import { TaskFailure, TaskManagerKill, type FailureInjector } from '../failures/injectors.js';
import type { FailureOptions } from '../../lib/failurePlan.js';
import { runMeasurement, type RunOptions, type RunResult } from '../run.js';
import { procCpuSource } from '../cpu/cpuSources.js';
import { isRunning } from '../../infra/local/processes.js';

export interface MeasurementSettings extends Pick<
  RunOptions,
  'workload' | 'warmupMs' | 'durationMs' | 'sampleMs' | 'outDir' | 'end' | 'storagePathMap' | 'initialState' | 'probeMs' | 'autoRate' | 'cell'
> {
  readonly failures?: FailureOptions;
  /** A cluster somebody else runs; otherwise the local one on `portBase`. */
  readonly restUrl?: string;
  readonly portBase?: number;
  /** With restUrl: the TaskManager containers tm-kill may crash (a Pulumi stack's cluster). */
  readonly dockerTaskManagers?: readonly DockerTaskManager[];
}

export class JobJarMissing extends Error {
  constructor() {
    super(`The job jar is not built (${JOB_JAR}). Run 'npm run build:job' first.`);
    this.name = 'JobJarMissing';
  }
}

/** Runs one measurement; starts (and afterwards stops) a local cluster unless one is up or --rest names one. */
export async function measure(
  settings: MeasurementSettings,
  options: { readonly signal?: AbortSignal; readonly log: (line: string) => void; readonly failureDetection?: FailureDetectionProfile },
): Promise<RunResult> {
  if (!existsSync(JOB_JAR)) throw new JobJarMissing();
  const log = options.log;
  const { owned, local, restUrl } = await clusterToMeasure(settings, options.failureDetection ?? 'flink-default', log);
  const { injector, expectedTaskManagers } = failureInjectorFor(settings, local, log);
  try {
    const cluster = local;
    return await runMeasurement({
      restUrl,
      cell: settings.cell,
      // The local JVMs' CPU straight from the kernel; any other cluster's through REST.
      cpuSource: cluster ? procCpuSource(() => cluster.processes.filter(isRunning)) : undefined,
      workload: settings.workload,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      sampleMs: settings.sampleMs,
      storagePathMap: settings.storagePathMap,
      initialState: settings.initialState,
      probeMs: settings.probeMs,
      autoRate: settings.autoRate,
      outDir: settings.outDir,
      end: settings.end,
      cluster: local
        ? { kind: 'local', startupMs: owned?.startupMs, config: local.config }
        : { kind: settings.dockerTaskManagers ? 'docker' : 'rest', restUrl, taskManagers: settings.dockerTaskManagers },
      failures: settings.failures && injector ? { options: settings.failures, injector, expectedTaskManagers } : undefined,
      signal: options.signal,
      progress: log,
    });
  } finally {
    if (owned) {
      await owned.stop();
      log('local cluster stopped');
    }
  }
}

/** The cluster a run measures: the one --rest names, a local one already up, or a local one started (and owned) for it. */
async function clusterToMeasure(
  settings: MeasurementSettings,
  profile: FailureDetectionProfile,
  log: (line: string) => void,
): Promise<{ owned?: LocalCluster; local?: LocalCluster; restUrl: string }> {
  if (settings.restUrl) return { restUrl: settings.restUrl };
  const portBase = settings.portBase ?? DEFAULT_PORT_BASE;
  const attached = LocalCluster.attach(defaultDataDir(portBase));
  if (attached) {
    log(`using the local cluster at ${attached.restUrl}`);
    return { local: attached, restUrl: attached.restUrl };
  }
  const owned = await LocalCluster.start({ portBase, owned: true, log, configure: (cfg) => ({ ...cfg, failureDetection: profile }) });
  log(`local cluster ready in ${formatElapsedMs(owned.startupMs)} (failure detection: ${profile})`);
  return { owned, local: owned, restUrl: owned.restUrl };
}

/** How the run's failures are injected: a local TaskManager killed, a container crashed, or a task failing by the job's own hand. */
function failureInjectorFor(
  settings: MeasurementSettings,
  local: LocalCluster | undefined,
  log: (line: string) => void,
): { injector?: FailureInjector; expectedTaskManagers?: number } {
  const expectedTaskManagers = local?.processes.filter((p) => p.role === 'taskmanager').length;
  const failures = settings.failures;
  if (failures?.kind === 'tm-kill' && local)
    return {
      injector: new TaskManagerKill({ kill: (id) => local.killTaskManager(id), restart: (id) => local.restartTaskManager(id) }, failures.tmRestartDelayMs),
      expectedTaskManagers,
    };
  if (failures?.kind === 'tm-kill' && settings.dockerTaskManagers)
    return {
      injector: new TaskManagerKill(new DockerTaskManagerControl(settings.dockerTaskManagers, log), failures.tmRestartDelayMs),
      expectedTaskManagers: settings.dockerTaskManagers.length,
    };
  if (failures?.kind === 'task-failure') return { injector: new TaskFailure(), expectedTaskManagers };
  return { expectedTaskManagers };
}
