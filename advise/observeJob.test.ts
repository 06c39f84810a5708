/**
 * advise's observer against a tiny local HTTP server: what it reads (GETs only), what it refuses and
 * how it says so. The server's answers are shaped like Flink 1.18.1's (bench/rest/fixtures).
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdviceRefused } from './chooseJob.js';
import { observationOf } from './jobObservation.js';
import { observeJob, type ObserveOptions } from './observeJob.js';
import { startReplayServer, type ReplayServer, type Routes } from './replayServer.testkit.js';

const J = 'a1b2c3';
const SRC = 'v-src';
const STATE = 'v-state';
const T0 = 1_700_000_000_000;

/** A streaming job with one source and one stateful vertex, checkpointing every 100 ms; each read of its details is 1 s later. */
function flinkRoutes(overrides: Routes = {}): Routes {
  const details = (n: number) => ({
    jid: J,
    name: 'bids',
    state: 'RUNNING',
    now: T0 + n * 1000,
    vertices: [
      { id: SRC, name: 'Source: Bids', parallelism: 1 },
      { id: STATE, name: 'BidderState', parallelism: 2 },
    ],
    plan: { type: 'STREAMING', nodes: [{ id: STATE, inputs: [{ id: SRC }] }, { id: SRC }] },
  });
  return {
    '/config': [{ 'flink-version': '1.18.1' }],
    '/jobs/overview': [{ jobs: [{ jid: J, name: 'bids', state: 'RUNNING' }] }],
    [`/jobs/${J}`]: (n) => ({ status: 200, body: details(n) }),
    [`/jobs/${J}/checkpoints/config`]: [{ mode: 'exactly_once', interval: 100 }],
    '/jobmanager/config': [
      [
        { key: 'heartbeat.timeout', value: '5 s' },
        { key: 'metrics.fetcher.update-interval', value: '20' },
      ],
    ],
    '/taskmanagers': [{ taskmanagers: [{ id: 'tm-1', slotsNumber: 4, freeSlots: 2 }] }],
    '/jobmanager/metrics?get=Status.JVM.CPU.Time': (n) => ({ status: 200, body: [{ id: 'Status.JVM.CPU.Time', value: String(n * 1e8) }] }),
    '/taskmanagers/tm-1/metrics?get=Status.JVM.CPU.Time': (n) => ({ status: 200, body: [{ id: 'Status.JVM.CPU.Time', value: String(n * 5e8) }] }),
    [`/jobs/${J}/vertices/${SRC}/subtasks/metrics?get=numRecordsOut&agg=sum`]: (n) => ({ status: 200, body: [{ id: 'numRecordsOut', sum: 1000 * n }] }),
    [`/jobs/${J}/vertices/${STATE}/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond,idleTimeMsPerSecond&agg=max`]: [
      [
        { id: 'busyTimeMsPerSecond', max: 250 },
        { id: 'backPressuredTimeMsPerSecond', max: 0 },
      ],
    ],
    [`/jobs/${J}/vertices/${SRC}/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond,idleTimeMsPerSecond&agg=max`]: [
      [
        { id: 'busyTimeMsPerSecond', max: 50 },
        { id: 'backPressuredTimeMsPerSecond', max: 0 },
      ],
    ],
    // One more checkpoint completed at every read of the history.
    [`/jobs/${J}/checkpoints`]: (n) => ({
      status: 200,
      body: {
        counts: { completed: n, failed: 0, in_progress: 0, restored: 0, total: n },
        latest: { completed: null, restored: null },
        history: Array.from({ length: n }, (_, i) => ({
          id: i + 1,
          status: 'COMPLETED',
          is_savepoint: false,
          trigger_timestamp: T0 + i * 1000 + 100,
          latest_ack_timestamp: T0 + i * 1000 + 300,
          end_to_end_duration: 200,
          state_size: 50e6,
          checkpointed_size: 50e6,
          num_subtasks: 3,
          num_acknowledged_subtasks: 3,
        })),
      },
    }),
    ...overrides,
  };
}

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const options = (restUrl: string, more: Partial<ObserveOptions> = {}): ObserveOptions => ({
  restUrl,
  observeMs: 0,
  minCheckpoints: 3,
  periodMs: 0,
  checkpointsEveryTicks: 1,
  graceMs: 0,
  progress: () => undefined,
  ...more,
});

