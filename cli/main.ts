/** ckpt-lab: the local cluster, one measurement, and the quick experiment. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatDurationMs } from '../bench/duration.js';
import { RunInterrupted, runMeasurement } from '../bench/run.js';
import { TaskFailure, TaskManagerKill, type FailureInjector } from '../bench/failures/injectors.js';
import { JOB_JAR } from '../flink-job/ts/jobJar.js';
import type { FailureDetectionProfile } from '../infra/clusterConfig.js';
import { defaultDataDir, LocalCluster } from '../infra/local/localCluster.js';
import { DEFAULT_PORT_BASE } from '../infra/local/ports.js';
import { REPO_ROOT } from '../repoRoot.js';
import { parsePortBase, parseRunSettings, UsageError, type RunSettings } from './runArgs.js';

const USAGE = `usage:
  ckpt-lab cluster up|down|status [--port-base N] [--failure-detection flink-default|fast]
  ckpt-lab run [--interval 5s|500ms|2m|off] [--rate N] [--keys N] [--bidders N]
               [--state-mode bigstate|realistic|hybrid] [--state-backend rocksdb|hashmap] [--parallelism N]
               [--warmup 30s] [--duration 60s] [--sample 2s] [--end savepoint|cancel]
               [--failure tm-kill|task-failure [--failures N] [--failure-phase random|0..1] [--tm-restart-delay 0s]]
               [--failure-detection flink-default|fast]
               [--rest URL | --port-base N] [--out results] [--json]
  ckpt-lab experiment [--out results] [--port-base N]`;

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
  throw new UsageError(`Invalid --failure-detection: '${String(value)}'. Allowed: flink-default or fast.`);
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

function requireJobJar(): void {
  if (!existsSync(JOB_JAR)) throw new UsageError(`The job jar is not built (${JOB_JAR}). Run 'npm run build:job' first.`);
}

/** One measurement; starts (and afterwards stops) a local cluster unless --rest names one. */
async function run(settings: RunSettings, signal: AbortSignal, profile: FailureDetectionProfile = 'flink-default'): Promise<void> {
  requireJobJar();
  if (settings.failures?.kind === 'tm-kill' && settings.restUrl) {
    throw new UsageError('--failure tm-kill needs a cluster whose TaskManagers ckpt-lab controls: the local one (leave out --rest) or a Pulumi stack.');
  }
  let owned: LocalCluster | undefined;
  let local: LocalCluster | undefined;
  let restUrl = settings.restUrl;
  if (!restUrl) {
    const portBase = settings.portBase ?? DEFAULT_PORT_BASE;
    local = LocalCluster.attach(defaultDataDir(portBase));
    if (local) {
      say(`using the local cluster at ${local.restUrl}`);
    } else {
      owned = local = await LocalCluster.start({ portBase, owned: true, log: say, configure: (cfg) => ({ ...cfg, failureDetection: profile }) });
      say(`local cluster ready in ${(owned.startupMs / 1000).toFixed(1)} s (failure detection: ${profile})`);
    }
    restUrl = local.restUrl;
  }
  let injector: FailureInjector | undefined;
  if (settings.failures?.kind === 'tm-kill' && local) {
    const cluster = local;
    injector = new TaskManagerKill({ kill: (id) => cluster.killTaskManager(id), restart: (id) => cluster.restartTaskManager(id) }, settings.failures.tmRestartDelayMs);
  } else if (settings.failures?.kind === 'task-failure') {
    injector = new TaskFailure();
  }
  try {
    const result = await runMeasurement({
      restUrl,
      workload: settings.workload,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      sampleMs: settings.sampleMs,
      outDir: settings.outDir,
      end: settings.end,
      cluster: local ? { kind: 'local', startupMs: owned?.startupMs, config: local.config } : { kind: 'rest', restUrl },
      failures:
        settings.failures && injector
          ? { options: settings.failures, injector, expectedTaskManagers: local ? local.processes.filter((p) => p.role === 'taskmanager').length : undefined }
          : undefined,
      signal,
      progress: say,
    });
    say(result.humanSummary);
    say(`results: ${result.runJson}`);
    if (settings.json) {
      process.stdout.write(JSON.stringify({ ...result.summary, recovery: result.recovery, verification: result.verification, resultsPath: result.runJson }) + '\n');
    }
    if (result.verification && !result.verification.ok) throw new Error('State verification failed: counterSum != sourcePosition');
  } finally {
    if (owned) {
      await owned.stop();
      say('local cluster stopped');
    }
  }
}

/** The quick experiment on the embedded default: build what is missing, then one short run. */
async function experiment(flags: Record<string, string | boolean | undefined>, signal: AbortSignal): Promise<void> {
  const started = Date.now();
  if (!existsSync(JOB_JAR)) {
    say('building the job jar (mvn -f flink-job package -DskipTests)…');
    const mvn = spawnSync('mvn', ['-B', '-q', '-f', `${REPO_ROOT}/flink-job/pom.xml`, 'package', '-DskipTests'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (mvn.status !== 0) throw new Error('Building the job jar failed; is Maven installed?');
  }
  const settings = parseRunSettings({
    interval: '5s',
    rate: '5000',
    bidders: '100000',
    keys: '10000',
    'state-mode': 'realistic',
    'state-backend': 'rocksdb',
    warmup: '20s',
    duration: '60s',
    sample: '2s',
    ...flags,
  });
  say(`quick experiment: interval ${formatDurationMs(settings.intervalMs)}, ${settings.workload.rate} events/s, ${settings.workload.bidders} bidders, 20 s warm-up + 60 s measured`);
  await run(settings, signal);
  say(`experiment done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      interval: { type: 'string' }, rate: { type: 'string' }, keys: { type: 'string' }, bidders: { type: 'string' },
      'state-mode': { type: 'string' }, 'state-backend': { type: 'string' }, parallelism: { type: 'string' }, seed: { type: 'string' },
      warmup: { type: 'string' }, duration: { type: 'string' }, sample: { type: 'string' }, end: { type: 'string' },
      rest: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'port-base': { type: 'string' },
      'failure-detection': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      failure: { type: 'string' }, failures: { type: 'string' }, 'failure-phase': { type: 'string' }, 'tm-restart-delay': { type: 'string' },
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
    case 'experiment':
      await experiment(values, signal);
      return 0;
    default:
      throw new UsageError(`Unknown command '${command}'. Allowed: cluster, run, experiment.`);
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
  exit(e instanceof RunInterrupted ? 130 : e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
});
