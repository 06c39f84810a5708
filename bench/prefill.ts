/**
 * The prefilled state: every bidder's initial state as a savepoint, built once per (bidders, state
 * mode, seed, max parallelism) by the StateBootstrap job on the cluster under test (through REST), in
 * that cluster's savepoint storage, and reused by every run that asks for the same workload.
 */
import { formatElapsedMs } from '../lib/duration.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRY } from '../flink-job/ts/jobJar.js';
import { toArgList } from '../workload/jobArgs.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { nominalStateBytes } from '../workload/stateSize.js';
import { resolveWorkload } from '../workload/validate.js';
import { directoryBytes } from './diskUsage.js';
import { writeJsonAtomic } from '../lib/results.js';
import type { FlinkClient } from './rest/flinkClient.js';
import { pollUntil, PollTimeout } from '../lib/pollUntil.js';

/** What identifies a prefilled state: a savepoint is reused only for the same values. */
export interface PrefillKey {
  readonly bidders: number;
  readonly stateMode: string;
  readonly seed: number;
  readonly maxParallelism: number;
}

export interface PrefilledState extends PrefillKey {
  /** The savepoint as the cluster sees it (a file: URI). */
  readonly savepoint: string;
  /** bidders × the mode's mean bytes. */
  readonly nominalBytes: number;
  /** The savepoint's bytes on disk, where this machine can see it. */
  readonly savepointBytes?: number;
  /** Time the bootstrap job took; undefined when an existing savepoint was reused. */
  readonly buildMs?: number;
  readonly reused: boolean;
}

/** The manifest beside each prefill savepoint. */
export const MANIFEST = 'ckpt-lab-prefill.json';

export function prefillKey(workload: WorkloadParameters): PrefillKey {
  const w = resolveWorkload(workload);
  return { bidders: Number(w.bidders), stateMode: String(w.stateMode), seed: Number(w.seed), maxParallelism: Number(w.maxParallelism) };
}

/** The savepoint's directory name: the key spelled out, so different workloads never share one. */
export function prefillDirName(k: PrefillKey): string {
  return `prefill-${k.stateMode}-${k.bidders}b-seed${k.seed}-mp${k.maxParallelism}`;
}

/** The keys whose values differ, as `bidders 1000 ≠ 2000`. */
export function keyDifferences(expected: PrefillKey, found: Partial<PrefillKey>): string[] {
  return (Object.keys(expected) as (keyof PrefillKey)[])
    .filter((k) => found[k] !== expected[k])
    .map((k) => `${k} ${String(found[k])} ≠ ${String(expected[k])}`);
}

export class PrefillMismatch extends Error {
  constructor(path: string, differences: readonly string[]) {
    super(
      `The cached prefill savepoint ${path} was built for other parameters (${differences.join(', ')}); remove it or choose another --port-base / cluster.`,
    );
    this.name = 'PrefillMismatch';
  }
}

