/**
 * The cluster's CPU by time since the last completed checkpoint's trigger, from an advise transcript:
 * where in the cycle a checkpoint's CPU falls, so the CPU per record can be read where none does.
 * Bins of one second of the stretches between reads (a stretch counts in the bin of its midpoint).
 * `npx tsx scripts/cpuByCyclePhase.ts <observation.json>`
 */
import { readTranscriptFile } from '../advise/transcriptFile.js';
import { observationOf } from '../advise/jobObservation.js';
import { median } from '../lib/stats.js';

const path = process.argv[2];
if (!path) {
  console.error('usage: npx tsx scripts/cpuByCyclePhase.ts <observation.json>');
  process.exit(2);
}
const o = observationOf(readTranscriptFile(path));
const cpuMsAt = new Map(o.cpu.map((c) => [c.atMs, c.clusterCpuMs]));
const completed = o.checkpoints.filter((c) => c.status === 'COMPLETED');
const triggers = completed.map((c) => c.triggerMs).sort((a, b) => a - b);
const reads = o.ticks.filter((t) => t.jobState === 'RUNNING' && t.sourceRecordsOut !== undefined && cpuMsAt.has(t.atMs));
const bins = new Map<number, { cpuSeconds: number; records: number; seconds: number }>();
for (let i = 1; i < reads.length; i++) {
  const [a, b] = [reads[i - 1]!, reads[i]!];
  const last = triggers.filter((t) => t <= (a.atMs + b.atMs) / 2).at(-1);
  if (last === undefined) continue;
  const bin = Math.floor(((a.atMs + b.atMs) / 2 - last) / 1000);
  const acc = bins.get(bin) ?? { cpuSeconds: 0, records: 0, seconds: 0 };
  acc.cpuSeconds += (cpuMsAt.get(b.atMs)! - cpuMsAt.get(a.atMs)!) / 1000;
  acc.records += b.sourceRecordsOut! - a.sourceRecordsOut!;
  acc.seconds += (b.atMs - a.atMs) / 1000;
  bins.set(bin, acc);
}
console.log(
  `${completed.length} completed checkpoints every ${(o.checkpointIntervalMs / 1000).toFixed(0)} s, median duration ${median(completed.map((c) => c.durationMs))} ms; ${reads.length} reads`,
);
console.log('| after the trigger | cluster CPU | records/s | CPU per record | stretches cover |\n|---|---|---|---|---|');
for (const [bin, b] of [...bins].sort(([x], [y]) => x - y)) {
  console.log(
    `| ${bin}–${bin + 1} s | ${(b.cpuSeconds / b.seconds).toFixed(3)} CPU-s/s | ${(b.records / b.seconds).toFixed(0)} | ${((1e6 * b.cpuSeconds) / b.records).toFixed(1)} µs | ${b.seconds.toFixed(0)} s |`,
  );
}
