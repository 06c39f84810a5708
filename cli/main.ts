/** ckpt-lab: the local cluster, one measurement, and the quick experiment. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { LimitError, parseLimits, type Limits } from '../analysis/limits.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { SweepUsageError } from '../sweep/sweepArgs.js';
import { modeAnalyses } from '../sweep/sweepDocument.js';
import { workloadLabel } from '../sweep/sweptWorkloads.js';
import { writeReport } from '../report/writeReport.js';
import { stackDiffCommand, stacksInit } from './stacks.js';
import { checkOptionsFor, commandHelp, CommandOptionError, COMMANDS, parseArgsOptions, type Command } from './commandOptions.js';
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import { RunInterrupted } from '../bench/run.js';
import { ensurePrefilledState } from '../bench/prefill.js';
import { FlinkClient } from '../bench/rest/flinkClient.js';
import { JobJarMissing, measure } from '../bench/targets/localRun.js';
import { JOB_JAR } from '../flink-job/ts/jobJar.js';
import type { FailureDetectionProfile } from '../infra/clusterConfig.js';
import { defaultDataDir, LocalCluster } from '../infra/local/localCluster.js';
import { DEFAULT_PORT_BASE } from '../infra/local/ports.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { parsePortBase, parseRunSettings, UsageError, type RunSettings } from './runArgs.js';
import { say } from './terminal.js';
import { ensureJobJar, refuseStateThatDoesNotFit } from './jobPrerequisites.js';
import { study, sweep } from './sweepCommand.js';
import { predictCommand } from './predictCommand.js';
import { adviseCommand } from './adviseCommand.js';
import { AdviceRefused } from '../advise/chooseJob.js';

const USAGE = `usage:
  ckpt-lab cluster up|down|status [--port-base N] [--failure-detection flink-default|fast]
  ckpt-lab run [--interval 5s|500ms|2m|off] [--rate N|auto[:0.7]] [--keys N] [--bidders N]
               [--state-mode bigstate|realistic|hybrid] [--state-backend rocksdb|hashmap [--incremental true|false]] [--parallelism N]
               [--cell cost|recovery] [--min-pause 0ms]
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
                 [--rate N|auto[:0.7]] [--bidders N|N,N,…|mode=N,…] [--keys N] [--state-mode M[,M…]] [--state-backend B] [--min-pause 0ms]
                 [--checkpoint-type full|incremental|full,incremental]   (sizes and types: each size its own state and baseline)
                 [--order-seed N]   (the cells' random order; recorded in sweep.json)
                 [--cost-window 2m] [--warmup 1m] [--probe 30s]   (shorter windows than the method's, for trials)
                 [--target local|pulumi --stacks 'ckpt-*' [--destroy]]
                 [--max-recovery 60s] [--max-p99 500ms] [--max-overhead 5%] [--mtbf 24h]
  ckpt-lab recommend [--max-recovery 60s] [--max-p99 500ms] [--max-overhead 5%] [--mtbf 24h] <sweep dir>
  ckpt-lab report [limits as for recommend] <sweep dir>
  ckpt-lab predict <sweep dir> --interval 15s [--state-mode M] [--checkpoint-type full|incremental] [--bidders N] [--rate N] [--json]
                   (the sweep's prediction for one interval, with 95 % prediction intervals; says what it extrapolates)
  ckpt-lab advise --rest URL [--job ID] [--observe 5m] [--calibration <sweep dir>] [--mtbf 24h] [--max-recovery 60s] [--max-overhead 5%]
                  [--out DIR] [--json]   (observes a running job read-only and recommends its interval; writes advice.json/.html)
  ckpt-lab study run [--out results/<sweep-id>]   (the study profile's sweep, then its write-up)
  ckpt-lab study write <sweep dir> [--out docs/study] [--sizes <sweep dir>] [--seed-scale <sweep dir>]
  ckpt-lab stacks init --intervals 5s,10s,30s,60s,120s [--from dev]   (writes Pulumi.ckpt-<interval>.yaml, and ckpt-off)
  ckpt-lab stack-diff <stack a> <stack b>
  ckpt-lab experiment [--profile quick|standard|seed|study] [--out results/<sweep-id>] [--port-base N]   (a sweep on the local cluster, quick by default)
  ckpt-lab <command> --help   (that command's options, with their defaults)`;

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
      say(`local cluster ready in ${formatElapsedMs(c.startupMs)}: REST ${c.restUrl} (web UI too), logs ${dataDir}/log`);
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
  // Like experiment, sweep and prefill: a first `run` right after `npm ci` builds the jar (Maven's output on stderr).
  ensureJobJar();
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

/** The commands that read a finished sweep: its recommendation, a prediction for one interval, its report. */
function answerFromSweep(
  command: 'recommend' | 'predict' | 'report',
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
): void {
  const dir = sweepDir(positionals, command);
  if (command === 'predict') {
    const { prediction, text } = predictCommand(dir, values);
    process.stdout.write(values.json === true ? `${JSON.stringify(prediction)}\n` : `${text}\n`);
    return;
  }
  const limits = limitsFrom(values);
  if (command === 'report') {
    const out = writeReport(dir, limits);
    say(`wrote ${out.markdown} and ${resolve(out.html)}`);
    return;
  }
  const modes = modeAnalyses(loadSweep(dir, limits));
  for (const m of modes) process.stdout.write(`${modes.length > 1 ? `${workloadLabel(m)}: ` : ''}${formatRecommendation(m.recommendation)}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: parseArgsOptions() });
  const [command, sub] = positionals;
  if (values.help && command && (COMMANDS as readonly string[]).includes(command)) {
    say(commandHelp(command as Command));
    return 0;
  }
  if (values.help || !command) {
    say(USAGE);
    return values.help ? 0 : 2;
  }
  checkOptionsFor(command, values);
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
      await sweep({ profile: 'quick', ...values }, signal);
      return 0;
    case 'recommend':
    case 'predict':
    case 'report':
      answerFromSweep(command, positionals, values);
      return 0;
    case 'study':
      await study(sub, positionals, values, signal);
      return 0;
    case 'advise':
      await adviseCommand(values, signal);
      return 0;
    case 'stacks':
      if (sub !== 'init') throw new UsageError(`Unknown stacks action '${sub ?? ''}'. Allowed: init.`);
      stacksInit(REPO_ROOT, values, say);
      return 0;
    case 'stack-diff':
      process.stdout.write(stackDiffCommand(REPO_ROOT, positionals) + '\n');
      return 0;
    default:
      throw new UsageError(
        `Unknown command '${command}'. Allowed: cluster, run, prefill, sweep, study, recommend, predict, report, advise, stacks, stack-diff, experiment.`,
      );
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
      : e instanceof UsageError ||
          e instanceof SweepUsageError ||
          e instanceof CommandOptionError ||
          e instanceof JobJarMissing ||
          e instanceof AdviceRefused ||
          err.code?.startsWith('ERR_PARSE_ARGS')
        ? 2
        : 1,
  );
});
