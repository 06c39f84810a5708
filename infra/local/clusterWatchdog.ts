/**
 * Ends the Flink processes of a cluster when the Node process that owns it is gone, even if that process
 * was killed outright (a crash, SIGKILL), so no Flink process outlives its run. It finds the processes by
 * their command line (which names the cluster's data dir), so TaskManagers restarted after a failure are
 * covered too. Run as its own detached process: `node --import tsx/esm clusterWatchdog.ts <ownerPid> <dataDir>`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start the watchdog for a cluster: node with tsx's loader, this file, the owner's pid and the data dir. */
export function watchdogArgs(ownerPid: number, dataDir: string): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href, fileURLToPath(import.meta.url), String(ownerPid), dataDir];
}

/** The bytes a cluster process's /proc/<pid>/cmdline holds: Flink's --configDir argument under the data dir. */
export const clusterMarker = (dataDir: string): string => `--configDir\0${dataDir}/conf/`;

/** The pids whose command line holds the marker, from /proc (a process gone meanwhile is skipped). */
export function clusterPids(marker: string, proc = '/proc'): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`${proc}/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export type WatchdogAction = 'wait' | 'exit' | 'end cluster';

/**
 * One look (pure): the owner gone while cluster processes remain → end them; no cluster process left after
 * some were seen (the owner stopped it itself) → exit; otherwise wait.
 */
export function watchdogStep(seenBefore: boolean, clusterProcesses: number, ownerAlive: boolean): { readonly action: WatchdogAction; readonly seen: boolean } {
  const seen = seenBefore || clusterProcesses > 0;
  if (clusterProcesses === 0 && seen) return { action: 'exit', seen };
  if (!ownerAlive && clusterProcesses > 0) return { action: 'end cluster', seen };
  return { action: 'wait', seen };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalAll(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // gone meanwhile
    }
  }
}

/** Looks every 500 ms; ends the cluster with SIGTERM, then SIGKILL 5 s later, and exits. */
function watch(ownerPid: number, dataDir: string): void {
  const marker = clusterMarker(dataDir);
  let seen = false;
  let ending = false;
  setInterval(() => {
    if (ending) return;
    const pids = clusterPids(marker);
    const step = watchdogStep(seen, pids.length, alive(ownerPid));
    seen = step.seen;
    if (step.action === 'exit') process.exit(0);
    if (step.action !== 'end cluster') return;
    ending = true;
    signalAll(pids, 'SIGTERM');
    setTimeout(() => {
      signalAll(clusterPids(marker), 'SIGKILL');
      process.exit(0);
    }, 5_000);
  }, 500);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [ownerPid, dataDir] = process.argv.slice(2);
  if (!ownerPid || !dataDir) {
    process.stderr.write('usage: clusterWatchdog.ts <ownerPid> <dataDir>\n');
    process.exit(2);
  }
  watch(Number(ownerPid), dataDir);
}
