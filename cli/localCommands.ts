/** The commands that run on a cluster directly: `cluster up|down|status`, `run`, `prefill` (loaded only for them). */
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import { ensurePrefilledState } from '../bench/prefill.js';
import { FlinkClient } from '../bench/rest/flinkClient.js';
import { measure } from '../bench/targets/localRun.js';
import { JOB_JAR } from '../flink-job/ts/jobJar.js';
import type { FailureDetectionProfile } from '../infra/clusterConfig.js';
import { defaultDataDir, LocalCluster } from '../infra/local/localCluster.js';
import { DEFAULT_PORT_BASE } from '../infra/local/ports.js';
import { parsePortBase, parseRunSettings, UsageError, type RunSettings } from './runArgs.js';
import { say } from './terminal.js';
import { ensureJobJar, refuseStateThatDoesNotFit } from './jobPrerequisites.js';

export function failureDetection(value: unknown): FailureDetectionProfile {
  if (value === undefined) return 'flink-default';
  if (value === 'flink-default' || value === 'fast') return value;
  throw new UsageError(`Invalid --failure-detection: '${JSON.stringify(value)}'. Allowed: flink-default or fast.`);
}

export async function cluster(action: string | undefined, flags: Record<string, string | boolean | undefined>): Promise<void> {
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
export async function run(settings: RunSettings, interrupt: AbortSignal, profile: FailureDetectionProfile = 'flink-default'): Promise<void> {
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
export async function prefill(flags: Record<string, string | boolean | undefined>, signal: AbortSignal): Promise<void> {
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
