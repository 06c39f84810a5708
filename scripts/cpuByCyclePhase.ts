/**
 * The cluster's CPU by time since the last completed checkpoint's trigger, from an advise transcript:
 * where in the cycle a checkpoint's CPU falls, so the CPU per record can be read where none does.
 * Bins of one second of the stretches between reads (a stretch counts in the bin of its midpoint).
 * `npx tsx scripts/cpuByCyclePhase.ts <observation.json>`
 */
import { readTranscriptFile } from '../advise/transcriptFile.js';
import { observationOf } from '../advise/jobObservation.js';
import { stretchesOf } from '../advise/observedPrice.js';
import { median } from '../lib/stats.js';

const path = process.argv[2];
if (!path) {
  console.error('usage: npx tsx scripts/cpuByCyclePhase.ts <observation.json>');
  process.exit(2);
}
const o = observationOf(readTranscriptFile(path));
const completed = o.checkpoints.filter((c) => c.status === 'COMPLETED');
const triggers = completed.map((c) => c.triggerMs).sort((a, b) => a - b);
const stretches = stretchesOf(o);
const bins = new Map<number, { cpuSeconds: number; records: number; seconds: number }>();
for (const s of stretches) {
  const mid = (s.fromMs + s.toMs) / 2;
  const last = triggers.filter((t) => t <= mid).at(-1);
  if (last === undefined) continue;
  const bin = Math.floor((mid - last) / 1000);
  const acc = bins.get(bin) ?? { cpuSeconds: 0, records: 0, seconds: 0 };
  acc.cpuSeconds += s.cpuSeconds;
  acc.records += s.records;
  acc.seconds += (s.toMs - s.fromMs) / 1000;
  bins.set(bin, acc);
}
console.log(
  `${completed.length} completed checkpoints every ${(o.checkpointIntervalMs / 1000).toFixed(0)} s, median duration ${median(completed.map((c) => c.durationMs))} ms; ${stretches.length} stretches between reads`,
);
console.log('| after the trigger | cluster CPU | records/s | CPU per record | stretches cover |\n|---|---|---|---|---|');
for (const [bin, b] of [...bins].sort(([x], [y]) => x - y)) {
  console.log(
    `| ${bin}–${bin + 1} s | ${(b.cpuSeconds / b.seconds).toFixed(3)} CPU-s/s | ${(b.records / b.seconds).toFixed(0)} | ${((1e6 * b.cpuSeconds) / b.records).toFixed(1)} µs | ${b.seconds.toFixed(0)} s |`,
  );
}
