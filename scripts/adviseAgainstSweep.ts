/**
 * advise's validation (issue "Advice for the user's own job", its goals): what an advice.json predicted
 * for the intervals a sweep measured, beside the sweep's measurement, with the error against each goal
 * — capacity loss within 2 points, recovery within 25 %, bytes per checkpoint within 15 %. Beside them, with no
 * goal: the price per checkpoint (CPU-s, the same quantity in both), and the sweep's loss on advise's denominator,
 * P = μ·c_e, since the sweep's own loss is a share of the marginal processing CPU m × μ(off) (analysis/cpuPrice.ts).
 * `npx tsx scripts/adviseAgainstSweep.ts <advice.json> <sweep dir>`
 */
import { readFileSync } from 'node:fs';
import { parseAdviceFile } from '../advise/adviceFile.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { formatDurationMs } from '../lib/duration.js';

const [advicePath, sweepDir] = process.argv.slice(2);
if (!advicePath || !sweepDir) {
  console.error('usage: npx tsx scripts/adviseAgainstSweep.ts <advice.json> <sweep dir>');
  process.exit(2);
}
const advice = parseAdviceFile(JSON.parse(readFileSync(advicePath, 'utf8')), advicePath);
const mode = modeAnalyses(loadSweep(sweepDir))[0]!;
const GOALS = { lossPoints: 2, recoveryShare: 0.25, bytesShare: 0.15 };
const cpu = mode.aggregates.cpuBaseline;
const range = (lo: number | null | undefined, hi: number | null | undefined, f = (x: number) => x.toFixed(2)) =>
  lo != null && hi != null ? ` [${f(lo)}, ${f(hi)}]` : '';
const rows: string[] = ['| interval | figure | predicted | measured | error | goal | met |', '|---|---|---|---|---|---|---|'];
for (const a of mode.aggregates.intervals) {
  const p = advice.intervals.find((e) => e.intervalMs === a.intervalMs);
  if (!p) continue;
  const t = formatDurationMs(a.intervalMs);
  const loss = a.overhead?.capacityLossPct.mean ?? a.overhead?.capacityLossPct.median;
  if (p.capacityLossPct?.value != null && loss !== undefined) {
    const err = p.capacityLossPct.value - loss;
    rows.push(
      `| ${t} | capacity loss | ${p.capacityLossPct.value.toFixed(1)} % | ${loss.toFixed(1)} % | ${err.toFixed(1)} pts | ±${GOALS.lossPoints} pts | ${Math.abs(err) <= GOALS.lossPoints ? 'yes' : 'no'} |`,
    );
  }
  const price = a.overhead?.price?.cpuSecondsPerCheckpoint;
  const c = advice.inputs.cpuSecondsPerCheckpoint;
  if (c && price?.mean !== undefined) {
    const overlap =
      c.low != null && c.high != null && price.ciLow !== undefined && price.ciHigh !== undefined && c.low <= price.ciHigh && price.ciLow <= c.high;
    rows.push(
      `| ${t} | price per checkpoint | ${c.value.toFixed(2)} CPU-s${range(c.low, c.high)} | ${price.mean.toFixed(2)} CPU-s${range(price.ciLow, price.ciHigh)} | ${(c.value - price.mean).toFixed(2)} CPU-s | – | ${overlap ? 'intervals overlap' : 'apart'} |`,
    );
  }
  // The sweep's measured price on advise's definition of the loss, C / (T_eff · μ_probe(off) · c_e): like with like.
  const teff = a.figures.effectiveIntervalMs.median ?? a.intervalMs;
  if (p.capacityLossPct?.value != null && price?.mean !== undefined && cpu?.cpuSecondsPerSecAvailable !== undefined) {
    const loss = (100 * price.mean) / ((teff / 1000) * cpu.cpuSecondsPerSecAvailable);
    rows.push(
      `| ${t} | capacity loss on advise's P | ${p.capacityLossPct.value.toFixed(1)} % | ${loss.toFixed(1)} % | ${(p.capacityLossPct.value - loss).toFixed(1)} pts | – | – |`,
    );
  }
  const rec = a.figures.recoveryMs.median;
  if (p.recoveryMs.value !== null && rec !== undefined) {
    const err = p.recoveryMs.value / rec - 1;
    rows.push(
      `| ${t} | recovery | ${(p.recoveryMs.value / 1000).toFixed(1)} s | ${(rec / 1000).toFixed(1)} s | ${(err * 100).toFixed(0)} % | ±${GOALS.recoveryShare * 100} % | ${Math.abs(err) <= GOALS.recoveryShare ? 'yes' : 'no'} |`,
    );
  }
  const bytes = a.figures.checkpointedBytes.median;
  if (p.checkpointedBytes.value !== null && bytes !== undefined) {
    const err = p.checkpointedBytes.value / bytes - 1;
    rows.push(
      `| ${t} | bytes per checkpoint | ${(p.checkpointedBytes.value / 1e6).toFixed(0)} MB | ${(bytes / 1e6).toFixed(0)} MB | ${(err * 100).toFixed(0)} % | ±${GOALS.bytesShare * 100} % | ${Math.abs(err) <= GOALS.bytesShare ? 'yes' : 'no'} |`,
    );
  }
}
const swept = mode.recommendation.recommendedMs;
console.log(rows.join('\n'));
const fmtCpu = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(2)} CPU-s/s`);
console.log(
  `\nloss denominators: the sweep's m × μ(off) ${fmtCpu(cpu?.processingCpuSecondsPerSec)} (m ${((cpu?.marginalCpuSecondsPerEvent ?? NaN) * 1e6).toFixed(1)} µs, μ(off) by the probe), ` +
    `its P = μ(off) × c_e ${fmtCpu(cpu?.cpuSecondsPerSecAvailable)}; advise's P = μ·c_e + C/T_eff ${fmtCpu(advice.inputs.cpuCapacity?.value)} (μ by busy time)`,
);
console.log(
  `\nrecommended: advise ${advice.recommendation.recommendedMs === undefined ? 'none' : formatDurationMs(advice.recommendation.recommendedMs)}, ` +
    `the sweep ${swept === undefined ? 'none' : formatDurationMs(swept)} (limits: the sweep's own, ${JSON.stringify(mode.recommendation.limits)}; advise's ${JSON.stringify(advice.limits)})`,
);
