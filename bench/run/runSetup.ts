/**
 * Before the job starts: the cluster answers, the jar is uploaded, the prefilled state is there, the
 * rate is calibrated (autoRate), the failures are scheduled and the job's arguments rendered.
 */
import { join } from 'node:path';
import { JOB_JAR } from '../../flink-job/ts/jobJar.js';
import { formatDurationMs } from '../../lib/duration.js';
import { planFailures } from '../../lib/failurePlan.js';
import { runId } from '../../lib/results.js';
import { renderJobArgs } from '../../workload/jobArgs.js';
import { probeLengthMs } from '../capacity.js';
import { probeCapacity, probeSettleMs, rateAt } from '../capacityProbe.js';
import { ensurePrefilledState, type PrefilledState } from '../prefill.js';
import { FlinkRestError, type FlinkClient } from '../rest/flinkClient.js';
import type { RunSetup } from './runFile.js';
import type { CellKind, RunOptions } from './runOptions.js';

/** Checks that `restUrl` answers like a Flink cluster; returns its version. */
export async function checkFlinkCluster(client: FlinkClient): Promise<string> {
  let version: unknown;
  try {
    version = (await client.overview())['flink-version'];
  } catch (e) {
    const why = e instanceof FlinkRestError ? e.message : String(e);
    throw new Error(
      `--rest ${client.baseUrl} is not a reachable Flink cluster (${why}). Allowed: the REST URL of a Flink 1.18 JobManager, e.g. http://127.0.0.1:8081.`,
    );
  }
  if (typeof version !== 'string') throw new Error(`--rest ${client.baseUrl} answered /overview without a flink-version: not a Flink cluster.`);
  return version;
}

/** The run's kind of cell; a cost cell with failures, or a recovery cell without, is refused. */
export function cellKindOf(options: Pick<RunOptions, 'cell' | 'failures'>): CellKind {
  const cell = options.cell ?? (options.failures ? 'recovery' : 'cost');
  if (cell === 'cost' && options.failures)
    throw new Error('Invalid --cell: cost with --failure. Allowed: a cost cell injects no failure (leave out --failure), or --cell recovery.');
  if (cell === 'recovery' && !options.failures)
    throw new Error('Invalid --cell: recovery without --failure. Allowed: --cell recovery --failure tm-kill|task-failure.');
  return cell;
}

export async function setUpRun(client: FlinkClient, options: RunOptions, log: (line: string) => void): Promise<RunSetup> {
  cellKindOf(options);
  const flinkVersion = await checkFlinkCluster(client);
  log(`uploading ${JOB_JAR} to ${options.restUrl} (Flink ${flinkVersion})`);
  const jarId = await client.uploadJar(JOB_JAR);
  const stateAtStart: PrefilledState | undefined =
    (options.initialState ?? 'prefilled') === 'prefilled'
      ? await ensurePrefilledState({ client, jarId, workload: options.workload, storagePathMap: options.storagePathMap, log, signal: options.signal })
      : undefined;
  let calibration: RunSetup['calibration'];
  let workload = options.workload;
  if (options.autoRate) {
    const capacity = await probeCapacity(client, jarId, workload, stateAtStart?.savepoint, options.autoRate.probeMs, log);
    const rate = rateAt(capacity, options.autoRate.fraction);
    calibration = { fraction: options.autoRate.fraction, capacity, rate };
    workload = { ...workload, rate };
    log(
      `rate: ${options.autoRate.fraction} × the measured capacity ${Math.round(capacity.eventsPerSec).toLocaleString('en-US')} events/s = ${rate.toLocaleString('en-US')} events/s`,
    );
  }
  const startedAtMs = Date.now();
  const intervalMs = Number(workload.checkpointIntervalMs ?? 0);
  const cell = cellKindOf(options);
  // A probe after a recovery would measure the catch-up too: recovery cells have none.
  const probeMs = options.probeMs && cell === 'cost' ? probeLengthMs(options.probeMs, probeSettleMs(options.probeMs), intervalMs) : 0;
  const probeAtMs = probeMs > 0 ? startedAtMs + options.warmupMs + options.durationMs : undefined;
  const failureKind = options.failures?.options.kind;
  const planned = options.failures
    ? planFailures(options.failures.options, { startMs: startedAtMs, warmupMs: options.warmupMs, durationMs: options.durationMs, intervalMs })
    : [];
  // A task failure is thrown by the job itself, so its schedule goes into the job's arguments.
  const injectedByJob =
    failureKind === 'task-failure'
      ? { failAtMs: planned.map((p) => p.notBeforeMs), ...(intervalMs > 0 ? { failurePhasePermille: planned.map((p) => Math.round(p.phase * 1000)) } : {}) }
      : {};
  const jobArgs = renderJobArgs({ ...workload, ...injectedByJob, startTimeMs: startedAtMs, ...(probeAtMs !== undefined ? { probeAtMs } : {}) });
  return {
    options,
    cell,
    runDir: join(options.outDir, runId(startedAtMs, `interval-${formatDurationMs(intervalMs)}${failureKind ? `-${failureKind}` : ''}`)),
    startedAtMs,
    flinkVersion,
    jarId,
    workload,
    calibration,
    stateAtStart,
    intervalMs,
    planned,
    jobArgs,
    targetRate: Number(jobArgs[jobArgs.indexOf('--rate') + 1]),
    parallelism: Number(jobArgs[jobArgs.indexOf('--parallelism') + 1]),
    probeAtMs,
    probeMs,
    settleMs: probeSettleMs(options.probeMs ?? 0),
  };
}
