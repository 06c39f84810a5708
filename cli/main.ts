/** ckpt-lab: the local cluster, one measurement, and the quick experiment. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { LimitError, parseLimits, type Limits } from '../analysis/limits.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { localCellRunner, prepareLocalSweep } from '../sweep/localCells.js';
import { planCells } from '../sweep/plan.js';
import { automationDriver } from '../sweep/automationDriver.js';
import { pulumiCellRunner } from '../sweep/pulumiCells.js';
import { planStackCells, readSweepStacks, settingsFromStacks } from '../sweep/sweepStacks.js';
import { defaultSweepDir, runSweep } from '../sweep/runSweep.js';
import { parseSweepSettings, SweepUsageError, workloadForMode } from '../sweep/sweepArgs.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { mavenPackage } from '../infra/local/mavenPackage.js';
import { writeStudy } from '../report/writeStudy.js';
import { writeReport } from '../report/writeReport.js';
import { stackDiffCommand, stacksInit } from './stacks.js';
import { formatDurationMs } from '../lib/duration.js';
import { RunInterrupted } from '../bench/run.js';
import { ensurePrefilledState } from '../bench/prefill.js';
import { FlinkClient } from '../bench/rest/flinkClient.js';
import { JobJarMissing, measure } from '../bench/targets/localRun.js';
import { JOB_JAR } from '../flink-job/ts/jobJar.js';
import type { FailureDetectionProfile } from '../infra/clusterConfig.js';
import { defaultDataDir, LocalCluster, storageDirsUnder } from '../infra/local/localCluster.js';
import { DEFAULT_PORT_BASE } from '../infra/local/ports.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { parsePortBase, parseRunSettings, UsageError, type RunSettings } from './runArgs.js';
import { localDiskRoom, stateFit, stateFitMessage } from '../bench/stateFits.js';
import type { WorkloadParameters } from '../workload/parameters.js';

const USAGE = `usage:
  ckpt-lab cluster up|down|status [--port-base N] [--failure-detection flink-default|fast]
  ckpt-lab run [--interval 5s|500ms|2m|off] [--rate N|auto[:0.7]] [--keys N] [--bidders N]
               [--state-mode bigstate|realistic|hybrid] [--state-backend rocksdb|hashmap [--incremental true|false]] [--parallelism N]
               [--warmup 30s] [--duration 60s] [--sample 2s] [--probe 30s|0s] [--end savepoint|cancel]
               [--initial-state prefilled|empty]
               [--failure tm-kill|task-failure [--failures N] [--failure-phase random|0..1] [--tm-restart-delay 0s]]
               [--failure-detection flink-default|fast]
               [--rest URL [--docker-taskmanagers JSON] [--storage-path-map /in/cluster=/here] | --port-base N]
               [--out results] [--json]
  ckpt-lab prefill [--bidders N] [--state-mode M] [--seed N] [--rest URL | --port-base N]
                   (writes the prefilled state savepoint every run starts from, or says it is cached)
  ckpt-lab sweep [--profile quick|standard|seed] [--intervals 1s,5s,30s] [--repeat N] [--failures N]
                 [--failure tm-kill|task-failure] [--out results/<sweep-id>] [--port-base N]
                 [--rate N|auto[:0.7]] [--bidders N] [--keys N] [--state-mode M] [--state-backend B]
                 [--target local|pulumi --stacks 'ckpt-*' [--destroy]]
                 [--max-recovery 60s] [--max-p99 500ms] [--max-overhead 5%] [--mtbf 24h]
  ckpt-lab recommend [--max-recovery 60s] [--max-p99 500ms] [--max-overhead 5%] [--mtbf 24h] <sweep dir>
  ckpt-lab report [limits as for recommend] <sweep dir>
  ckpt-lab stacks init --intervals 5s,10s,30s,60s,120s [--from dev]   (writes Pulumi.ckpt-<interval>.yaml, and ckpt-off)
  ckpt-lab stack-diff <stack a> <stack b>
  ckpt-lab experiment [--out results/<sweep-id>] [--port-base N]   (the quick sweep on the local cluster)`;

const say = (line: string) => process.stderr.write(line + '\n');

/** Ctrl-C / SIGTERM abort the current run; the run then ends its job and the cluster it started. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (sig: string) => {
    if (controller.signal.aborted) {
      say(`${sig} again: exiting now (the cluster watchdog ends any Flink process left).`);
      process.exit(130);
    }
    say(`${sig}: stopping (results written so far are kept)…`);
    controller.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return controller.signal;
}

function failureDetection(value: unknown): FailureDetectionProfile {
  if (value === undefined) return 'flink-default';
  if (value === 'flink-default' || value === 'fast') return value;
  throw new UsageError(`Invalid --failure-detection: '${JSON.stringify(value)}'. Allowed: flink-default or fast.`);
}

async function cluster(action: string | undefined, flags: Record<string, string | boolean | undefined>): Promise<void> {
  const portBase = typeof flags['port-base'] === 'string' ? parsePortBase(flags['port-base']) : DEFAULT_PORT_BASE;
  const dataDir = defaultDataDir(portBase);
  switch (action) {
    case 'up': {
      const profile = failureDetection(flags['failure-detection']);
      const c = await LocalCluster.start({ portBase, configure: (cfg) => ({ ...cfg, failureDetection: profile }), log: say });
      say(`local cluster ready in ${(c.startupMs / 1000).toFixed(1)} s: REST ${c.restUrl} (web UI too), logs ${dataDir}/log`);
      return;
    }
    case 'down':
    case 'status': {
      const c = LocalCluster.attach(dataDir);
      if (!c) {
        say(`no local cluster runs from ${dataDir}`);
        return;
      }
      if (action === 'down') {
        await c.stop();
        say(`local cluster stopped (${c.runningProcesses().length} processes left)`);
        return;
      }
      for (const p of c.processes) say(`${p.name.padEnd(14)} pid ${p.pid} ${c.runningProcesses().includes(p) ? 'running' : 'stopped'}  log ${p.logFile}`);
      say(`REST ${c.restUrl}`);
      return;
    }
    default:
      throw new UsageError(`Unknown cluster action '${action ?? ''}'. Allowed: up, down, status.`);
  }
}

/** One measurement; starts (and afterwards stops) a local cluster unless --rest names one. */
async function run(settings: RunSettings, interrupt: AbortSignal, profile: FailureDetectionProfile = 'flink-default'): Promise<void> {
  if (!settings.restUrl && settings.initialState === 'prefilled') refuseStateThatDoesNotFit(settings.workload, settings.portBase ?? DEFAULT_PORT_BASE);
  // --time-limit stops the run as Ctrl-C does (what it wrote is kept), then fails with its own message.
  const timeLimit = settings.timeLimitMs !== undefined ? AbortSignal.timeout(settings.timeLimitMs) : undefined;
  const signal = timeLimit ? AbortSignal.any([interrupt, timeLimit]) : interrupt;
  let result;
  try {
    result = await measure(settings, { signal, log: say, failureDetection: profile });
  } catch (e) {
    if (timeLimit?.aborted && !interrupt.aborted) {
      throw new Error(
        `The run exceeded its time limit of ${formatDurationMs(settings.timeLimitMs!)} (--time-limit; in a Pulumi stack ckpt-lab:bench.timeLimit) and was stopped; what it measured is kept in ${settings.outDir}.`,
      );
    }
    throw e;
  }
  say(result.humanSummary);
  say(`results: ${result.runJson}`);
  if (settings.json) {
    process.stdout.write(
      JSON.stringify({
        ...result.summary,
        capacityEventsPerSec: result.capacityEventsPerSec,
        stateAtStart: result.stateAtStart,
        recovery: result.recovery,
        verification: result.verification,
        resultsPath: result.runJson,
      }) + '\n',
    );
  }
  if (result.verification && !result.verification.ok) throw new Error('State verification failed: counterSum != sourcePosition');
}

