/**
 * `ckpt-lab advise --rest URL [--job ID] [--observe 5m] [--read-every <duration>] [--calibration <sweep>] [--mtbf 24h]
 * [--max-recovery …] [--max-overhead …] [--out DIR] [--json]`: observes a running job through REST
 * (read-only), estimates every candidate interval and recommends one; writes advice.json, advice.html
 * and the transcript of what it read. `--from <observation.json>` advises again from such a transcript. Bad flags are refused before anything is read; a refusal while
 * observing writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LimitError, parseLimits, type Limits } from '../analysis/limits.js';
import { adviseFrom } from '../advise/advice.js';
import { adviceDocument } from '../advise/adviceFile.js';
import { adviceInputs } from '../advise/adviceInputs.js';
import { readCalibration, type RecoveryCalibration } from '../advise/calibration.js';
import { formatAdvice } from '../advise/formatAdvice.js';
import { observationOf } from '../advise/jobObservation.js';
import { OBSERVE_DEFAULTS, observeJob } from '../advise/observeJob.js';
import type { Transcript } from '../advise/restTranscript.js';
import { readTranscriptFile } from '../advise/transcriptFile.js';
import { renderAdviceHtml } from '../report/adviceHtml.js';
import { DurationError, formatDurationMs, parseDurationMs } from '../lib/duration.js';
import { writeJsonAtomic } from '../lib/results.js';
import { UsageError } from './runArgs.js';
import { say } from './terminal.js';

export interface AdviseSettings {
  /** Observe this cluster, or (`fromPath`) read an observation advise wrote before. */
  readonly restUrl?: string;
  readonly fromPath?: string;
  readonly jobId?: string;
  readonly observeMs: number;
  /** How often the job is read (the cluster's cost of being observed against how finely a cycle is seen); undefined: advise's default, every second. */
  readonly readEveryMs?: number;
  readonly limits: Limits;
  readonly calibration?: RecoveryCalibration;
  readonly outDir?: string;
  readonly json: boolean;
}

/** The shortest observation: a few cycles of a short interval, and the busy time's own averaging. */
export const MIN_OBSERVE_MS = 10_000;
/** --read-every's range: a read takes about a tenth of a second; past a minute no cycle is seen inside. */
export const READ_EVERY_RANGE_MS = { min: 250, max: 60_000 } as const;

type Flags = Readonly<Record<string, string | boolean | undefined>>;

function checkRestUrl(rest: string): void {
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    throw new UsageError(`Invalid --rest: '${rest}'. Allowed: an http or https URL, e.g. http://localhost:8081.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`Invalid --rest: '${rest}'. Allowed: an http or https URL, e.g. http://localhost:8081.`);
}

/** A duration flag, undefined when not given; refused outside [minMs, maxMs]. */
function durationFlag(given: string | undefined, flag: string, minMs: number, maxMs = Infinity): number | undefined {
  if (given === undefined) return undefined;
  let ms: number;
  try {
    ms = parseDurationMs(flag, given);
  } catch (e) {
    if (e instanceof DurationError) throw new UsageError(e.message);
    throw e;
  }
  if (ms < minMs || ms > maxMs) {
    const allowed = maxMs === Infinity ? `at least ${formatDurationMs(minMs)}` : `${formatDurationMs(minMs)} to ${formatDurationMs(maxMs)}`;
    throw new UsageError(`Invalid ${flag}: '${given}'. Allowed: ${allowed}.`);
  }
  return ms;
}

/** Every flag checked (and the calibration read) before the cluster is asked anything. */
export function parseAdviseSettings(flags: Flags): AdviseSettings {
  const text = (k: string) => (typeof flags[k] === 'string' ? flags[k] : undefined);
  const rest = text('rest');
  const fromPath = text('from');
  if (rest && fromPath) throw new UsageError('ckpt-lab advise takes --rest (observe a cluster) or --from (a saved observation), not both.');
  if (!rest && !fromPath)
    throw new UsageError(
      'ckpt-lab advise needs --rest URL: the Flink cluster whose running job to observe, e.g. --rest http://localhost:8081 (or --from <observation.json> to advise again from a saved one).',
    );
  if (rest) checkRestUrl(rest);
  const observing = ['observe', 'job', 'read-every'].filter((k) => flags[k] !== undefined);
  if (fromPath && observing.length > 0)
    throw new UsageError(
      `${observing.map((k) => `--${k}`).join(' and ')} choose${observing.length === 1 ? 's' : ''} what to observe; --from advises from an observation already made, so it takes none of them.`,
    );
  const observeMs = durationFlag(text('observe'), '--observe', MIN_OBSERVE_MS) ?? OBSERVE_DEFAULTS.observeMs;
  const readEveryMs = durationFlag(text('read-every'), '--read-every', READ_EVERY_RANGE_MS.min, READ_EVERY_RANGE_MS.max);
  let limits: Limits;
  try {
    limits = parseLimits(flags);
  } catch (e) {
    if (e instanceof LimitError) throw new UsageError(e.message);
    throw e;
  }
  const calibrationPath = text('calibration');
  return {
    restUrl: rest?.replace(/\/$/, ''),
    fromPath,
    jobId: text('job'),
    observeMs,
    readEveryMs,
    limits,
    calibration: calibrationPath === undefined ? undefined : readCalibration(calibrationPath),
    outDir: text('out'),
    json: flags.json === true,
  };
}

async function observe(s: AdviseSettings, signal: AbortSignal): Promise<Transcript> {
  say(`observing ${s.restUrl} for ${formatDurationMs(s.observeMs)} at least (and ${OBSERVE_DEFAULTS.minCheckpoints} completed checkpoints); read-only`);
  return observeJob({ ...OBSERVE_DEFAULTS, restUrl: s.restUrl!, jobId: s.jobId, observeMs: s.observeMs, periodMs: s.readEveryMs, progress: say, signal });
}

export async function adviseCommand(flags: Flags, signal: AbortSignal): Promise<void> {
  const s = parseAdviseSettings(flags);
  const transcript = s.fromPath ? readTranscriptFile(s.fromPath) : await observe(s, signal);
  const observation = observationOf(transcript);
  const advice = adviseFrom(adviceInputs(observation, s.calibration), s.limits);
  const reads = transcript.once.length + transcript.ticks.reduce((n, t) => n + t.responses.length, 0);
  const doc = adviceDocument(advice, observation, 'observation.json', reads, new Date());
  // Only now, with the advice made, is anything written.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const dir = s.outDir ?? join('results', `advice-${observation.jobId.slice(0, 8)}-${stamp}`);
  writeJsonAtomic(dir, 'observation.json', transcript);
  const json = writeJsonAtomic(dir, 'advice.json', doc);
  writeFileSync(join(dir, 'advice.html'), renderAdviceHtml(doc));
  if (s.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
  else process.stdout.write(`${formatAdvice(advice, observation)}\n`);
  say(`wrote ${resolve(json)}, ${resolve(dir, 'advice.html')} and the transcript ${resolve(dir, 'observation.json')}`);
}
