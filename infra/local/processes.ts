/** The local cluster's processes: what each one is (pure) and how it is started and stopped (I/O). */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync, closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { toFlinkConfYaml, type FlinkConf } from '../flinkConf.js';
import { flinkJava17Options, javaExecutable } from './java.js';
import { LOG4J_PROPERTIES } from './log4j.js';
import type { LocalPorts } from './ports.js';
import { pollUntil } from '../../lib/pollUntil.js';

export type Role = 'jobmanager' | 'taskmanager';

export const ENTRY_POINTS: Readonly<Record<Role, string>> = {
  jobmanager: 'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint',
  taskmanager: 'org.apache.flink.runtime.taskexecutor.TaskManagerRunner',
};

/** One Flink process of the local cluster. */
export interface ProcessSpec {
  readonly name: string;
  readonly role: Role;
  readonly configDir: string;
  readonly logFile: string;
  readonly conf: FlinkConf;
}

export interface RunningProcess extends ProcessSpec {
  readonly pid: number;
}

/** The per-process configuration: the cluster's, plus addresses, ports and own directories. */
export function processSpecs(clusterConf: FlinkConf, ports: LocalPorts, dataDir: string, taskManagers: number): ProcessSpec[] {
  const common = {
    ...clusterConf,
    'jobmanager.rpc.address': '127.0.0.1',
    'jobmanager.rpc.port': String(ports.rpc),
    'jobmanager.bind-host': '127.0.0.1',
    'rest.address': '127.0.0.1',
    'rest.bind-address': '127.0.0.1',
    'rest.port': String(ports.rest),
    'blob.server.port': String(ports.blob),
  };
  const spec = (name: string, role: Role, extra: Record<string, string>): ProcessSpec => ({
    name,
    role,
    configDir: join(dataDir, 'conf', name),
    logFile: join(dataDir, 'log', `${name}.log`),
    conf: { ...common, 'io.tmp.dirs': join(dataDir, 'tmp', name), ...extra },
  });
  return [
    spec('jobmanager', 'jobmanager', {}),
    ...Array.from({ length: taskManagers }, (_, i) =>
      spec(`taskmanager-${i + 1}`, 'taskmanager', {
        'taskmanager.host': '127.0.0.1',
        'taskmanager.bind-host': '127.0.0.1',
        'taskmanager.resource-id': resourceId(`taskmanager-${i + 1}`, 0),
        'taskmanager.rpc.port': '0',
        'taskmanager.data.port': '0',
        // Each TaskManager has its own RocksDB working directory, as on its own host.
        'state.backend.rocksdb.localdir': join(clusterConf['state.backend.rocksdb.localdir'] ?? join(dataDir, 'rocksdb'), `taskmanager-${i + 1}`),
      }),
    ),
  ];
}

/**
 * A TaskManager's resource id: its name and how often it was started. A restarted TaskManager is a
 * new one to Flink (as a restarted container is), so nothing of its predecessor (slots, metrics) is
 * mistaken for it.
 */
export function resourceId(name: string, generation: number): string {
  return `${name}-g${generation}`;
}

/** The process name in a resource id made by resourceId(). */
export function processNameOf(id: string): string {
  return id.replace(/-g\d+$/, '');
}

/** The two result lines of Flink's BashJavaUtils: JVM memory options and dynamic properties. */
export function parseBashJavaUtils(output: string): { jvmArgs: string[]; dynamicProperties: string[] } {
  const lines = output
    .split('\n')
    .filter((l) => l.startsWith('BASH_JAVA_UTILS_EXEC_RESULT:'))
    .map((l) => l.slice('BASH_JAVA_UTILS_EXEC_RESULT:'.length).trim());
  if (lines.length < 1) throw new Error(`BashJavaUtils printed no result: ${output.slice(-2000)}`);
  const jvmArgs = lines[0]!.split(/\s+/).filter(Boolean);
  // "-D k=v -D k2=v2" → ["-D", "k=v", "-D", "k2=v2"]
  const dynamicProperties = (lines[1] ?? '').split(/\s+/).filter(Boolean);
  return { jvmArgs, dynamicProperties };
}

