/**
 * What the estimates rest on (pure), each input labelled by where it comes from: *observed* on the
 * job, *configured* (read from the JobManager's configuration), *calibrated* (from a sweep of this lab
 * on the same kind of cluster) or *assumed* (a stated default). Refuses a job whose input rate or true
 * processing rate cannot be read: back-pressured at the source, or no records from its sources.
 */
import { formatElapsedMs } from '../lib/duration.js';
import { formatInteger, formatMegabytes } from '../lib/format.js';
import { median, quantile } from '../lib/stats.js';
import { AdviceRefused } from './chooseJob.js';
import type { RecoveryCalibration } from './calibration.js';
import type { JobObservation } from './jobObservation.js';
import { checkpointFigures, observedPrice } from './observedPrice.js';

export type { AdviceInputs, Labelled, Provenance } from './adviceInputsSchema.js';
import type { AdviceInputs, Labelled, Provenance } from './adviceInputsSchema.js';

/** A restore bandwidth when neither the job nor a calibration gives one: a local SSD's order, stated. */
export const ASSUMED_RESTORE_BYTES_PER_SEC = 100e6;
/** A source back-pressured this share of its time is held back by its job: λ is then μ, and μ is not seen. */
export const BACKPRESSURED_SOURCE_SHARE = 0.1;

const of = (value: number, provenance: Provenance, how: string, low?: number, high?: number): Labelled => ({ value, low, high, provenance, how });

function rates(o: JobObservation): { inputRate: Labelled; capacity: Labelled } {
  const running = o.ticks.filter((t) => t.jobState === 'RUNNING' && t.sourceRecordsOut !== undefined);
  const [first, last] = [running[0], running.at(-1)];
  const seconds = first && last ? (last.atMs - first.atMs) / 1000 : 0;
  if (!first || !last || seconds <= 0 || last.sourceRecordsOut! <= first.sourceRecordsOut!) {
    throw new AdviceRefused(
      `Job ${o.jobId} (${o.jobName}): its sources sent no records while observed (numRecordsOut did not grow): no input rate to advise on.`,
    );
  }
  const lambda = (last.sourceRecordsOut! - first.sourceRecordsOut!) / seconds;
  const bp = median(running.flatMap((t) => (t.sourceBackPressuredShare !== undefined ? [t.sourceBackPressuredShare] : [])));
  if (bp !== undefined && bp > BACKPRESSURED_SOURCE_SHARE) {
    throw new AdviceRefused(
      `Job ${o.jobId} (${o.jobName}) is back-pressured at its source (${(bp * 100).toFixed(0)} % of the time, median): it runs at its capacity, ` +
        `so its true processing rate μ cannot be told from its input rate. Advise it when it keeps up.`,
    );
  }
  const shares = running.flatMap((t) => (t.busiestShare !== undefined && t.busiestShare > 0 ? [t.busiestShare] : []));
  const share = median(shares);
  if (share === undefined) throw new AdviceRefused(`Job ${o.jobId} (${o.jobName}) reports no busy time (busyTimeMsPerSecond): μ cannot be estimated.`);
  const seen = new Map<string, number>();
  for (const t of running) if (t.busiestVertex) seen.set(t.busiestVertex, (seen.get(t.busiestVertex) ?? 0) + 1);
  const vertex = [...seen].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    inputRate: of(lambda, 'observed', `records out of the sources over ${formatElapsedMs(seconds * 1000)}`),
    // Its band: λ over the middle 95 % of the per-read busy shares (their spread, not a confidence interval).
    capacity: of(
      lambda / share,
      'observed',
      `λ ÷ the busiest subtask's busy share (median ${(share * 100).toFixed(1)} %, ${vertex ?? 'a vertex'}): Flink's true processing rate`,
      lambda / quantile(shares, 0.975)!,
      lambda / quantile(shares, 0.025)!,
    ),
  };
}