/** Builds (or finds cached) the prefilled state for a workload, on --rest or a local cluster started for it. */
async function prefill(flags: Record<string, string | boolean | undefined>, signal: AbortSignal): Promise<void> {
  const settings = parseRunSettings({ ...flags, interval: 'off' });
  ensureJobJar();
  let owned: LocalCluster | undefined;
  let restUrl = settings.restUrl;
  if (!restUrl) {
    const portBase = settings.portBase ?? DEFAULT_PORT_BASE;
    const running = LocalCluster.attach(defaultDataDir(portBase));
    if (!running) owned = await LocalCluster.start({ portBase, owned: true, log: say });
    restUrl = (running ?? owned)!.restUrl;
  }
  try {
    const client = new FlinkClient(restUrl);
    const jarId = await client.uploadJar(JOB_JAR);
    const state = await ensurePrefilledState({ client, jarId, workload: settings.workload, storagePathMap: settings.storagePathMap, log: say, signal });
    process.stdout.write(JSON.stringify(state) + '\n');
  } finally {
    await owned?.stop();
  }
}

/** A local cluster's state must fit its disk: refused before anything starts, with the largest that fits. */
function refuseStateThatDoesNotFit(workload: Pick<WorkloadParameters, 'bidders' | 'stateMode'>, portBase: number): void {
  const dirs = storageDirsUnder(defaultDataDir(portBase));
  const fit = stateFit(workload, localDiskRoom(dirs.rocksdbLocalDir, dirs.checkpointsDir));
  if (!fit.fits) throw new UsageError(stateFitMessage(workload, fit));
}

