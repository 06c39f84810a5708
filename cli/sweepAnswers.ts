/** The commands that read a finished sweep: its recommendation, a prediction for one interval, its report (loaded only for them). */
import { resolve } from 'node:path';
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { LimitError, parseLimits, type Limits } from '../analysis/limits.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { workloadLabel } from '../sweep/sweptWorkloads.js';
import { UsageError } from './runArgs.js';
import { say } from './terminal.js';
import { predictCommand } from './predictCommand.js';

function sweepDir(positionals: readonly string[], command: string): string {
  const dir = positionals[1];
  if (!dir || positionals.length > 2) throw new UsageError(`ckpt-lab ${command} takes one sweep directory, e.g. ckpt-lab ${command} results/sweep-…`);
  return dir;
}

function limitsFrom(flags: Record<string, string | boolean | undefined>): Limits {
  try {
    return parseLimits(flags);
  } catch (e) {
    if (e instanceof LimitError) throw new UsageError(e.message);
    throw e;
  }
}

/** Its recommendation, a prediction for one interval, or its report. */
export async function answerFromSweep(
  command: 'recommend' | 'predict' | 'report',
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
): Promise<void> {
  const dir = sweepDir(positionals, command);
  if (command === 'predict') {
    const { prediction, text } = predictCommand(dir, values);
    process.stdout.write(values.json === true ? `${JSON.stringify(prediction)}\n` : `${text}\n`);
    return;
  }
  const limits = limitsFrom(values);
  if (command === 'report') {
    // The report's charts load ECharts: only for report.
    const { writeReport } = await import('../report/writeReport.js');
    const out = writeReport(dir, limits);
    say(`wrote ${out.markdown} and ${resolve(out.html)}`);
    return;
  }
  const modes = modeAnalyses(loadSweep(dir, limits));
  for (const m of modes) process.stdout.write(`${modes.length > 1 ? `${workloadLabel(m)}: ` : ''}${formatRecommendation(m.recommendation)}\n`);
}
