/** The bench's parsing, against responses recorded from a real Flink 1.18.1 cluster (fixtures/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findStageVertices } from '../sampler.js';
import { aggregated, metricNumber, resolveMetricNames, toCheckpointRecord } from '../samples.js';
import { describeErrorBody } from './flinkClient.js';
import type { AggregatedMetric, CheckpointSubtaskSummary, CheckpointingStatistics, JobDetails, MetricValue } from './types.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as T;

describe('parsing recorded REST responses', () => {
  it('finds the three stages of the bid workload in /jobs/:id', () => {
    const stages = findStageVertices(fixture<JobDetails>('job'));
    expect(stages.source.name).toBe('Source: BidSource');
    expect(stages.state.name).toBe('BidderState');
    expect(stages.window.name).toContain('AuctionWindowCounts');
    expect(stages.state.parallelism).toBe(2);
  });

  it('resolves the job metrics among the names a vertex lists', () => {
    const names = resolveMetricNames(fixture<{ id: string }[]>('vertex-metric-names').map((m) => m.id));
    expect(names.latencyP50).toBe('BidderState.eventLatencyMs_median');
    expect(names.latencyP99).toBe('BidderState.eventLatencyMs_p99');
    expect(names.sourcePosition).toBeUndefined(); // that one lives on the source vertex
  });

  it('reads aggregated subtask metrics', () => {
    const state = fixture<AggregatedMetric[]>('state-metrics');
    expect(aggregated(state, 'BidderState.eventLatencyMs_median', 'max')).toBe(47);
    expect(aggregated(state, 'BidderState.eventLatencyMs_p99', 'max')).toBe(100);
    expect(aggregated(state, 'missing', 'max')).toBeUndefined();
    const source = fixture<AggregatedMetric[]>('source-metrics');
    expect(aggregated(source, 'Source__BidSource.sourcePosition', 'sum')).toBe(26818);
    const tm = fixture<MetricValue[]>('taskmanager-metrics');
    expect(metricNumber(tm, 'Status.JVM.Memory.Heap.Used')).toBeGreaterThan(0);
  });

  it('turns checkpoint history entries into records', () => {
    const stats = fixture<CheckpointingStatistics>('checkpoints');
    const completed = stats.history.filter((h) => h.status === 'COMPLETED').map(toCheckpointRecord);
    expect(completed.length).toBeGreaterThan(2);
    for (const c of completed) {
      expect(c.durationMs).toBeGreaterThan(0);
      expect(c.stateSizeBytes).toBeGreaterThan(0);
      expect(c.checkpointedSizeBytes).toBeGreaterThan(0);
      expect(c.checkpointedSizeBytes).toBeLessThanOrEqual(c.stateSizeBytes);
      expect(c.triggerMs).toBeGreaterThan(1.7e12);
    }
    const sub = fixture<CheckpointSubtaskSummary>('checkpoint-subtasks');
    expect(sub.summary?.checkpoint_duration?.sync?.max).toBeGreaterThanOrEqual(0);
    expect(sub.summary?.alignment?.duration?.max).toBeGreaterThanOrEqual(0);
  });

  it("reduces a failed submission's stack trace to the job's own message", () => {
    const { message } = fixture<{ message: string }>('run-error');
    const body = message.slice(message.indexOf(': ', message.indexOf('HTTP 400')) + 2);
    expect(describeErrorBody({ errors: [body] })).toBe("Invalid value for --rate: '0'. Allowed: an integer from 1 to 10000000.");
    expect(describeErrorBody({ errors: ['Not found: /jobs/x'] })).toBe('Not found: /jobs/x');
  });
});
