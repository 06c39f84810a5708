/** The net under the local cluster: its decision by hand, and the real watchdog against real processes (no Flink needed). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '../../lib/sleep.js';
import { pollUntil } from '../../lib/pollUntil.js';
import { clusterMarker, clusterPids, watchdogArgs, watchdogStep } from './clusterWatchdog.js';

describe('watchdogStep', () => {
  it('ends the cluster only when its owner is gone and cluster processes remain', () => {
    expect(watchdogStep(false, 3, true)).toEqual({ action: 'wait', seen: true });
    expect(watchdogStep(true, 3, false)).toEqual({ action: 'end cluster', seen: true });
    // Not started yet: nothing to end, nothing seen.
    expect(watchdogStep(false, 0, true)).toEqual({ action: 'wait', seen: false });
    // The owner stopped its cluster itself: the watchdog's work is done.
    expect(watchdogStep(true, 0, true)).toEqual({ action: 'exit', seen: true });
    expect(watchdogStep(true, 0, false)).toEqual({ action: 'exit', seen: true });
  });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
// `--` ends node's own options, so the arguments reach the command line as Flink's do.
const idle = (...args: string[]) => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...args], { stdio: 'ignore' });
const within = (ms: number, done: () => boolean): Promise<boolean> =>
  pollUntil({ deadlineMs: Date.now() + ms, what: 'the condition', everyMs: 100 }, () => (done() ? true : undefined)).then(
    () => true,
    () => false,
  );

describe('the watchdog process', () => {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const p of started) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
  });

  it('ends the processes that name the cluster’s conf dir when their owner is killed outright, and leaves others alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ckpt-watchdog-'));
    // Stand-ins for the JobManager and a TaskManager: their command lines carry `--configDir <dataDir>/conf/<role>`, as Flink's do.
    const jm = idle('--configDir', `${dataDir}/conf/jobmanager`);
    const tm = idle('--configDir', `${dataDir}/conf/taskmanager-1`);
    const other = idle('--configDir', `${dataDir}-other/conf/jobmanager`);
    const owner = idle();
    started.push(jm, tm, other, owner);
    expect(await within(5_000, () => clusterPids(clusterMarker(dataDir)).length === 2)).toBe(true);
    const watchdog = spawn(process.execPath, watchdogArgs(owner.pid!, dataDir), { stdio: 'ignore' });
    started.push(watchdog);
    await sleep(2_000);
    expect([alive(jm.pid!), alive(tm.pid!)]).toEqual([true, true]);
    owner.kill('SIGKILL');
    expect(await within(15_000, () => !alive(jm.pid!) && !alive(tm.pid!))).toBe(true);
    expect(alive(other.pid!)).toBe(true);
    expect(await within(10_000, () => watchdog.exitCode !== null)).toBe(true);
  }, 40_000);

  it('exits by itself once its owner stopped the cluster', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ckpt-watchdog-'));
    const jm = idle('--configDir', `${dataDir}/conf/jobmanager`);
    started.push(jm);
    const watchdog = spawn(process.execPath, watchdogArgs(process.pid, dataDir), { stdio: 'ignore' });
    started.push(watchdog);
    // Long enough for it to load (tsx) and see the cluster once: a cluster never seen is one not started yet.
    await sleep(6_000);
    expect(watchdog.exitCode).toBeNull();
    jm.kill('SIGTERM');
    expect(await within(10_000, () => watchdog.exitCode === 0)).toBe(true);
  }, 40_000);
});
