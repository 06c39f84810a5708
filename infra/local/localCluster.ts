/**
 * The embedded default: 1 JobManager and 2 TaskManagers as local JVM processes, the cluster shape of
 * the Docker stacks, configured by the same flink-conf renderer.
 */
import { watchdogArgs } from './clusterWatchdog.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { totalmem } from 'node:os';
import { defaultClusterConfig, taskManagerMemoryFor, type ClusterConfig, type StorageDirs } from '../clusterConfig.js';
import { renderFlinkConf } from '../flinkConf.js';
import { checkJava } from './java.js';
import { checkPortsFree, DEFAULT_PORT_BASE, localPorts } from './ports.js';
import { isRunning, killProcess, logTail, processNameOf, processSpecs, resourceId, startProcess, stopProcesses, type RunningProcess } from './processes.js';
import { flinkLibDir } from './runtime.js';
import { pollUntil, PollTimeout } from '../../lib/pollUntil.js';

export interface LocalClusterOptions {
  /** REST on this port, JobManager RPC and blob server on the next two. */
  readonly portBase?: number;
  /** Config, logs, checkpoints, savepoints and RocksDB: the local stand-in for the HDD volume. */
  readonly dataDir?: string;
  readonly taskManagers?: number;
  /** Changes to the default cluster config (e.g. the failure-detection profile). */
  readonly configure?: (config: ClusterConfig) => ClusterConfig;
  /** End the processes when this Node process ends, however it ends. */
  readonly owned?: boolean;
  readonly readyTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** What `cluster.json` in the data dir records, so `cluster down` / `status` find the processes. */
interface ClusterState {
  readonly portBase: number;
  readonly restUrl: string;
  readonly startedAtMs: number;
  readonly config: ClusterConfig;
  readonly processes: RunningProcess[];
}

export function defaultDataDir(portBase: number): string {
  return join(REPO_ROOT, '.flink-local', String(portBase));
}

/** Every data directory lives under the cluster's data dir. */
export function storageDirsUnder(dataDir: string): StorageDirs {
  return {
    checkpointsDir: join(dataDir, 'checkpoints'),
    savepointsDir: join(dataDir, 'savepoints'),
    rocksdbLocalDir: join(dataDir, 'rocksdb'),
    tmpDir: join(dataDir, 'tmp'),
  };
}

export class LocalCluster {
  private constructor(
    private state: ClusterState,
    readonly dataDir: string,
    readonly startupMs: number,
  ) {}

  private get libDir(): string {
    return flinkLibDir();
  }

  private get javaMajor(): number {
    return checkJava();
  }

  get restUrl(): string {
    return this.state.restUrl;
  }

  get config(): ClusterConfig {
    return this.state.config;
  }

  get processes(): readonly RunningProcess[] {
    return this.state.processes;
  }

  /** Starts the cluster and waits until /overview shows every TaskManager and slot. */
  static async start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
    const log = options.log ?? (() => {});
    const portBase = options.portBase ?? DEFAULT_PORT_BASE;
    const ports = localPorts(portBase);
    const dataDir = options.dataDir ?? defaultDataDir(portBase);
    const taskManagers = options.taskManagers ?? 2;
    const config = (options.configure ?? ((c) => c))(sizedForMachine(defaultClusterConfig(storageDirsUnder(dataDir)), taskManagers, log));
    const running = readState(dataDir);
    if (running && running.processes.some(isRunning)) {
      throw new Error(
        `A local cluster already runs from ${dataDir} (REST ${running.restUrl}); stop it with 'ckpt-lab cluster down --port-base ${running.portBase}'.`,
      );
    }
    const javaMajor = checkJava();
    await checkPortsFree(portBase);
    const libDir = flinkLibDir(process.env, log);

    const started = Date.now();
    mkdirSync(dataDir, { recursive: true });
    // Flink creates these lazily; the bench looks into them (the prefilled state's cache) before that.
    for (const dir of [config.dirs.checkpointsDir, config.dirs.savepointsDir]) if (!dir.includes('://')) mkdirSync(dir, { recursive: true });
    rmSync(join(dataDir, 'log'), { recursive: true, force: true });
    const processes: RunningProcess[] = [];
    const restUrl = `http://127.0.0.1:${ports.rest}`;
    const cluster = new LocalCluster({ portBase, restUrl, startedAtMs: started, config, processes }, dataDir, 0);
    try {
      for (const spec of processSpecs(renderFlinkConf(config), ports, dataDir, taskManagers)) {
        processes.push(startProcess(spec, libDir, javaMajor));
        writeState(dataDir, cluster.state);
      }
      if (options.owned) startWatchdog(dataDir);
      log(`local cluster starting: JobManager + ${taskManagers} TaskManagers, REST ${restUrl}, data ${dataDir}`);
      await cluster.waitReady(taskManagers * config.slotsPerTaskManager, taskManagers, options.readyTimeoutMs ?? 120_000);
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return new LocalCluster(cluster.state, dataDir, Date.now() - started);
  }

