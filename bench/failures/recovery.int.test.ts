/**
 * Failures on the real local cluster: a killed TaskManager and a task exception, each recovered from
 * a checkpoint with exactly-once state and a replay the model predicts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataDir, LocalCluster } from '../../infra/local/localCluster.js';
import { runMeasurement, type RunResult } from '../run.js';
import { TaskFailure, TaskManagerKill } from './injectors.js';
import { expectReplayAsPredicted } from './replayAsPredicted.testkit.js';
import { DEFAULT_RECOVERY_LIMITS, type RecoveryLimits } from './observeRecovery.js';
import type { RecoveryTimeline } from './timeline.js';

const PORT_BASE = 18_681;
const RATE = 3_000;
const INTERVAL_MS = 5_000;
const out = mkdtempSync(join(tmpdir(), 'ckpt-lab-failures-'));
const workload = {
  rate: RATE,
  bidders: 20_000,
  keys: 1_000,
  stateMode: 'realistic',
  stateBackend: 'rocksdb',
  incremental: true,
  checkpointIntervalMs: INTERVAL_MS,
} as const;

function expectOrdered(t: RecoveryTimeline): void {
  expect(t.injectedAt).toBeLessThanOrEqual(t.detectedAt);
  expect(t.detectedAt).toBeLessThanOrEqual(t.runningAgainAt);
  expect(t.caughtUp).toBe(true);
  expect(t.runningAgainAt).toBeLessThanOrEqual(t.caughtUpAt!);
  expect(t.restoredCheckpointTriggerAt!).toBeLessThan(t.injectedAt);
  expect(t.flinkRestarts).toBeGreaterThanOrEqual(1);
}

describe('failures on the local cluster', () => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    // The fast failure-detection profile keeps a killed TaskManager's detection to seconds.
    cluster = await LocalCluster.start({ portBase: PORT_BASE, owned: true, configure: (c) => ({ ...c, failureDetection: 'fast' }) });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    const left = spawnSync('pgrep', ['-f', `org.apache.flink.*${defaultDataDir(PORT_BASE)}/`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  }, 60_000);

  const run = (kind: 'tm-kill' | 'task-failure', phase: number, overRate?: { rate: number; limits: RecoveryLimits }): Promise<RunResult> =>
    runMeasurement({
      restUrl: cluster.restUrl,
      workload: overRate ? { ...workload, rate: overRate.rate, bidders: 2_000 } : workload,
      warmupMs: 10_000,
      // One failure: the health gate (20 s), up to two intervals to reach its phase, 45 s to recover.
      durationMs: 80_000,
      sampleMs: 2_000,
      outDir: out,
      end: 'savepoint',
      failures: {
        options: { kind, count: 1, phase, tmRestartDelayMs: 0 },
        injector:
          kind === 'tm-kill'
            ? new TaskManagerKill({ kill: (id) => cluster.killTaskManager(id), restart: (id) => cluster.restartTaskManager(id) }, 0)
            : new TaskFailure(),
        expectedTaskManagers: 2,
        limits: overRate?.limits,
        // Above capacity the job is never healthy: that failure goes in behind no gate, on purpose.
        healthGate: overRate ? false : undefined,
      },
    });

  it('recovers from a killed TaskManager with exactly-once state and the predicted replay', async () => {
    const r = await run('tm-kill', 0.5);
    console.log(r.humanSummary);
    const [t] = r.recovery!.failures;
    expect(r.verification?.ok).toBe(true);
    expectOrdered(t!);
    expectReplayAsPredicted(t!, RATE);
    expect(cluster.runningProcesses()).toHaveLength(3); // the killed TaskManager came back
  }, 300_000);

  it('recovers from a task failure; later in the cycle means more replay', async () => {
    const early = await run('task-failure', 0.1);
    const late = await run('task-failure', 0.9);
    for (const r of [early, late]) {
      console.log(r.humanSummary);
      expect(r.verification?.ok).toBe(true);
      expectOrdered(r.recovery!.failures[0]!);
      expectReplayAsPredicted(r.recovery!.failures[0]!, RATE);
    }
    expect(late.recovery!.failures[0]!.replayedRecords!).toBeGreaterThan(early.recovery!.failures[0]!.replayedRecords!);
  }, 600_000);

  it('records a job that cannot catch up (input above its capacity) as not caught up: a result, not an error', async () => {
    // 2,000,000 events/s is many times what the job can do here (about 150,000 with this small state
    // since the window stage counts per slice; a run at 150,000 kept up): the lag grows before and after the failure.
    const limits = { ...DEFAULT_RECOVERY_LIMITS, catchUp: { ...DEFAULT_RECOVERY_LIMITS.catchUp, stallWindowMs: 30_000 } };
    const r = await run('task-failure', 0.5, { rate: 2_000_000, limits });
    console.log(r.humanSummary);
    const [t] = r.recovery!.failures;
    // Behind before the failure already (the gate, switched off here, would have refused it).
    expect(t!.lagBeforeMs).toBeGreaterThan(1_000);
    expect(t!.caughtUp).toBe(false);
    expect(t!.recoveryMs).toBeUndefined();
    expect(t!.notCaughtUp?.reason).toBe('stalled');
    // Stalled means the lag did not fall: no positive drain, no projection.
    expect(t!.notCaughtUp!.drainEventsPerSec!).toBeLessThanOrEqual(0);
    expect(t!.notCaughtUp!.projectedCatchUpMs).toBeUndefined();
    expect(t!.notCaughtUp!.stoppedAtMs - t!.runningAgainAt).toBeGreaterThanOrEqual(30_000);
    expect(r.recovery!.median.notCaughtUp).toBe(1);
    const written = JSON.parse(readFileSync(r.runJson, 'utf8')) as { status: string; summary: { recovery: { failures: RecoveryTimeline[] } } };
    expect(written.status).toBe('complete');
    expect(written.summary.recovery.failures[0]!.caughtUp).toBe(false);
    expect(r.verification?.ok).toBe(true);
  }, 400_000);
});
