/** `ckpt-lab sweep` (and `experiment`) and `ckpt-lab study`: a sweep over intervals, then the report and the recommendation. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FAILURE_DETECTION } from '../infra/clusterConfig.js';
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { localCellRunner, prepareLocalSweep } from '../sweep/localCells.js';
import { planCells } from '../sweep/plan.js';
import { automationDriver } from '../sweep/automationDriver.js';
import { pulumiCellRunner } from '../sweep/pulumiCells.js';
import { planStackCells, readSweepStacks, settingsFromStacks } from '../sweep/sweepStacks.js';
import { defaultSweepDir, runSweep } from '../sweep/runSweep.js';
import { parseSweepSettings, type SweepSettings } from '../sweep/sweepArgs.js';
import { severalTypes, sweptStates, workloadLabel, workloadOfCell } from '../sweep/sweptWorkloads.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { writeStudy } from '../report/writeStudy.js';
import { writeReport } from '../report/writeReport.js';
import { formatDurationMs } from '../lib/duration.js';
import { DEFAULT_PORT_BASE } from '../infra/local/ports.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { UsageError } from './runArgs.js';
import { say } from './terminal.js';
import { ensureJobJar, refuseStateThatDoesNotFit } from './jobPrerequisites.js';

/** A sweep over intervals (plus the baseline), then the report and the recommendation. */

/** The profile and what it is; a workload the flags changed is named, not described as the profile's. */
function profileLine(settings: SweepSettings): string {
  const profileWorkload = settings.profile.workload as Readonly<Record<string, unknown>>;
  const changed = Object.entries(settings.workload).filter(([k, v]) => k in profileWorkload && k !== 'rate' && profileWorkload[k] !== v);
  if (changed.length === 0) return `${settings.profile.name}: ${settings.profile.description}`;
  return `${settings.profile.name}, with ${changed.map(([k, v]) => `${k} ${String(v)}`).join(', ')} instead of its ${changed.map(([k]) => `${k} ${String(profileWorkload[k])}`).join(', ')}`;
}

export async function sweep(flags: Record<string, string | boolean | undefined>, signal: AbortSignal): Promise<void> {
  const started = Date.now();
  let settings = parseSweepSettings(flags);
  const dir = settings.outDir ?? defaultSweepDir();
  let cells;
  let runner;
  let prepare: (() => ReturnType<typeof prepareLocalSweep>) | undefined;
  if (settings.target === 'pulumi') {
    const driver = await automationDriver(REPO_ROOT);
    const stacks = readSweepStacks(driver.workDir, settings.stacks!);
    settings = settingsFromStacks(settings, stacks);
    cells = planStackCells(stacks, settings.repeat);
    runner = pulumiCellRunner(driver, stacks, { destroyAfter: settings.destroyAfter, sweepId: dir.split('/').pop()! });
    say(`sweep over Pulumi stacks ${stacks.map((s) => s.name).join(', ')} → ${dir}`);
  } else {
    const states = sweptStates(settings);
    for (const state of states) refuseStateThatDoesNotFit(workloadOfCell(settings, state), settings.portBase ?? DEFAULT_PORT_BASE);
    ensureJobJar();
    cells = planCells({
      intervalsMs: settings.intervalsMs,
      repeat: settings.repeat,
      stateModes: settings.stateModes,
      sizes: settings.sizes,
      checkpointTypes: settings.checkpointTypes,
      recovery: settings.failures > 0,
      seed: settings.seed,
    });
    runner = localCellRunner(settings);
    prepare = () => prepareLocalSweep(settings, say, signal);
    say(
      `sweep (${profileLine(settings)}) over off, ${settings.intervalsMs.map((t) => formatDurationMs(t)).join(', ')}; ` +
        `${settings.repeat} repeat(s) of cost cells${settings.failures > 0 ? ` and recovery cells (${settings.failures} ${settings.failureKind} each)` : ''}, order seed ${settings.seed}; ` +
        `${settings.autoRate ? `rate ${settings.autoRate.fraction} × measured capacity` : `${String(settings.workload.rate)} events/s`}, ` +
        (severalTypes(settings) ? `${settings.checkpointTypes!.join(' and ')} checkpoints at every interval, ` : '') +
        `prefilled ${states.map((s) => `${s.bidders.toLocaleString('en-US')} ${s.stateMode}`).join(', ')} bidders → ${dir}`,
    );
  }
  const outcome = await runSweep(settings, cells, runner, { dir, log: say, signal, prepare });
  const report = writeReport(dir);
  const analyses = modeAnalyses(outcome.doc);
  for (const m of analyses) say(`\n${analyses.length > 1 ? `${workloadLabel(m)}: ` : ''}${formatRecommendation(m.recommendation)}`);
  say(`\nsweep done in ${formatDurationMs(Math.round((Date.now() - started) / 1000) * 1000)}; report: ${resolve(report.html)} (and report.md)`);
  if (outcome.failedCells.length > 0) {
    throw new Error(
      `${outcome.failedCells.length} cell(s) failed (${outcome.failedCells.map((c) => c.id).join(', ')}); re-run the same command to retry them.`,
    );
  }
}

/**
 * `study run`: the seed's study on this machine (the study profile, flags on top), then its write-up;
 * `study write <sweep dir>`: the write-up of a finished sweep, into --out (default docs/study).
 */
export async function study(
  sub: string | undefined,
  positionals: readonly string[],
  flags: Record<string, string | boolean | undefined>,
  signal: AbortSignal,
): Promise<void> {
  if (sub === 'run') {
    const dir = typeof flags.out === 'string' ? flags.out : defaultSweepDir();
    await sweep({ profile: 'study', ...flags, out: dir }, signal);
    const out = writeStudy(dir, join(dir, 'study'));
    say(`study write-up: ${resolve(out.readme)}`);
    return;
  }
  if (sub === 'write') {
    const dir = positionals[2];
    if (!dir || positionals.length > 3)
      throw new UsageError('ckpt-lab study write takes one sweep directory, e.g. ckpt-lab study write results/study --out docs/study');
    const out = typeof flags.out === 'string' ? flags.out : 'docs/study';
    const text = (k: string) => (typeof flags[k] === 'string' ? flags[k] : undefined);
    const predictionFile = join(out, 'seed-scale-prediction.json');
    const written = writeStudy(dir, out, {
      sizesDir: text('sizes'),
      seedScale: existsSync(predictionFile)
        ? { predictionFile, measuredDir: text('seed-scale'), defaultDetectionMs: FAILURE_DETECTION['flink-default'].timeoutMs }
        : undefined,
    });
    say(`wrote ${resolve(written.readme)} and ${written.charts.length} charts`);
    return;
  }
  throw new UsageError(`Unknown study action '${sub ?? ''}'. Allowed: run, write.`);
}
