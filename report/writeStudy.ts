/** `ckpt-lab study write <sweep dir>`: the write-up, its SVG charts and the sweep's own files, in one folder. */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvironmentFile } from '../sweep/environmentSchema.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { renderCharts, renderModeCharts } from './charts.js';
import { renderStudyWriteup } from './studyWriteup.js';
import { readSeedScaleFile } from '../sweep/seedScaleFile.js';

/** An SVG file must name its namespace to open on its own (in a browser, or on GitHub). */
function standaloneSvg(svg: string): string {
  return svg.includes('xmlns=') ? svg : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
}

/** Sweeps besides the study's own: one over sizes and types, and the seed-scale prediction (with its measuring sweep once run). */
export interface StudyExtras {
  readonly sizesDir?: string;
  readonly seedScale?: { readonly predictionFile: string; readonly measuredDir?: string; readonly defaultDetectionMs: number };
}

export function writeStudy(sweepDir: string, toDir: string, extras: StudyExtras = {}): { readme: string; charts: string[] } {
  const sweep = loadSweep(sweepDir);
  const sizes = extras.sizesDir ? loadSweep(extras.sizesDir) : undefined;
  const seed = extras.seedScale;
  const seedScale = seed && {
    prediction: readSeedScaleFile(seed.predictionFile),
    measured: seed.measuredDir ? loadSweep(seed.measuredDir) : undefined,
    sizes,
    defaultDetectionMs: seed.defaultDetectionMs,
  };
  const envPath = join(sweepDir, 'environment.json');
  const environment = existsSync(envPath) ? parseEnvironmentFile(JSON.parse(readFileSync(envPath, 'utf8')), envPath) : undefined;
  const modes = modeAnalyses(sweep);
  const rendered = modes.length > 1 ? renderModeCharts(modes) : modes[0] ? renderCharts(modes[0].aggregates, modes[0].model, modes[0].recommendation) : [];
  mkdirSync(join(toDir, 'charts'), { recursive: true });
  const charts = rendered.map((c) => {
    const file = join('charts', `${c.id}.svg`);
    writeFileSync(join(toDir, file), standaloneSvg(c.svg));
    return { title: c.title, file };
  });
  // The sweep's own small files beside the write-up: its numbers come from them.
  copyFileSync(join(sweepDir, 'sweep.json'), join(toDir, 'sweep.json'));
  if (environment) copyFileSync(envPath, join(toDir, 'environment.json'));
  const readme = join(toDir, 'README.md');
  writeFileSync(readme, renderStudyWriteup({ sweep, environment, charts, sizes, seedScale }));
  return { readme, charts: charts.map((c) => join(toDir, c.file)) };
}
