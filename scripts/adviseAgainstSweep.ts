/**
 * advise's validation (issue "Advice for the user's own job", its goals): what an advice.json predicted
 * for the intervals a sweep measured, beside the sweep's measurement, with the error against each goal
 * — capacity loss within 2 points, recovery within 25 %, bytes per checkpoint within 15 %.
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
console.log(
  `\nrecommended: advise ${advice.recommendation.recommendedMs === undefined ? 'none' : formatDurationMs(advice.recommendation.recommendedMs)}, ` +
    `the sweep ${swept === undefined ? 'none' : formatDurationMs(swept)} (limits: the sweep's own, ${JSON.stringify(mode.recommendation.limits)}; advise's ${JSON.stringify(advice.limits)})`,
);