/** Detection, restart and restore: calibrated when a sweep gives them, else configured or observed, else assumed. */
function recoveryInputs(
  o: JobObservation,
  stateBytes: number,
  calibration?: RecoveryCalibration,
): Pick<AdviceInputs, 'detectionMs' | 'restartMs' | 'restoreBytesPerSec' | 'drainRatio'> {
  const heartbeat = o.config.heartbeatTimeoutMs ?? 50_000;
  const own = o.restore && o.restore.durationMs > 0 ? (o.restore.bytes ?? stateBytes) / (o.restore.durationMs / 1000) : undefined;
  return {
    detectionMs: calibration?.detectionMs
      ? of(calibration.detectionMs, 'calibrated', `median detection of the failures in ${calibration.source}`)
      : of(heartbeat, 'configured', 'heartbeat.timeout: a lost TaskManager is declared dead after it (a failed task is seen at once)'),
    restartMs: calibration?.restartMs
      ? of(calibration.restartMs, 'calibrated', `median restart in ${calibration.source}`)
      : of(
          o.config.restartDelayMs ?? 1_000,
          'configured',
          `the restart strategy's delay (${o.config.restartStrategy ?? 'Flink default'}), scheduling not counted`,
        ),
    restoreBytesPerSec: own
      ? of(
          own,
          'observed',
          `the job's own restore of checkpoint ${o.restore!.checkpointId}: ${formatMegabytes(o.restore!.bytes ?? stateBytes)} in ${formatElapsedMs(o.restore!.durationMs)}`,
        )
      : calibration?.restoreBytesPerSec
        ? of(calibration.restoreBytesPerSec, 'calibrated', `restored bytes ÷ restore time in ${calibration.source}`)
        : of(ASSUMED_RESTORE_BYTES_PER_SEC, 'assumed', `no restore seen and no calibration: ${formatMegabytes(ASSUMED_RESTORE_BYTES_PER_SEC)}/s stated`),
    drainRatio: calibration?.drainRatio
      ? of(calibration.drainRatio, 'calibrated', `drain rate after a restore ÷ Flink's busy-time capacity, in the cells of ${calibration.source}`)
      : of(1, 'assumed', 'a restored job drains at its full capacity (no calibration)'),
  };
}

export function adviceInputs(o: JobObservation, calibration?: RecoveryCalibration): AdviceInputs {
  const figures = checkpointFigures(o);
  if (figures.completed === 0 || figures.stateBytes === undefined) {
    throw new AdviceRefused(
      `Job ${o.jobId} (${o.jobName}) completed no checkpoint in the ${formatElapsedMs(o.endedAtMs - o.startedAtMs)} observed: nothing to advise from.`,
    );
  }
  const { inputRate, capacity } = rates(o);
  const priced = observedPrice(o);
  const T = o.checkpointIntervalMs;
  const teff = 'price' in priced ? (priced.price.effectiveIntervalMs ?? T) : T;
  const c = 'price' in priced ? priced.price.cpuSecondsPerCheckpoint : undefined;
  const ce = 'price' in priced ? priced.price.cpuSecondsPerEvent : undefined;
  const priceHow = `mean over ${c?.n ?? 0} checkpoint cycles of the cycle's JVM CPU less c_e × its records`;
  const incremental = figures.checkpointedBytes! < 0.9 * figures.stateBytes;
  return {
    currentIntervalMs: T,
    effectiveIntervalMs: teff,
    checkpointType: incremental ? 'incremental' : 'full',
    inputRate,
    capacity,
    cpuSecondsPerCheckpoint: c?.mean !== undefined ? of(c.mean, 'observed', priceHow, c.ciLow, c.ciHigh) : undefined,
    cpuSecondsPerEvent:
      ce !== undefined ? of(ce, 'observed', 'least squares over the stretches between reads: CPU = c_e × records + r × checkpointing seconds') : undefined,
    cpuCapacity:
      c?.mean !== undefined && ce !== undefined
        ? of(capacity.value * ce + c.mean / (teff / 1000), 'observed', 'P = μ·c_e + C/T_eff: what the job could use at μ, checkpoints included')
        : undefined,
    priceUnobservable: 'unobservable' in priced ? priced.unobservable : undefined,
    stateBytes: of(figures.stateBytes, 'observed', `median full size of ${figures.completed} completed checkpoints`),
    checkpointedBytes: of(
      figures.checkpointedBytes!,
      'observed',
      `median bytes written per checkpoint at ${formatElapsedMs(T)} (${incremental ? 'incremental' : 'full'})`,
    ),
    checkpointDurationMs: of(figures.durationMs!, 'observed', `median end-to-end duration of ${formatInteger(figures.completed)} checkpoints`),
    ...recoveryInputs(o, figures.stateBytes, calibration),
  };
}
