/**
 * ckpt-lab: parses the command line, then loads only the chosen command's module (a `predict` or a
 * `--help` does not load Pulumi, ECharts or the cluster code), and maps its errors to exit codes.
 */
import { parseArgs } from 'node:util';
import { checkOptionsFor, commandHelp, COMMANDS, parseArgsOptions, type Command } from './commandOptions.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { parseRunSettings, UsageError } from './runArgs.js';
import { say } from './terminal.js';

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
  ckpt-lab advise --from <observation.json[.gz]> [--calibration …] [--mtbf …] [limits] [--out DIR] [--json]   (again, from a saved observation)
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
      await (await import('./localCommands.js')).cluster(sub, values);
      return 0;
    case 'run': {
      const local = await import('./localCommands.js');
      await local.run(parseRunSettings(values), signal, local.failureDetection(values['failure-detection']));
      return 0;
    }
    case 'prefill':
      await (await import('./localCommands.js')).prefill(values, signal);
      return 0;
    case 'sweep':
      await (await import('./sweepCommand.js')).sweep(values, signal);
      return 0;
    case 'experiment':
      await (await import('./sweepCommand.js')).sweep({ profile: 'quick', ...values }, signal);
      return 0;
    case 'recommend':
    case 'predict':
    case 'report':
      await (await import('./sweepAnswers.js')).answerFromSweep(command, positionals, values);
      return 0;
    case 'study':
      await (await import('./sweepCommand.js')).study(sub, positionals, values, signal);
      return 0;
    case 'advise':
      await (await import('./adviseCommand.js')).adviseCommand(values, signal);
      return 0;
    case 'stacks':
      if (sub !== 'init') throw new UsageError(`Unknown stacks action '${sub ?? ''}'. Allowed: init.`);
      (await import('./stacks.js')).stacksInit(REPO_ROOT, values, say);
      return 0;
    case 'stack-diff':
      process.stdout.write((await import('./stacks.js')).stackDiffCommand(REPO_ROOT, positionals) + '\n');
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

/** Refusals of what was asked (exit 2) and an interrupted run (130), told by their names: their modules may not be loaded. */
const REFUSALS = new Set(['UsageError', 'SweepUsageError', 'CommandOptionError', 'JobJarMissing', 'AdviceRefused']);

function exitCodeOf(e: unknown): number {
  const err = e as Error & { code?: string };
  if (err.name === 'RunInterrupted') return 130;
  return REFUSALS.has(err.name) || err.code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
}

main(process.argv.slice(2)).then(exit, (e: unknown) => {
  const err = e as Error;
  say(`ckpt-lab: ${err.message}`);
  if (process.env.CKPT_LAB_DEBUG) say(err.stack ?? '');
  exit(exitCodeOf(e));
});
