import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeedScaleFile } from './seedScaleFile.js';

const file = {
  schema: 'ckpt-lab/seed-scale-prediction@1',
  schemaVersion: 1,
  createdAt: '2026-12-02T17:00:00.000Z',
  commit: 'abcdef0',
  sweep: { dir: 'd', sweepId: 's', configHash: 'h' },
  request: { stateMode: 'realistic', bidders: 3_000_000, rateEventsPerSec: 15_000, intervalsMs: [10_000, 60_000] },
  goals: { relative: 0.2, points: 3 },
  predictions: [
    {
      stateMode: 'realistic',
      bidders: 3_000_000,
      intervalMs: 60_000,
      checkpointDurationMs: { value: 1_000 },
      recovery: { catchUpMs: Infinity, recoveryMs: { value: Infinity } },
      measuredIntervalsMs: [5_000],
      measuredBidders: [30_000, 300_000],
      extrapolation: [],
    },
  ],
};
const written = (doc: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'seed-scale-')), 'seed-scale-prediction.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
};

describe('seed-scale-prediction.json', () => {
  it('reads back what JSON wrote, a catch-up that never ends (null in JSON) as Infinity', () => {
    const read = readSeedScaleFile(written(file));
    expect(read.predictions[0]!.recovery!.catchUpMs).toBe(Infinity);
    expect(read.predictions[0]!.recovery!.recoveryMs.value).toBe(Infinity);
  });

  it('refuses a misspelt key or a wrong type, naming its path, and a newer version', () => {
    const misspelt = { ...file, predictions: [{ ...file.predictions[0], checkpointDuration: { value: 1 } }] };
    expect(() => readSeedScaleFile(written(misspelt))).toThrow('predictions[0].checkpointDuration');
    expect(() => readSeedScaleFile(written({ ...file, request: { ...file.request, bidders: 'many' } }))).toThrow('request.bidders');
    expect(() => readSeedScaleFile(written({ ...file, schemaVersion: 2 }))).toThrow('schemaVersion 2');
  });
});
