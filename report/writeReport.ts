/** `ckpt-lab report <dir>`: reads the sweep, writes report.md and report.html beside it. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Limits } from '../analysis/limits.js';
import { parseEnvironmentFile } from '../sweep/environmentSchema.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { renderCharts, renderModeCharts } from './charts.js';
import { renderHtml, renderMarkdown } from './document.js';

export function writeReport(dir: string, limits?: Limits): { markdown: string; html: string } {
  const sweep = loadSweep(dir, limits);
  const envPath = join(dir, 'environment.json');
  const environment = existsSync(envPath) ? parseEnvironmentFile(JSON.parse(readFileSync(envPath, 'utf8')), envPath) : undefined;
  const modes = modeAnalyses(sweep);
  const charts = modes.length > 1 ? renderModeCharts(modes) : modes[0] ? renderCharts(modes[0].aggregates, modes[0].model, modes[0].recommendation) : [];
  const input = { sweep, environment, charts };
  const markdown = join(dir, 'report.md');
  const html = join(dir, 'report.html');
  writeFileSync(markdown, renderMarkdown(input));
  writeFileSync(html, renderHtml(input));
  return { markdown, html };
}
