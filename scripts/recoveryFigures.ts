/**
 * Benchmark (not a test): tm-kill failures at several checkpoint intervals on one local cluster;
 * prints median downtime, catch-up, recovery and replay per interval with the model's predictions.
 * Usage: npx tsx scripts/recoveryFigures.ts [intervals=2s,10s,30s] [failures=3] [rate=5000] [bidders=100000]
 */
import { parseDurationMs } from '../lib/duration.js';
import { TaskManagerKill } from '../bench/failures/injectors.js';
import { minFailureSpacingMs } from '../lib/failurePlan.js';
import { runMeasurement } from '../bench/run.js';
import { median } from '../lib/stats.js';
import { LocalCluster } from '../infra/local/localCluster.js';

const [intervalsArg = '2s,10s,30s', failuresArg = '3', rateArg = '5000', biddersArg = '100000'] = process.argv.slice(2);
const intervals = intervalsArg.split(',').map((t) => parseDurationMs('interval', t));
const failures = Number(failuresArg);
const rate = Number(rateArg);
const cluster = await LocalCluster.start({ portBase: 18_881, owned: true, log: (l) => console.error(l) });
const rows: string[] = [];
try {
  for (const intervalMs of intervals) {
    const durationMs = failures * minFailureSpacingMs(intervalMs, 0) + 5_000;
    const r = await runMeasurement({
      restUrl: cluster.restUrl,
      workload: {
        rate,
        bidders: Number(biddersArg),
        keys: 10_000,
        stateMode: 'realistic',
        stateBackend: 'rocksdb',
        incremental: true,
        checkpointIntervalMs: intervalMs,
      },
      warmupMs: 20_000,
      durationMs,
      sampleMs: 2_000,
      outDir: 'results/recovery-figures',
      end: 'savepoint',
      failures: {
        options: { kind: 'tm-kill', count: failures, phase: 'random', tmRestartDelayMs: 0 },
        injector: new TaskManagerKill({ kill: (id) => cluster.killTaskManager(id), restart: (id) => cluster.restartTaskManager(id) }, 0),
        expectedTaskManagers: 2,
      },
      progress: (l) => (l.startsWith('[') ? undefined : console.error(l)),
    });
    const f = r.recovery!.failures;
    const c = r.summary.checkpoints.durationMs.median ?? 0;
    // METHOD.md: expected replay at a uniformly random phase = λ·(T/2 + checkpoint duration).
    const modelReplay = Math.round((rate * (intervalMs / 2 + c)) / 1000);
    const m = r.recovery!.median;
    rows.push(
      [
        `${intervalMs / 1000}s`,
        f.length,
        m.detectionMs,
        m.downtimeMs,
        m.catchUpMs,
        m.recoveryMs,
        m.replayedRecords,
        m.predictedReplayedRecords,
        modelReplay,
        median(f.map((x) => x.phase))?.toFixed(2),
        r.verification?.ok,
        r.runJson,
      ].join(' | '),
    );
  }
} finally {
  await cluster.stop();
}
console.log(
  '| interval | failures | detection ms | downtime ms | catch-up ms | recovery ms | replayed | predicted (this failure) | model λ(T/2+C) | median phase | exactly-once | run.json |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row} |`);
