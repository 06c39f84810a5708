/**
 * advise's price of a checkpoint against the lab's, cell by cell: a sweep whose cost cells advise observed
 * (`<sweep dir>/cell-<n>/read-<period>/advice.json`, one folder per observer) — the lab's price over the same
 * cycles advise saw (each cycle's /proc CPU less the baselines' c_e × its events) beside each observer's.
 * `npx tsx scripts/adviseOnLabCells.ts <sweep dir>`
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAdviceFile } from '../advise/adviceFile.js';
import { estimate, type Estimate } from '../lib/confidence.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import type { Cycle } from '../bench/cpu/checkpointPrice.js';

interface FirstRun {
  readonly summary: { readonly cost?: { readonly cycles?: readonly Cycle[] } };
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx scripts/adviseOnLabCells.ts <sweep dir>');
  process.exit(2);
}
const doc = loadSweep(dir);
const ce = modeAnalyses(doc)[0]!.aggregates.cpuBaseline?.cpuSecondsPerEvent;
if (ce === undefined) throw new Error(`${dir}: no baseline c_e`);
const fmt = (e: Estimate) => `${e.mean!.toFixed(2)} [${e.ciLow?.toFixed(2)}, ${e.ciHigh?.toFixed(2)}]`;
const cellsOf = (d: string) =>
  readdirSync(d)
    .filter((f) => /^cell-\d+$/.test(f))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
const observers = (cell: string) => readdirSync(join(dir, cell)).filter((f) => f.startsWith('read-') && existsSync(join(dir, cell, f, 'advice.json')));
const periods = [...new Set(cellsOf(dir).flatMap(observers))].sort();
console.log(`baselines' c_e ${(ce * 1e6).toFixed(1)} µs; prices in CPU-s per checkpoint, mean [95 %]`);
console.log(
  `| cell | cycles | the lab | ${periods.map((p) => `advise ${p.slice(5)} reads (c_e)`).join(' | ')} |\n|---|---|---|${periods.map(() => '---|').join('')}`,
);
for (const cell of cellsOf(dir)) {
  const seen = observers(cell).map((p) => ({ period: p, advice: parseAdviceFile(JSON.parse(readFileSync(join(dir, cell, p, 'advice.json'), 'utf8')), p) }));
  const { startedAtMs, endedAtMs } = seen[0]!.advice.observation;
  const holds = (cs: readonly Cycle[]) => cs.some((y) => y.startMs <= startedAtMs && startedAtMs <= y.endMs);
  const kept = doc.cells.find((c) => holds(c.figures?.cycles ?? []));
  // A first run the sweep's rule re-ran: priced too, and named so (the rule, not this table, keeps it out of the sweep's figures).
  const firstRun = kept
    ? undefined
    : (doc.reruns ?? [])
        .flatMap((r) => (r.firstRunJson ? [{ r, path: join(dir, r.firstRunJson) }] : []))
        .map(({ r, path }) => ({ r, cycles: (JSON.parse(readFileSync(path, 'utf8')) as FirstRun).summary.cost?.cycles ?? [] }))
        .find((x) => holds(x.cycles));
  const label = kept?.id ?? (firstRun ? `${firstRun.r.cellId}, first run (re-run: ${firstRun.r.reason})` : '?');
  const cycles = (kept?.figures?.cycles ?? firstRun?.cycles ?? []).filter((y: Cycle) => y.startMs >= startedAtMs && y.endMs <= endedAtMs);
  const lab = estimate(cycles.map((y: Cycle) => y.cpuSeconds - ce * y.events));
  const byPeriod = periods.map((p) => {
    const a = seen.find((s) => s.period === p)?.advice.inputs;
    const c = a?.cpuSecondsPerCheckpoint;
    return c ? `${c.value.toFixed(2)} [${c.low?.toFixed(2)}, ${c.high?.toFixed(2)}] (${((a.cpuSecondsPerEvent?.value ?? NaN) * 1e6).toFixed(1)} µs)` : '–';
  });
  console.log(`| ${cell}: ${label} | ${cycles.length} | ${lab.mean === undefined ? '–' : fmt(lab)} | ${byPeriod.join(' | ')} |`);
}
