/**
 * The capacity probe on its own (for --rate auto): the job from the prefilled state with checkpointing
 * off and every event due from the start; the slope of its source position after a settling time.
 */
import { ENTRY } from '../flink-job/ts/jobJar.js';
import { renderJobArgs } from '../workload/jobArgs.js';
import { capacityFromProbe, type CapacityEstimate } from './capacity.js';
import { waitForRunning, waitForTerminal } from './jobWaits.js';
import { sleep } from '../lib/sleep.js';
import type { FlinkClient } from './rest/flinkClient.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import type { Sample } from './samples.js';
import { findStageVertices, JobSampler } from './sampler.js';

/** The probe's first third (at most 10 s) is left out while queues fill and backpressure settles. */
export function probeSettleMs(probeMs: number): number {
  return Math.min(10_000, Math.round(probeMs / 3));
}

/**
 * Before the calibration probe the job runs paced at a low rate: right after a restore RocksDB is
 * still compacting the restored state and the JIT is cold, and a probe from the first second measures
 * that transient (seen here: 9.4k events/s over the first 30 s of a probe from the start, 11.7k after
 * 30 s of it, against 15.6–16.2k at the end of a paced cell).
 */
/** The rate `auto:<fraction>` runs at: that fraction of the measured capacity, at least 1 event/s. */
export function rateAt(capacity: CapacityEstimate, fraction: number): number {
  return Math.max(1, Math.round(capacity.eventsPerSec * fraction));
}

/** How long the calibration probe of `rate auto` runs (its first 10 s settle). */
export const CALIBRATION_PROBE_MS = 30_000;

export const CALIBRATION_WARMUP = { ms: 40_000, rate: 2_000 } as const;

/**
 * A capacity probe on its own (for --rate auto): the job from the prefilled state with checkpointing
 * off, paced at a low rate through a warm-up, then every event due; the slope of its source position
 * over the probe's steady part, as at the end of a cell.
 */
export async function probeCapacity(
  client: FlinkClient,
  jarId: string,
  workload: WorkloadParameters,
  savepoint: string | undefined,
  probeMs: number,
  log: (line: string) => void,
  warmup: { readonly ms: number; readonly rate: number } = CALIBRATION_WARMUP,
): Promise<CapacityEstimate> {
  const start = Date.now();
  const probeAtMs = start + warmup.ms;
  const args = renderJobArgs({ ...workload, rate: warmup.rate, checkpointIntervalMs: 0, startTimeMs: start, probeAtMs });
  const jobId = await client.runJar(jarId, ENTRY.workload, args, savepoint);
  try {
    const job = await waitForRunning(client, jobId, Date.now() + 120_000);
    const sampler = new JobSampler(client, jobId, findStageVertices(job));
    await sampler.discoverMetrics(Date.now() + 60_000);
    const samples: Sample[] = [];
    log(`calibration: ${warmup.ms / 1000} s paced at ${warmup.rate.toLocaleString('en-US')} events/s, then a ${probeMs / 1000} s capacity probe…`);
    while (Date.now() < probeAtMs + probeMs) {
      await sleep(1_000);
      samples.push(await sampler.sample());
    }
    const settleMs = probeSettleMs(probeMs);
    const capacity = capacityFromProbe(samples, { startMs: probeAtMs, endMs: Date.now(), settleMs });
    if (!capacity) throw new Error(`The calibration probe measured no capacity (${samples.length} samples).`);
    log(`calibration probe: ${Math.round(capacity.eventsPerSec).toLocaleString('en-US')} events/s over ${capacity.samples} samples`);
    return capacity;
  } finally {
    await client.cancel(jobId).catch(() => undefined);
    await waitForTerminal(client, jobId, Date.now() + 60_000);
  }
}
