/**
 * advise on a recorded REST transcript: 22 one-second reads of the bench job (realistic state, 20,000
 * bidders, 4,000 events/s, incremental checkpoints every 2 s) on a local cluster, recorded by
 * `ckpt-lab advise` itself during its integration test (fixtures/bench-job-2s.observation.json, the
 * first 22 ticks of that run). A tiny local server replays it; the estimates are checked against values
 * worked out by hand from the recorded bodies (the arithmetic is in the comments).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { adviseFrom } from './advice.js';
import { adviceInputs } from './adviceInputs.js';
import { observationOf } from './jobObservation.js';
import { observeJob } from './observeJob.js';
import { routesOf, startReplayServer, type ReplayServer } from './replayServer.testkit.js';
import type { Transcript } from './restTranscript.js';

const recorded = JSON.parse(readFileSync(new URL('./fixtures/bench-job-2s.observation.json', import.meta.url), 'utf8')) as Transcript;
const LIMITS = { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5, mtbfMs: 86_400_000 };

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('advise on a recorded observation of the bench job', () => {
  it('replays it through the observer and derives every input as worked by hand', async () => {
    server = await startReplayServer(routesOf(recorded));
    // The history was read at ticks 0, 5, 10, 15, 20: completed 10, 12, 15, 17, 21; ten more by tick 20 ends the observation there (and one last tick).
    const replayed = await observeJob({ restUrl: server.url, observeMs: 0, minCheckpoints: 10, periodMs: 0, checkpointsEveryTicks: 5, progress: () => {} });
    expect(replayed.ticks.map((t) => t.atMs)).toEqual(recorded.ticks.map((t) => t.atMs));
    expect(server.requests.every((r) => r.startsWith('GET '))).toBe(true);

    const inputs = adviceInputs(observationOf(replayed));
    // λ: numRecordsOut 96,044 at 1796281039549 and 183,572 at 1796281061688: 87,528 records in 22.139 s = 3,953.57/s.
    expect(inputs.inputRate.value).toBeCloseTo(3_953.57, 1);
    // The busiest subtask's busy share per read (BidderState each time): 0.238 ×4, 0.259 ×5, 0.279 ×4, 0.319 ×5, 0.377 ×4; median 0.279.
    // μ = 3,953.57 / 0.279 = 14,170.5/s.
    expect(inputs.capacity.value).toBeCloseTo(14_170.5, 0);
    expect(inputs.capacity.how).toContain('median 27.9 %, BidderState');
    // The five histories hold checkpoints 1 … 21; 11 … 21 were triggered inside the window (730 ms … 20,730 ms after its first read):
    // their median state_size 43,292,560 B, checkpointed_size 7,467,134 B (three of the eleven wrote 28.9 MB), end-to-end 137 ms.
    expect(inputs.stateBytes.value).toBe(43_292_560);
    expect(inputs.checkpointedBytes.value).toBe(7_467_134);
    expect(inputs.checkpointDurationMs.value).toBe(137);
    // 7.5 MB of a 43.3 MB state written per checkpoint: incremental.
    expect(inputs.checkpointType).toBe('incremental');
    // /jobmanager/config: heartbeat.timeout 5000, fixed-delay restarts 1000ms apart; metrics.fetcher.update-interval 1000 > 2 s / 4.
    expect(inputs.detectionMs).toMatchObject({ value: 5_000, provenance: 'configured' });
    expect(inputs.restartMs).toMatchObject({ value: 1_000, provenance: 'configured' });
    expect(inputs.priceUnobservable).toContain('every 1.0 s (metrics.fetcher.update-interval), too coarse to see inside a 2.0 s checkpoint cycle');
    expect(inputs.restoreBytesPerSec.provenance).toBe('observed');
  });

  it('estimates each interval from those inputs, as worked by hand', async () => {
    server = await startReplayServer(routesOf(recorded));
    const replayed = await observeJob({ restUrl: server.url, observeMs: 0, minCheckpoints: 10, periodMs: 0, checkpointsEveryTicks: 5, progress: () => {} });
    const advice = adviseFrom(adviceInputs(observationOf(replayed)), LIMITS);
    const at = (ms: number) => advice.intervals.find((e) => e.intervalMs === ms)!;
    // Incremental: bytes in proportion to T up to the state: 7,467,134 × 2.5 = 18,667,835 B at 5 s, × 5 = 37,335,670 B at 10 s,
    // and at 30 s (× 15 = 112 MB) the whole state, 43,292,560 B.
    expect(at(5_000).checkpointedBytes.value).toBeCloseTo(18_667_835, 0);
    expect(at(10_000).checkpointedBytes.value).toBeCloseTo(37_335_670, 0);
    expect(at(30_000).checkpointedBytes.value).toBe(43_292_560);
    // The duration with the bytes: 137 ms × 2.5 = 342.5 ms at 5 s.
    expect(at(5_000).checkpointDurationMs.value).toBeCloseTo(342.5, 6);
    // No price: the loss is not estimated and not judged.
    expect(at(10_000).capacityLossPct).toBeUndefined();
    expect(advice.recommendation.candidates[0]!.checks.map((k) => k.limit)).toEqual(['recovery', 'disk']);
    // Restore: the job's own, from its tasks' INITIALIZING → RUNNING; the longest, BidderState subtask 0, 1796281017154 → 1796281018730 = 1,576 ms
    // (the bandwidth is the state over it, so the state restores in the same 1,576 ms). D = 5,000 + 1,000 + 1,576 = 7,576 ms.
    expect(at(10_000).restoreMs).toBeCloseTo(1_576, 6);
    // At 10 s, a failure halfway through the cycle replays what came since the last checkpoint began: λ × (5 s + its 685 ms) = 22,476.0 records.
    expect(at(10_000).replayedRecords).toBeCloseTo(22_476.0, 0);
    // The backlog to catch up also holds what arrived while down: λ × (7.576 s + 5 s) = 49,720.0 records, drained at
    // μ − λ = 10,216.92/s in 4,866.5 ms: recovery 7,576 + 4,866.5 = 12,442.5 ms.
    expect(at(10_000).recoveryMs.value).toBeCloseTo(12_442.5, 0);
    expect(advice.recommendation.recommendedMs).toBeDefined();
  });
});
