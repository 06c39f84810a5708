import { describe, expect, it } from 'vitest';
import { committedUnderDocs, readRepoJson as read } from '../../lib/committedFiles.testkit.js';
import { parseRunFile, RUN_SCHEMA_VERSION, upgradeRunV1toV2 } from './runFileSchema.js';

// A run of 2026-11-28, before runs said whether their checkpoints were full or incremental: the job
// ran --incremental false on a cluster whose default was incremental (the "two answers" of one setting).
const OLD = 'docs/measurements/quick-2026-11-28-full/runs/2026-11-28T18-10-14Z-interval-off/run.json';
// A 5 s run of the same sweep, with checkpoints.
const AT_5S = 'docs/measurements/quick-2026-11-28-full/runs/2026-11-28T18-15-59Z-interval-5s-tm-kill/run.json';

describe('run.json’s schema', () => {
  it('reads every run.json committed under docs/ through the upgrade', () => {
    const files = committedUnderDocs('run.json');
    expect(files.length).toBeGreaterThanOrEqual(50);
    for (const f of files) expect(parseRunFile(read(f), f).schemaVersion).toBe(RUN_SCHEMA_VERSION);
  });

  it('upgrades version 1 to 2 with the checkpoint type the job ran, not the cluster’s default', () => {
    const v1 = read(OLD);
    expect((v1.config as Record<string, unknown>).checkpointType).toBeUndefined();
    const v2 = upgradeRunV1toV2(v1);
    expect((v2.config as Record<string, unknown>).checkpointType).toEqual({ type: 'full', from: 'job' });
    expect(v2).toEqual({ ...v1, schemaVersion: 2, config: { ...(v1.config as object), checkpointType: { type: 'full', from: 'job' } } });
    expect(parseRunFile(v1, OLD).config.checkpointType).toEqual({ type: 'full', from: 'job' });
  });

  it('refuses a misspelt key, a wrong type and a newer version, naming the path', () => {
    const doc = read(OLD);
    const config = doc.config as Record<string, unknown>;
    expect(() => parseRunFile({ ...doc, config: { ...config, intervalMs: 5000 } }, 'r.json')).toThrow('r.json: config.intervalMs: not a key of this schema.');
    expect(() => parseRunFile({ ...doc, status: 'done' }, 'r.json')).toThrow(/^r\.json: status: /);
    expect(() => parseRunFile({ ...doc, config: { ...config, sampleMs: '2s' } }, 'r.json')).toThrow(/^r\.json: config\.sampleMs: .*expected number/);
    expect(() => parseRunFile({ ...doc, schemaVersion: 9 }, 'r.json')).toThrow('r.json has schemaVersion 9; this ckpt-lab reads versions 1 to 2');
    expect(() => parseRunFile([], 'r.json')).toThrow('r.json is not a run.json: not a JSON object.');
  });

  it('checks the series and the summary too: a misspelt key or a wrong type deep inside is refused by its path', () => {
    const doc = read(AT_5S);
    const checkpoints = doc.checkpoints as Record<string, unknown>[];
    const samples = doc.samples as Record<string, unknown>[];
    const summary = doc.summary as Record<string, unknown>;
    const withCheckpoint = (c: Record<string, unknown>) => ({ ...doc, checkpoints: [checkpoints[0], c] });
    expect(() => parseRunFile(withCheckpoint({ ...checkpoints[1], stateSize: 1 }), 'r.json')).toThrow(
      'r.json: checkpoints[1].stateSize: not a key of this schema.',
    );
    expect(() => parseRunFile(withCheckpoint({ ...checkpoints[1], status: 'DONE' }), 'r.json')).toThrow(/^r\.json: checkpoints\[1\]\.status: /);
    expect(() => parseRunFile({ ...doc, samples: [{ ...samples[0], sourceLagMs: '3 ms' }] }, 'r.json')).toThrow(
      /^r\.json: samples\[0\]\.sourceLagMs: .*expected number/,
    );
    const latency = summary.latencyMs as Record<string, unknown>;
    expect(() => parseRunFile({ ...doc, summary: { ...summary, latencyMs: { ...latency, p999: 1 } } }, 'r.json')).toThrow(
      'r.json: summary.latencyMs.p999: not a key of this schema.',
    );
    expect(() => parseRunFile({ ...doc, summary: { ...summary, window: undefined } }, 'r.json')).toThrow(/^r\.json: summary\.window: /);
  });

  it('reads a figure JSON wrote as null (not measured) as missing', () => {
    const doc = read(AT_5S);
    const checkpoints = doc.checkpoints as Record<string, unknown>[];
    const parsed = parseRunFile({ ...doc, checkpoints: [{ ...checkpoints[0], syncMs: null }] }, 'r.json');
    expect(parsed.checkpoints[0]!.syncMs).toBeUndefined();
    expect(parsed.checkpoints[0]!.durationMs).toBe(checkpoints[0]!.durationMs);
  });
});
