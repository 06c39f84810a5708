import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { renderAdviceHtml } from '../report/adviceHtml.js';
import { adviseFrom } from './advice.js';
import { adviceDocument, parseAdviceFile } from './adviceFile.js';
import { FULL } from './adviceInputs.fixture.js';
import type { JobObservation } from './jobObservation.js';

const OBSERVED: JobObservation = {
  restUrl: 'http://flink:8081',
  jobId: 'a1b2c3',
  jobName: 'bids',
  flinkVersion: '1.18.1',
  startedAtMs: 1_700_000_000_000,
  endedAtMs: 1_700_000_300_000,
  checkpointIntervalMs: 10_000,
  config: {},
  taskManagers: 2,
  ticks: [],
  cpu: [],
  checkpoints: [],
};
const LIMITS = { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5, mtbfMs: 86_400_000 };

describe('advice.json and advice.html', () => {
  const doc = adviceDocument(adviseFrom(FULL, LIMITS), OBSERVED, 'observation.json', 1234, new Date('2026-12-02T12:00:00Z'));

  it('writes a versioned document its own schema reads back, a never-ending recovery as null', () => {
    expect(doc).toMatchObject({ schema: 'ckpt-lab/advice@1', schemaVersion: 1, job: { id: 'a1b2c3', name: 'bids' }, observation: { reads: 1234 } });
    expect(parseAdviceFile(JSON.parse(JSON.stringify(doc)), 'advice.json')).toEqual(doc);
    // At 1 s the loss is 100 × 1.0 / 1.1 = 90.9 %: μ(1 s) = 500/s < λ, so the backlog never drains.
    const oneSecond = doc.intervals.find((e) => e.intervalMs === 1_000)!;
    expect(oneSecond.catchUpMs).toBeNull();
    expect(oneSecond.recoveryMs.value).toBeNull();
    // Judged like a sweep's cell that never caught up: missed, whatever the limit.
    const judged = adviseFrom(FULL, { ...LIMITS, maxRecoveryMs: 1e12 }).recommendation.candidates.find((c) => c.intervalMs === 1_000)!;
    expect(judged.checks.find((k) => k.limit === 'recovery')).toMatchObject({ status: 'missed', notCaughtUp: true, judgedBy: 'model' });
    expect(doc.inputs.detectionMs).toMatchObject({ value: 1_000, provenance: 'observed' });
  });

  it('refuses a misspelt key, a wrong type and a newer version, naming where', () => {
    const copy = () => JSON.parse(JSON.stringify(doc)) as Record<string, unknown> & { inputs: Record<string, unknown>; intervals: Record<string, unknown>[] };
    const misspelt = copy();
    misspelt.inputs.inputrate = misspelt.inputs.inputRate;
    expect(() => parseAdviceFile(misspelt, 'a.json')).toThrow('a.json: inputs.inputrate: not a key of this schema.');
    const wrong = copy();
    wrong.intervals[2]!.intervalMs = '5s';
    expect(() => parseAdviceFile(wrong, 'a.json')).toThrow(/^a\.json: intervals\[2\]\.intervalMs: /);
    expect(() => parseAdviceFile({ ...copy(), schemaVersion: 2 }, 'a.json')).toThrow('a.json has schemaVersion 2; this ckpt-lab reads versions 1 to 1');
  });

  it('shows the answer, the cost-per-hour chart with the current interval and T* marked, and each input’s provenance', () => {
    const html = parse(renderAdviceHtml(doc));
    expect(html.querySelector('#recommendation')!.text).toBe('Run bids with a checkpoint interval of 5m (now 10s).');
    const chart = html.querySelector('#chart-advice-cost')!;
    expect(chart.text).toContain('Expected cost per hour, one failure per 24h');
    expect(chart.text).toContain('current 10s');
    expect(chart.text).toMatch(/T\* 14\.0 min/);
    expect(chart.text).toContain('recommended 5m');
    expect(html.querySelectorAll('#inputs tr[data-provenance="observed"]').length).toBe(12);
    expect(html.querySelector('#estimates tr[data-interval-ms="1000"]')!.text).toContain('never');
    expect(html.querySelector('#estimates tr[data-interval-ms="300000"] td:nth-child(2)')!.text).toBe('✓');
  });
});
