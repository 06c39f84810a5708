/** The nominal state a workload holds once every bidder has its state (pure; mirrors StateMode.java's ranges). */
import type { WorkloadParameters } from './parameters.js';

/** Mean state bytes per bidder by mode: bigstate uniform 20–200 KB, realistic uniform 0.5–1.5 KB, hybrid 80 % 1 KB + 20 % 50 KB. */
export const MEAN_STATE_BYTES: Readonly<Record<string, number>> = {
  bigstate: ((20 + 200) / 2) * 1024,
  realistic: (512 + 1536) / 2,
  hybrid: 0.8 * 1024 + 0.2 * 50 * 1024,
};

/** bidders × the mode's mean bytes. */
export function nominalStateBytes(workload: Pick<WorkloadParameters, 'bidders' | 'stateMode'>): number {
  const mean = MEAN_STATE_BYTES[String(workload.stateMode)];
  if (mean === undefined) throw new Error(`Unknown state mode '${String(workload.stateMode)}'. Allowed: ${Object.keys(MEAN_STATE_BYTES).join(', ')}.`);
  return Number(workload.bidders) * mean;
}