/** Builds the job jar if it is missing (the experiment's one-command promise). */
function ensureJobJar(): void {
  if (existsSync(JOB_JAR)) return;
  say('building the job jar (mvn -f flink-job package -DskipTests)…');
  const mvn = mavenPackage(`${REPO_ROOT}/flink-job/pom.xml`, ['-DskipTests']);
  if (!mvn.ok) throw new Error(`Building the job jar failed (${mvn.failure}); is Maven installed?`);
}

/** A sweep over intervals (plus the baseline), then the report and the recommendation. */
async function sweep(flags: Record<string, string | boolean | undefined>, signal: AbortSignal): Promise<void> {
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
    for (const mode of settings.stateModes) refuseStateThatDoesNotFit(workloadForMode(settings, mode), settings.portBase ?? DEFAULT_PORT_BASE);
    ensureJobJar();
    cells = planCells(settings.intervalsMs, settings.repeat, settings.stateModes);
    runner = localCellRunner(settings);
    prepare = () => prepareLocalSweep(settings, say, signal);
    say(
      `sweep (${settings.profile.name}: ${settings.profile.description}) over off, ${settings.intervalsMs.map((t) => formatDurationMs(t)).join(', ')}; ` +
        `${settings.repeat} repeat(s), ${settings.failures} ${settings.failureKind} per run; ` +
        `${settings.autoRate ? `rate ${settings.autoRate.fraction} × measured capacity` : `${String(settings.workload.rate)} events/s`}, ` +
        `prefilled ${settings.stateModes.map((m) => `${Number(workloadForMode(settings, m).bidders).toLocaleString('en-US')} ${m}`).join(', ')} bidders → ${dir}`,
    );
  }
  const outcome = await runSweep(settings, cells, runner, { dir, log: say, signal, prepare });
  const report = writeReport(dir);
  for (const m of modeAnalyses(outcome.doc)) say(`\n${settings.stateModes.length > 1 ? `${m.stateMode}: ` : ''}${formatRecommendation(m.recommendation)}`);
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
async function study(
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
    const out = writeStudy(dir, typeof flags.out === 'string' ? flags.out : 'docs/study');
    say(`wrote ${resolve(out.readme)} and ${out.charts.length} charts`);
    return;
  }
  throw new UsageError(`Unknown study action '${sub ?? ''}'. Allowed: run, write.`);
}

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

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      interval: { type: 'string' },
      rate: { type: 'string' },
      keys: { type: 'string' },
      bidders: { type: 'string' },
      'state-mode': { type: 'string' },
      'state-backend': { type: 'string' },
      parallelism: { type: 'string' },
      seed: { type: 'string' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      sample: { type: 'string' },
      end: { type: 'string' },
      rest: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'port-base': { type: 'string' },
      'failure-detection': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'initial-state': { type: 'string' },
      probe: { type: 'string' },
      incremental: { type: 'string' },
      failure: { type: 'string' },
      failures: { type: 'string' },
      'failure-phase': { type: 'string' },
      'tm-restart-delay': { type: 'string' },
      'time-limit': { type: 'string' },
      profile: { type: 'string' },
      intervals: { type: 'string' },
      repeat: { type: 'string' },
      target: { type: 'string' },
      stacks: { type: 'string' },
      destroy: { type: 'boolean' },
      'docker-taskmanagers': { type: 'string' },
      'storage-path-map': { type: 'string' },
      from: { type: 'string' },
      'max-recovery': { type: 'string' },
      'max-p99': { type: 'string' },
      'max-overhead': { type: 'string' },
      mtbf: { type: 'string' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    say(USAGE);
    return values.help ? 0 : 2;
  }
  const signal = interruptSignal();
  switch (command) {
    case 'cluster':
      await cluster(sub, values);
      return 0;
    case 'run':
      await run(parseRunSettings(values), signal, failureDetection(values['failure-detection']));
      return 0;
    case 'sweep':
      await sweep(values, signal);
      return 0;
    case 'prefill':
      await prefill(values, signal);
      return 0;
    case 'experiment':
      await sweep({ ...values, profile: 'quick' }, signal);
      return 0;
    case 'recommend': {
      const limits = limitsFrom(values);
      const doc = loadSweep(sweepDir(positionals, 'recommend'), limits);
      const modes = modeAnalyses(doc);
      for (const m of modes) process.stdout.write(`${modes.length > 1 ? `${m.stateMode}: ` : ''}${formatRecommendation(m.recommendation)}\n`);
      return 0;
    }
    case 'report': {
      const dir = sweepDir(positionals, 'report');
      const limits = limitsFrom(values);
      const out = writeReport(dir, limits);
      say(`wrote ${out.markdown} and ${resolve(out.html)}`);
      return 0;
    }
    case 'study':
      await study(sub, positionals, values, signal);
      return 0;
    case 'stacks':
      if (sub !== 'init') throw new UsageError(`Unknown stacks action '${sub ?? ''}'. Allowed: init.`);
      stacksInit(REPO_ROOT, values, say);
      return 0;
    case 'stack-diff':
      process.stdout.write(stackDiffCommand(REPO_ROOT, positionals) + '\n');
      return 0;
    default:
      throw new UsageError(`Unknown command '${command}'. Allowed: cluster, run, prefill, sweep, study, recommend, report, stacks, stack-diff, experiment.`);
  }
}

/** Exits once stderr is flushed (a pipe's writes are asynchronous). */
function exit(code: number): void {
  process.stderr.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(exit, (e: unknown) => {
  const err = e as Error & { code?: string };
  say(`ckpt-lab: ${err.message}`);
  if (process.env.CKPT_LAB_DEBUG) say(err.stack ?? '');
  exit(
    e instanceof RunInterrupted
      ? 130
      : e instanceof UsageError || e instanceof SweepUsageError || e instanceof JobJarMissing || err.code?.startsWith('ERR_PARSE_ARGS')
        ? 2
        : 1,
  );
});
