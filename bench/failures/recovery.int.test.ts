/**
 * Failures on the real local cluster: a killed TaskManager and a task exception, each recovered from
 * a checkpoint with exactly-once state and a replay the model predicts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataDir, LocalCluster } from '../../infra/local/localCluster.js';
import { runMeasurement, type RunResult } from '../run.js';
import { TaskFailure, TaskManagerKill } from './injectors.js';
import type { RecoveryTimeline } from './timeline.js';

const PORT_BASE = 18_681;
const RATE = 3_000;
const INTERVAL_MS = 5_000;
const out = mkdtempSync(join(tmpdir(), 'ckpt-lab-failures-'));
const workload = { rate: RATE, bidders: 20_000, keys: 1_000, stateMode: 'realistic', stateBackend: 'rocksdb', incremental: true, checkpointIntervalMs: INTERVAL_MS } as const;

/** The model's tolerance: ±15 %, or ±1 s of input. */
function expectReplayAsPredicted(t: RecoveryTimeline): void {
  const tolerance = Math.max(0.15 * t.predictedReplayedRecords, RATE);
  expect(t.replayedRecords).toBeDefined();
  expect(Math.abs(t.replayedRecords! - t.predictedReplayedRecords)).toBeLessThanOrEqual(tolerance);
}

function expectOrdered(t: RecoveryTimeline): void {
  expect(t.injectedAt).toBeLessThanOrEqual(t.detectedAt);
  expect(t.detectedAt).toBeLessThanOrEqual(t.runningAgainAt);
  expect(t.runningAgainAt).toBeLessThanOrEqual(t.caughtUpAt);
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

  const run = (kind: 'tm-kill' | 'task-failure', phase: number): Promise<RunResult> =>
    runMeasurement({
      restUrl: cluster.restUrl,
      workload,
      warmupMs: 15_000,
      durationMs: 60_000,
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
      },
    });

  it('recovers from a killed TaskManager with exactly-once state and the predicted replay', async () => {
    const r = await run('tm-kill', 0.5);
    console.log(r.humanSummary);
    const [t] = r.recovery!.failures;
    expect(r.verification?.ok).toBe(true);
    expectOrdered(t!);
    expectReplayAsPredicted(t!);
    expect(cluster.runningProcesses()).toHaveLength(3); // the killed TaskManager came back
  }, 300_000);

  it('recovers from a task failure; later in the cycle means more replay', async () => {
    const early = await run('task-failure', 0.1);
    const late = await run('task-failure', 0.9);
    for (const r of [early, late]) {
      console.log(r.humanSummary);
      expect(r.verification?.ok).toBe(true);
      expectOrdered(r.recovery!.failures[0]!);
      expectReplayAsPredicted(r.recovery!.failures[0]!);
    }
    expect(late.recovery!.failures[0]!.replayedRecords!).toBeGreaterThan(early.recovery!.failures[0]!.replayedRecords!);
  }, 600_000);
});
