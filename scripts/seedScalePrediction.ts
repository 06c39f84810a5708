/**
 * Writes the seed-scale prediction before the cells that measure it run (issue "State size and checkpoint
 * type", item 5): `npx tsx scripts/seedScalePrediction.ts <sweep dir> [docs/study/seed-scale-prediction.json]`.
 * The sweep must stay at or below a tenth of the seed's state; the file records which sweep, at which
 * commit, and refuses to overwrite an earlier prediction (a prediction is made once, then measured) and to
 * predict from an unfinished sweep.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkpointTypeOfWorkload } from '../lib/checkpointType.js';
import { SEED_SCALE, SEED_SCALE_GOALS, seedScalePredictions } from '../analysis/seedScale.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { formatPrediction } from '../analysis/formatPrediction.js';

const [dir, out = 'docs/study/seed-scale-prediction.json'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx scripts/seedScalePrediction.ts <sweep dir> [out.json]');
  process.exit(2);
}
if (existsSync(out)) {
  console.error(`${out} exists: a prediction is made once, before its measurement; remove it by hand only if it was never measured.`);
  process.exit(2);
}
const sweep = loadSweep(dir);
// A prediction from part of a sweep would be one of several a person could pick from after seeing the rest.
const unfinished = sweep.cells.filter((c) => c.status !== 'complete');
if (unfinished.length > 0) {
  console.error(`The sweep is unfinished: ${unfinished.length} of ${sweep.cells.length} cells not complete (${unfinished[0]!.id}, …); finish it first.`);
  process.exit(2);
}
const modes = modeAnalyses(sweep);
const largest = Math.max(...modes.filter((m) => m.stateMode === SEED_SCALE.stateMode).map((m) => m.bidders));
if (!(largest <= SEED_SCALE.bidders / 10)) {
  console.error(
    `The sweep's largest ${SEED_SCALE.stateMode} state is ${largest} bidders: the prediction must come from at most a tenth of the seed's ${SEED_SCALE.bidders}.`,
  );
  process.exit(2);
}
const predictions = seedScalePredictions({ modes, checkpointType: checkpointTypeOfWorkload(sweep.settings.workload) });
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      schema: 'ckpt-lab/seed-scale-prediction@1',
      schemaVersion: 1,
      createdAt: new Date().toISOString(),
      commit,
      sweep: { dir, sweepId: sweep.sweepId, configHash: sweep.configHash },
      request: SEED_SCALE,
      goals: SEED_SCALE_GOALS,
      predictions,
    },
    null,
    2,
  )}\n`,
);
for (const p of predictions) console.log(`${formatPrediction(p)}\n`);
console.log(`wrote ${out}`);