export interface PrefillOptions {
  readonly client: FlinkClient;
  readonly jarId: string;
  readonly workload: WorkloadParameters;
  /** `cluster path prefix → path here`, where the cluster's storage is mounted on this machine. */
  readonly storagePathMap?: { readonly from: string; readonly to: string };
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** Savepoints this process built on clusters whose storage it cannot see, by cluster and path. */
const builtUnseen = new Map<string, PrefilledState>();

/** Runs the bootstrap job that writes the savepoint, and waits for it to finish (cancelled if interrupted or too slow). */
async function runPrefillJob(o: PrefillOptions, key: PrefillKey, savepoint: string, deadlineMs: number): Promise<void> {
  const args = [
    '--savepointPath',
    savepoint,
    ...toArgList({
      bidders: key.bidders,
      stateMode: key.stateMode,
      seed: key.seed,
      maxParallelism: key.maxParallelism,
      parallelism: o.workload.parallelism ?? 2,
    }),
  ];
  const jobId = await o.client.runJar(o.jarId, ENTRY.prefill, args);
  const what = `the prefill job ${jobId} to finish`;
  await pollUntil({ deadlineMs, what, everyMs: 1_000, signal: o.signal }, async (seen) => {
    const job = await o.client.job(jobId);
    if (job.state === 'FINISHED') return true;
    if (job.state === 'FAILED' || job.state === 'CANCELED') {
      const ex = await o.client.exceptions(jobId).catch(() => undefined);
      throw new Error(`The prefill job ${job.state.toLowerCase()}: ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
    }
    seen(`state ${job.state}`);
    return undefined;
  }).catch(async (e: unknown) => {
    // Interrupted or too slow: the job must not go on writing state nobody waits for.
    if (e instanceof PollTimeout) await o.client.cancel(jobId).catch(() => undefined);
    throw e;
  });
}

/** The prefilled state for `workload`: the cached savepoint if one exists with the same key, else a fresh bootstrap. */
export async function ensurePrefilledState(o: PrefillOptions): Promise<PrefilledState> {
  const key = prefillKey(o.workload);
  const conf = await o.client.jobManagerConfig();
  const savepointsDir = conf['state.savepoints.dir'];
  if (!savepointsDir) throw new Error(`The cluster at ${o.client.baseUrl} has no state.savepoints.dir: the prefilled state needs somewhere to live.`);
  const savepoint = `${savepointsDir.replace(/\/$/, '')}/ckpt-lab-prefill/${prefillDirName(key)}`;
  const toLocal = (uri: string) =>
    (o.storagePathMap ? uri.replace(o.storagePathMap.from, o.storagePathMap.to) : uri).replace(/^file:\/\//, '').replace(/^file:/, '');
  const local = toLocal(savepoint);
  // This machine sees the cluster's savepoint storage (the local cluster, or a mounted one).
  const visible = existsSync(toLocal(savepointsDir));
  const nominalBytes = nominalStateBytes(key);
  const memoKey = `${o.client.baseUrl} ${savepoint}`;

  if (visible && existsSync(join(local, '_metadata')) && existsSync(join(local, MANIFEST))) {
    const manifest = JSON.parse(readFileSync(join(local, MANIFEST), 'utf8')) as PrefilledState;
    const differences = keyDifferences(key, manifest);
    if (differences.length > 0) throw new PrefillMismatch(local, differences);
    o.log(
      `prefilled state: reusing ${savepoint} (${key.bidders.toLocaleString('en-US')} ${key.stateMode} bidders, built in ${formatElapsedMs(manifest.buildMs ?? 0)})`,
    );
    return { ...manifest, savepoint, reused: true };
  }
  const memo = builtUnseen.get(memoKey);
  if (!visible && memo) return { ...memo, reused: true };

  // A half-written savepoint (an interrupted build) is not reused.
  if (visible) rmSync(local, { recursive: true, force: true });
  o.log(
    `prefilled state: writing ${key.bidders.toLocaleString('en-US')} ${key.stateMode} bidders (${(nominalBytes / 1e6).toFixed(0)} MB nominal) to ${savepoint}…`,
  );
  const started = Date.now();
  await runPrefillJob(o, key, savepoint, started + (o.timeoutMs ?? 30 * 60_000));
  const buildMs = Date.now() - started;
  const state: PrefilledState = {
    ...key,
    savepoint,
    nominalBytes,
    savepointBytes: visible && existsSync(local) ? directoryBytes(local) : undefined,
    buildMs,
    reused: false,
  };
  if (visible) writeJsonAtomic(local, MANIFEST, state);
  else builtUnseen.set(memoKey, state);
  o.log(`prefilled state written in ${formatElapsedMs(buildMs)}${state.savepointBytes ? ` (${(state.savepointBytes / 1e6).toFixed(0)} MB on disk)` : ''}`);
  return state;
}
