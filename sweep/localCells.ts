/** Sweep cells on the embedded default: one fresh local cluster per cell, after one preparation. */
import { formatElapsedMs } from '../lib/duration.js';
import { defaultDataDir, LocalCluster, storageDirsUnder } from '../infra/local/localCluster.js';
import { DEFAULT_PORT_BASE } from '../infra/local/ports.js';
import { JOB_JAR } from '../flink-job/ts/jobJar.js';
import { ensurePrefilledState } from '../bench/prefill.js';
import { FlinkClient } from '../bench/rest/flinkClient.js';
import { CALIBRATION_PROBE_MS, probeCapacity, rateAt } from '../bench/capacityProbe.js';
import { measure } from '../bench/targets/localRun.js';
import { measureWriteBandwidth } from './diskBandwidth.js';
import type { Calibration, CellRunner, SweepPreparation } from './runSweep.js';
import { cellDurationMs, cellWarmupMs, type SweepSettings } from './sweepArgs.js';
import { calibrationKey, stateOfCell, sweptStates, workloadLabel, workloadOfCell } from './sweptWorkloads.js';

/**
 * Before the cells: the checkpoint directory's write bandwidth, and with `rate auto` the capacity at
 * the baseline (a local cluster from the prefilled state, checkpointing off) and the rate from it.
 */
export async function prepareLocalSweep(settings: SweepSettings, log: (line: string) => void, signal?: AbortSignal): Promise<SweepPreparation> {
  const portBase = settings.portBase ?? DEFAULT_PORT_BASE;
  const dirs = storageDirsUnder(defaultDataDir(portBase));
  const bw = measureWriteBandwidth(dirs.checkpointsDir);
  log(
    `checkpoint storage ${dirs.checkpointsDir}: ${(bw.writeBytesPerSec / 1e6).toFixed(0)} MB/s sequential write with fsync (${(bw.bytes / 2 ** 20).toFixed(0)} MiB in ${formatElapsedMs(bw.ms)})`,
  );
  const storage = { directory: bw.directory, writeBytesPerSec: bw.writeBytesPerSec, bytes: bw.bytes, ms: bw.ms };
  if (!settings.autoRate) return { storage };
  const calibrations: Record<string, Calibration> = {};
  const states = sweptStates(settings);
  for (const swept of states) {
    // Each state (mode and size) on a fresh cluster, as its cells run.
    const cluster = await LocalCluster.start({
      portBase,
      owned: true,
      log,
      configure: (cfg) => ({ ...cfg, failureDetection: settings.profile.failureDetection }),
    });
    try {
      const client = new FlinkClient(cluster.restUrl);
      const jarId = await client.uploadJar(JOB_JAR);
      const workload = workloadOfCell(settings, swept);
      if (states.length > 1) log(`calibrating ${workloadLabel(swept)}`);
      const state = await ensurePrefilledState({ client, jarId, workload, log, signal });
      const capacity = await probeCapacity(client, jarId, workload, state.savepoint, CALIBRATION_PROBE_MS, log);
      calibrations[calibrationKey(settings, swept)] = {
        fraction: settings.autoRate.fraction,
        capacityEventsPerSec: capacity.eventsPerSec,
        rate: rateAt(capacity, settings.autoRate.fraction),
      };
    } finally {
      await cluster.stop();
    }
  }
  return { storage, calibrations };
}

export function localCellRunner(settings: SweepSettings): CellRunner {
  return {
    async run(cell, ctx) {
      // Cost cells inject nothing; recovery cells (never at the baseline: without checkpoints a failure replays from the start) only failures.
      const kind = cell.kind ?? 'cost';
      const failures =
        kind === 'recovery' && cell.intervalMs > 0 && settings.failures > 0
          ? { kind: settings.failureKind, count: settings.failures, phase: settings.profile.failurePhase, tmRestartDelayMs: 0 }
          : undefined;
      const key = calibrationKey(settings, stateOfCell(settings, cell));
      const rate = ctx.preparation?.calibrations?.[key]?.rate;
      if (settings.autoRate && rate === undefined) throw new Error(`rate auto: the sweep has no calibrated rate for ${key} (its preparation did not run).`);
      const result = await measure(
        {
          workload: { ...workloadOfCell(settings, cell), ...(rate !== undefined ? { rate } : {}), checkpointIntervalMs: cell.intervalMs },
          initialState: 'prefilled',
          cell: kind,
          probeMs: kind === 'cost' ? settings.profile.probeMs : 0,
          warmupMs: cellWarmupMs(settings, cell.intervalMs, kind),
          durationMs: cellDurationMs(settings, cell.intervalMs, kind),
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