async function refusal(routes: Routes, more: Partial<ObserveOptions> = {}): Promise<string> {
  server = await startReplayServer(routes);
  const e = await observeJob(options(server.url, more)).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AdviceRefused);
  return (e as Error).message;
}

describe('advise observes a running job, read-only', () => {
  it('reads until the checkpoints it needs completed, only with GETs, and the transcript reduces to what it saw', async () => {
    server = await startReplayServer(flinkRoutes());
    const t = await observeJob(options(server.url));
    expect(server.requests.every((r) => r.startsWith('GET '))).toBe(true);
    const o = observationOf(t);
    expect(o.jobName).toBe('bids');
    expect(o.flinkVersion).toBe('1.18.1');
    expect(o.checkpointIntervalMs).toBe(100);
    expect(o.config).toMatchObject({ heartbeatTimeoutMs: 5_000, metricsFetcherIntervalMs: 20 });
    // The details read as a tick are the server's 2nd, 3rd, …: 1 s apart from T0 + 1 s; records 1,000 per read of the source.
    expect(o.ticks[0]!.atMs).toBe(T0 + 1000);
    expect(o.ticks.map((k) => k.sourceRecordsOut).slice(0, 3)).toEqual([0, 1000, 2000]);
    // The busiest vertex is the stateful one (250 ms/s), not the source (50 ms/s).
    expect(o.ticks[0]).toMatchObject({ busiestShare: 0.25, busiestVertex: 'BidderState', sourceBackPressuredShare: 0 });
    // JobManager 0.1 s and TaskManager 0.5 s of CPU per read, counted from the first tick.
    expect(o.cpu.map((c) => c.clusterCpuMs).slice(0, 3)).toEqual([0, 600, 1200]);
    expect(o.checkpoints.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a URL nothing answers at, naming it', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const e = await observeJob(options(`http://127.0.0.1:${port}`)).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(AdviceRefused);
    expect((e as Error).message).toMatch(new RegExp(`^Cannot read Flink's REST API at http://127.0.0.1:${port} \\(GET /config\\): .*ECONNREFUSED`));
  });

  it('refuses a server that is not Flink', async () => {
    expect(await refusal({ '/config': [{ hello: 'world' }] })).toMatch(/answers, but not as Flink's REST API: GET \/config names no flink-version/);
  });

  it('refuses several running jobs without --job, and an unknown --job', async () => {
    const two = {
      '/jobs/overview': [
        {
          jobs: [
            { jid: J, name: 'bids', state: 'RUNNING' },
            { jid: 'z9', name: 'clicks', state: 'RUNNING' },
          ],
        },
      ],
    };
    expect(await refusal(flinkRoutes(two))).toMatch(/^2 jobs are running on .*: name one with --job/);
    await server!.close();
    expect(await refusal(flinkRoutes(), { jobId: 'nope' })).toMatch(/^No job nope on .*Its jobs: a1b2c3 \(bids, RUNNING\)/);
  });

  it('refuses a batch job and a job that does not checkpoint', async () => {
    const batch = flinkRoutes();
    const details = batch[`/jobs/${J}`] as (n: number) => { status: number; body: Record<string, unknown> };
    batch[`/jobs/${J}`] = (n) => ({ status: 200, body: { ...details(n).body, plan: { type: 'BATCH', nodes: [] } } });
    expect(await refusal(batch)).toMatch(/is a batch job: it runs without checkpoints/);
    await server!.close();
    const none = flinkRoutes({
      [`/jobs/${J}/checkpoints/config`]: () => ({ status: 404, body: { errors: ['Checkpointing is not enabled for this job (a1b2c3).'] } }),
    });
    expect(await refusal(none)).toMatch(/does not checkpoint \(Checkpointing is not enabled for this job \(a1b2c3\)\.\)/);
  });

  it('refuses when too few checkpoints complete in time, saying how many did', async () => {
    const stuck = flinkRoutes({
      [`/jobs/${J}/checkpoints`]: () => ({
        status: 200,
        body: { counts: { completed: 4, failed: 0, in_progress: 1, restored: 0, total: 5 }, latest: { completed: null, restored: null }, history: [] },
      }),
    });
    expect(await refusal(stuck)).toMatch(
      /^Job a1b2c3 \(bids\) completed 0 checkpoints in .* of observation \(its interval is .*\); advise needs 3: nothing written\.$/,
    );
  });
});
