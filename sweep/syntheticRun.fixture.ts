/** A run.json as bench/run.ts writes it, made up for a given interval (sweep and report tests). */
import type { RunRecord } from '../analysis/runFigures.js';

/** `capacityScale` and `bytesScale` make one state mode's runs differ from another's. */
export function syntheticRunRecord(intervalMs: number, repeat: number, { capacityScale = 1, bytesScale = 1 } = {}): RunRecord & Record<string, unknown> {
  const T = intervalMs / 1000;
  const jitter = 1 + ((repeat * 7) % 5) / 100; // 1.00 … 1.04, differs per repeat
  const start = 1_000_000;
  const end = start + 60_000;
  const checkpoints =
    intervalMs > 0
      ? Array.from({ length: Math.floor(60_000 / intervalMs) }, (_, i) => ({
          id: i + 1,
          status: 'COMPLETED' as const,
          triggerMs: start + i * intervalMs,
          durationMs: Math.round(250 * jitter),
          stateSizeBytes: 150e6,
          checkpointedSizeBytes: Math.round((5e6 + 1e6 * T) * jitter * bytesScale),
        }))
      : [];
  const dist = (median?: number) => ({ median, max: median });
  const record = {
    schemaVersion: 2,
    status: 'complete',
    startedAt: new Date(start).toISOString(),
    // The fields run.json's schema asks for (bench/run/runFileSchema.ts); the analysis reads only the interval.
    config: {
      checkpointIntervalMs: intervalMs,
      restUrl: 'http://127.0.0.1:8081',
      warmupMs: 20_000,
      durationMs: 60_000,
      sampleMs: 2_000,
      end: 'savepoint',
      workload: { rate: 5000 },
      initialState: 'prefilled',
      probeMs: 30_000,
      jobArgs: [],
    },
    versions: { flink: '1.18.1', node: 'v20', project: '0.1.0' },
    environment: {},
    samples: [],
    checkpoints,
    summary: {
      window: { startMs: start, endMs: end, samples: 30 },
      throughputEventsPerSec: { median: (5000 - (intervalMs > 0 ? 40 / T : 0)) * jitter, targetRate: 5000, spreadPct: 1 },
      sourceLagMs: dist(1),
      latencyMs: { p50: 45 * jitter, p95: 90, p99: (100 + (intervalMs > 0 ? 10 + 300 / T : 0)) * jitter, max: 200 },
      latencySamples: { counted: 28, leftOut: intervalMs > 0 ? 2 : 0 },
      capacityEventsPerSec: 20_000 * capacityScale * (1 - (intervalMs > 0 ? 0.5 + 8 / T : 0) / 100) * jitter,
      stateAtStart: { bidders: 100_000, bytes: 102.4e6 },
      checkpoints: {
        completed: checkpoints.length,
        failed: 0,
        durationMs: dist(checkpoints[0]?.durationMs),
        stateSizeBytes: dist(intervalMs > 0 ? 150e6 : undefined),
        checkpointedSizeBytes: dist(checkpoints[0]?.checkpointedSizeBytes),
        syncMs: dist(),
        asyncMs: dist(),
        alignmentMs: dist(),
      },
      busyRatio: {},
      backpressureRatio: {},
      taskManagers: { cpuLoad: dist(0.3), heapUsedBytes: dist() },
      recovery:
        intervalMs > 0
          ? {
              failures: [
                {
                  kind: 'tm-kill',
                  phase: 0.5,
                  injectedAt: start + 20_000,
                  lagBeforeMs: 40,
                  detectedAt: start + 35_000,
                  deployingAt: start + 37_000,
                  runningAgainAt: start + 39_000,
                  caughtUp: true,
                  caughtUpAt: start + 39_000 + 8_000 * jitter,
                  endedAt: start + 39_000 + 8_000 * jitter,
                  phases: { detectionMs: 15_000, restartMs: 2_000, restoreMs: 2_000, catchUpMs: 8_000 * jitter },
                  detectionMs: 15_000,
                  downtimeMs: 19_000,
                  catchUpMs: 8_000 * jitter,
                  recoveryMs: 19_000 + 8_000 * jitter,
                  positionAtFailure: 100_000,
                  positionFrom: 'observed' as const,
                  replayedRecords: 2_500 * T,
                  predictedReplayedRecords: 2_500 * T,
                },
              ],
            }
          : undefined,
      verification: { ok: true },
    },
  };
  return record;
}
