/** Sweep cells on the embedded default: one fresh local cluster per cell. */
import { measure } from '../targets/localRun.js';
import type { CellRunner } from './runSweep.js';
import { cellDurationMs, cellWarmupMs, type SweepSettings } from './sweepArgs.js';

export function localCellRunner(settings: SweepSettings): CellRunner {
  return {
    async run(cell, ctx) {
      // The baseline only measures the steady state: without checkpoints a failure replays from the start.
      const failures = cell.intervalMs > 0 && settings.failures > 0 ? { kind: settings.failureKind, count: settings.failures, phase: 'random' as const, tmRestartDelayMs: 0 } : undefined;
      const result = await measure(
        {
          workload: { ...settings.workload, checkpointIntervalMs: cell.intervalMs },
          warmupMs: cellWarmupMs(settings, cell.intervalMs),
          durationMs: cellDurationMs(settings, cell.intervalMs),
          sampleMs: settings.sampleMs,
          outDir: ctx.runsDir,
          end: 'savepoint',
          failures,
          portBase: settings.portBase,
        },
        { signal: ctx.signal, log: ctx.log, failureDetection: settings.profile.failureDetection },
      );
      ctx.log(result.humanSummary.split('\n').join('\n  '));
      return { runJson: result.runJson };
    },
  };
}
