/**
 * Prints one or more sweeps side by side, as the measurement notes quote them: per interval the loss from
 * its own CPU (95 % interval), at the pooled price, by the probe; T_eff; the price per checkpoint; the
 * probe's and busy time's ratios to the CPU-derived capacity; recovery by phase. Then each sweep's CPU
 * line and accuracy. `npx tsx scripts/sweepTable.ts results/a results/b`
 */
import { loadSweep } from '../sweep/loadSweep.js';
import { formatDurationMs } from '../lib/duration.js';
import { formatInteger, formatNumber } from '../lib/format.js';
import type { Estimate } from '../lib/confidence.js';

const f1 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));
const est = (e: Estimate | undefined, digits = 1) =>
  e?.mean === undefined ? '–' : `${e.mean.toFixed(digits)} [${e.ciLow?.toFixed(digits) ?? '–'}, ${e.ciHigh?.toFixed(digits) ?? '–'}]`;

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: npx tsx scripts/sweepTable.ts <sweep dir>…');
  process.exit(2);
}
console.log(
  '| T | sweep | own loss % | pooled-price loss % | probe loss % | T_eff ms | price CPU-s | probe ÷ CPU | busy ÷ CPU | phases ms (detect / restart / restore / catch-up) | recovery ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const rows: string[][] = [];
const notes: string[] = [];
for (const dir of dirs) {
  const s = loadSweep(dir);
  const agg = s.aggregates;
  if (!agg) continue;
  for (const a of agg.intervals) {
    const o = a.overhead;
    const p = o?.price;
    const ph = (k: string) => formatInteger((a.figures as Record<string, Estimate>)[k]?.median ?? NaN);
    const phases =
      a.figures.recoveryMs.median === undefined
        ? a.neverHealthy
          ? 'never healthy'
          : '–'
        : `${ph('detectionMs')} / ${ph('restartMs')} / ${ph('restoreMs')} / ${ph('catchUpMs')}`;
    rows.push([
      formatDurationMs(a.intervalMs),
      dir,
      est(o?.capacityLossPct),
      o?.pooledPriceCapacityLossPct ? est(o.pooledPriceCapacityLossPct) : p?.cpuBound ? '– (CPU-bound)' : a.saturated ? '– (saturated)' : '–',
      f1(o?.probeCapacityLossPct.median),
      `${formatInteger(a.figures.effectiveIntervalMs.median ?? NaN)}${a.saturated ? ' SAT' : ''}`,
      `${est(p?.cpuSecondsPerCheckpoint, 2)}${p?.cpuBound ? ' CPU-bound' : ''}`,
      p?.probeToCpuRatio === undefined ? '–' : p.probeToCpuRatio.toFixed(2),
      p?.busyTimeToCpuRatio === undefined ? '–' : p.busyTimeToCpuRatio.toFixed(2),
      phases,
      a.figures.recoveryMs.median === undefined ? '–' : formatInteger(a.figures.recoveryMs.median),
    ]);
  }
  const c = agg.cpuBaseline;
  const acc = s.model?.accuracy;
  notes.push(
    `${dir}: λ ${formatInteger(agg.baseline?.inputRate ?? NaN)} events/s, μ(off) by the probe ${formatInteger(agg.baseline?.figures.capacityEventsPerSec.median ?? NaN)}; ` +
      `CPU at λ ${formatNumber(c?.cpuSecondsPerSecAtRate ?? NaN)}, the probes' ${formatNumber(c?.probeCpuSecondsPerSec ?? NaN)} CPU-s/s; ` +
      `m ${formatNumber((c?.marginalCpuSecondsPerEvent ?? NaN) * 1e6, 1)} CPU-µs/event, b ${formatNumber(c?.fixedCpuSecondsPerSec ?? NaN)}, m·μ(off) ${formatNumber(c?.processingCpuSecondsPerSec ?? NaN)} CPU-s/s; ` +
      `accuracy: capacity loss ${acc?.capacityLoss.accuracy?.toFixed(2) ?? '–'}, recovery ${acc?.recovery.accuracy?.toFixed(2) ?? '–'}; ` +
      `recommends ${s.recommendation?.recommendedMs === undefined ? 'nothing' : formatDurationMs(s.recommendation.recommendedMs)}`,
  );
}
rows.sort((x, y) => Number(x[0] === 'off') - Number(y[0] === 'off'));
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('');
for (const n of notes) console.log(`- ${n}`);