const classpath = (libDir: string) => join(libDir, '*');

/** Writes a process's config dir and starts it the way Flink's scripts do; returns its pid. */
export function startProcess(spec: ProcessSpec, libDir: string, javaMajor: number): RunningProcess {
  for (const dir of [spec.configDir, join(spec.logFile, '..'), spec.conf['io.tmp.dirs']!]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(spec.configDir, 'flink-conf.yaml'), toFlinkConfYaml(spec.conf));
  writeFileSync(join(spec.configDir, 'log4j.properties'), LOG4J_PROPERTIES);
  const java = javaExecutable();
  const util = spawnSync(
    java,
    [
      '-cp',
      classpath(libDir),
      'org.apache.flink.runtime.util.bash.BashJavaUtils',
      spec.role === 'jobmanager' ? 'GET_JM_RESOURCE_PARAMS' : 'GET_TM_RESOURCE_PARAMS',
      '--configDir',
      spec.configDir,
    ],
    { encoding: 'utf8' },
  );
  if (util.status !== 0) throw new Error(`Flink rejected the ${spec.name} configuration: ${(util.stdout + util.stderr).slice(-2000)}`);
  const { jvmArgs, dynamicProperties } = parseBashJavaUtils(util.stdout);
  const args = [
    ...jvmArgs,
    ...(javaMajor >= 17 ? flinkJava17Options() : []),
    `-Dlog.file=${spec.logFile}`,
    `-Dlog4j.configurationFile=file:${join(spec.configDir, 'log4j.properties')}`,
    '-cp',
    classpath(libDir),
    ENTRY_POINTS[spec.role],
    '--configDir',
    spec.configDir,
    ...(spec.role === 'jobmanager' ? ['--executionMode', 'cluster'] : []),
    ...dynamicProperties,
  ];
  const out = openSync(spec.logFile.replace(/\.log$/, '.out'), 'a');
  // Own process group: a terminal's Ctrl-C reaches the CLI, which stops the cluster in order.
  const child = spawn(java, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`Could not start ${spec.name} with '${java}'`);
  return { ...spec, pid: child.pid };
}

/** Is `pid` still this process (and not a recycled pid)? */
export function isRunning(p: RunningProcess): boolean {
  try {
    return readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(p.configDir);
  } catch {
    return false;
  }
}

function signal(p: RunningProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-p.pid, sig);
  } catch {
    try {
      process.kill(p.pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Graceful stop (SIGTERM), then forced (SIGKILL) after `graceMs`. */
export async function stopProcesses(processes: readonly RunningProcess[], graceMs = 15_000): Promise<void> {
  const running = processes.filter(isRunning);
  running.forEach((p) => signal(p, 'SIGTERM'));
  const gone = () => (running.some(isRunning) ? undefined : true);
  // Past the grace period the stragglers are killed; past the kill's, there is nothing more to do.
  await pollUntil({ deadlineMs: Date.now() + graceMs, what: 'the processes to stop', everyMs: 200 }, gone).catch(() => undefined);
  running.filter(isRunning).forEach((p) => signal(p, 'SIGKILL'));
  await pollUntil({ deadlineMs: Date.now() + 5_000, what: 'the killed processes to be gone', everyMs: 100 }, gone).catch(() => undefined);
}

/** SIGKILL one process at once: a machine that dies. */
export function killProcess(p: RunningProcess): void {
  signal(p, 'SIGKILL');
}

/** The last lines of a process's log and stdout, for error messages. */
export function logTail(p: ProcessSpec, lines = 30): string {
  const files = [p.logFile, p.logFile.replace(/\.log$/, '.out')].filter(existsSync);
  return files.map((f) => `--- ${f}\n` + readFileSync(f, 'utf8').split('\n').slice(-lines).join('\n')).join('\n');
}