  /** The cluster recorded in `dataDir`, if any of its processes still runs. */
  static attach(dataDir: string): LocalCluster | undefined {
    const state = readState(dataDir);
    return state && state.processes.some(isRunning) ? new LocalCluster(state, dataDir, 0) : undefined;
  }

  private async waitReady(slots: number, taskManagers: number, timeoutMs: number): Promise<void> {
    const what = `the local cluster to be ready (${taskManagers} TaskManagers and ${slots} slots)`;
    await pollUntil({ deadlineMs: Date.now() + timeoutMs, what, everyMs: 250 }, async (seen) => {
      const dead = this.processes.find((p) => !isRunning(p));
      if (dead) throw new Error(`${dead.name} exited during start-up.\n${logTail(dead)}`);
      try {
        // Readiness is the REST API's /overview (the bench's client sits a floor above).
        const o = (await axios.get<{ taskmanagers: number; 'slots-total': number }>(`${this.restUrl}/overview`, { timeout: 5_000 })).data;
        seen(`${o.taskmanagers} TaskManagers, ${o['slots-total']} slots`);
        return o.taskmanagers === taskManagers && o['slots-total'] === slots ? true : undefined;
      } catch (e) {
        seen((e as Error).message);
        return undefined;
      }
    }).catch((e: unknown) => {
      if (e instanceof PollTimeout) throw new Error(`${e.message}\n${this.processes.map((p) => logTail(p, 10)).join('\n')}`);
      throw e;
    });
  }

  /** Stops every process (graceful, then forced) and forgets them. */
  async stop(): Promise<void> {
    await stopProcesses(this.processes);
    rmSync(join(this.dataDir, 'cluster.json'), { force: true });
  }

  /** Processes of this cluster that still run. */
  runningProcesses(): RunningProcess[] {
    return this.processes.filter(isRunning);
  }

  /** The process of a TaskManager, by its resource id (as REST reports it) or its name. */
  private taskManager(id: string): RunningProcess {
    const tm = this.processes.find((p) => p.role === 'taskmanager' && p.name === processNameOf(id));
    if (!tm) throw new Error(`No TaskManager '${id}' in this cluster (have ${this.processes.map((p) => p.name).join(', ')})`);
    return tm;
  }

  /** SIGKILLs a TaskManager, as a machine that dies. */
  /** SIGKILLs a TaskManager's JVM; returns when (epoch ms). */
  killTaskManager(resourceId: string): number {
    killProcess(this.taskManager(resourceId));
    return Date.now();
  }

  /** Starts a killed TaskManager again with its own config, as a supervisor would. */
  async restartTaskManager(id: string, goneWithinMs = 15_000): Promise<void> {
    const old = this.taskManager(id);
    // A SIGKILLed JVM of a few GB takes a moment to go, and Node reaps it on its event loop: wait for it.
    await pollUntil({ deadlineMs: Date.now() + goneWithinMs, what: `the killed ${id} (pid ${old.pid}) to be gone`, everyMs: 100 }, () =>
      isRunning(old) ? undefined : true,
    );
    const generation = Number(/-g(\d+)$/.exec(old.conf['taskmanager.resource-id'] ?? '')?.[1] ?? 0) + 1;
    const next = { ...old, conf: { ...old.conf, 'taskmanager.resource-id': resourceId(old.name, generation) } };
    const fresh = startProcess(next, this.libDir, this.javaMajor);
    this.state = { ...this.state, processes: this.processes.map((p) => (p === old ? fresh : p)) };
    writeState(this.dataDir, this.state);
  }
}

/** The default config with TaskManagers sized from this machine's memory; says what it chose. */
function sizedForMachine(config: ClusterConfig, taskManagers: number, log: (line: string) => void): ClusterConfig {
  const share = taskManagerMemoryFor(Math.floor(totalmem() / 2 ** 20), taskManagers, config.memory.jobManagerProcessMb);
  log(`TaskManager memory: ${taskManagers} × ${share.taskManagerProcessMb} MB, ${share.reason}`);
  return { ...config, memory: { ...config.memory, taskManagerProcessMb: share.taskManagerProcessMb } };
}

function statePath(dataDir: string): string {
  return join(dataDir, 'cluster.json');
}

function readState(dataDir: string): ClusterState | undefined {
  const path = statePath(dataDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ClusterState) : undefined;
}

function writeState(dataDir: string, state: ClusterState): void {
  const tmp = statePath(dataDir) + '.tmp';
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, statePath(dataDir));
}

/** A separate small process that ends the cluster if this one dies without stopping it. */
function startWatchdog(dataDir: string): void {
  const watchdog = spawn(process.execPath, watchdogArgs(process.pid, dataDir), {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
}
