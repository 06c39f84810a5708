/**
 * The capacity probe on its own (for --rate auto): the job from the prefilled state with checkpointing
 * off and every event due from the start; the slope of its source position after a settling time.
 */
import { ENTRY } from '../flink-job/ts/jobJar.js';
import { renderJobArgs } from '../workload/jobArgs.js';
import { capacityFromProbe, type CapacityEstimate } from './capacity.js';
import { sleep, waitForRunning, waitForTerminal } from './jobWaits.js';
import type { FlinkClient } from './rest/flinkClient.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import type { Sample } from './samples.js';
import { findStageVertices, JobSampler } from './sampler.js';

/** The probe's first third (at most 10 s) is left out while queues fill and backpressure settles. */
export function probeSettleMs(probeMs: number): number {
  return Math.min(10_000, Math.round(probeMs / 3));
}

/**
 * Left out at the start of a calibration probe: right after a restore RocksDB is still compacting the
 * restored state and the JIT is cold (seen here: 9.4k events/s over the first 30 s, 16.2k at the end
 * of a cell).
 */
export const CALIBRATION_SETTLE_MS = 30_000;

/**
 * A capacity probe on its own (for --rate auto): the job from the prefilled state with checkpointing
 * off and every event due from the start; the slope of its source position after `settleMs`.
 */
export async function probeCapacity(
  client: FlinkClient,
  jarId: string,
  workload: WorkloadParameters,
  savepoint: string | undefined,
  probeMs: number,
  log: (line: string) => void,
  settleMs = CALIBRATION_SETTLE_MS,
): Promise<CapacityEstimate> {
  const start = Date.now();
  const args = renderJobArgs({ ...workload, checkpointIntervalMs: 0, startTimeMs: start, probeAtMs: start });
  const jobId = await client.runJar(jarId, ENTRY.workload, args, savepoint);
  try {
    const job = await waitForRunning(client, jobId, Date.now() + 120_000);
    const sampler = new JobSampler(client, jobId, findStageVertices(job));
    await sampler.discoverMetrics(Date.now() + 60_000);
    const probeStart = Date.now();
    const samples: Sample[] = [];
    while (Date.now() < probeStart + settleMs + probeMs) {
      await sleep(1_000);
      samples.push(await sampler.sample());
    }
    const capacity = capacityFromProbe(samples, { startMs: probeStart, endMs: Date.now(), settleMs });
    if (!capacity) throw new Error(`The calibration probe measured no capacity (${samples.length} samples).`);
    log(`calibration probe: ${Math.round(capacity.eventsPerSec).toLocaleString('en-US')} events/s over ${capacity.samples} samples after ${settleMs / 1000} s of settling`);
    return capacity;
  } finally {
    await client.cancel(jobId).catch(() => undefined);
    await waitForTerminal(client, jobId, Date.now() + 60_000);
  }
}
