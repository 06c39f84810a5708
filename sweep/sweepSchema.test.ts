import { describe, expect, it } from 'vitest';
import { committedUnderDocs, readRepoJson as read } from '../lib/committedFiles.testkit.js';
import { parseSweepFile, SWEEP_SCHEMA_VERSION, upgradeSweepV1toV2 } from './sweepSchema.js';

// Committed sweeps of version 1 (no schemaVersion): one from before cost and recovery cells (one window
// per interval, no re-run rule), one with them.
const OLDEST = 'docs/measurements/quick-2026-11-28-full/sweep.json';
const V1_WITH_CELLS = 'docs/measurements/quick-2026-12-02-cpu-line/run-4/sweep.json';

describe('sweep.json’s schema', () => {
  it('reads committed version-1 files through the upgrade, with the values they hold', () => {
    const oldest = parseSweepFile(read(OLDEST), OLDEST);
    expect(oldest.schemaVersion).toBe(2);
    // As written in that file on 2026-11-28: six intervals, one window per interval.
    expect(oldest.settings.intervalsMs).toEqual([1000, 2000, 5000, 10000, 30000]);
    expect(oldest.settings.warmupMs).toEqual({ off: 20000, '1s': 20000, '2s': 20000, '5s': 20000, '10s': 25000, '30s': 65000 });
    expect(oldest.settings.cells).toBeUndefined();
    expect(oldest.preparation?.calibrations?.hybrid?.rate).toBe(6886);
    const withCells = parseSweepFile(read(V1_WITH_CELLS), V1_WITH_CELLS);
    expect(withCells.settings.cells?.cost.durationMs['30s']).toBe(330000);
    expect(withCells.settings.rerunRule?.maxOtherCpuSecondsPerSec).toBe(0.5);
    expect(withCells.preparation?.calibrations?.hybrid?.rate).toBe(9481);
    expect(withCells.cells.filter((c) => c.kind === 'recovery')).toHaveLength(3);
  });

  it('reads every sweep.json committed under docs/', () => {
    const files = committedUnderDocs('sweep.json');
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) expect(parseSweepFile(read(f), f).schemaVersion).toBe(SWEEP_SCHEMA_VERSION);
  });

  it('upgrades version 1 to 2: the one calibration of the earliest files becomes their mode’s, and the version is written', () => {
    const v1 = read(OLDEST);
    expect(v1.schemaVersion).toBeUndefined();
    const v2 = upgradeSweepV1toV2(v1);
    // That file's calibration (2026-11-28): 0.6 × 11,476.6 events/s → 6,886, its workload hybrid.
    expect(v2.preparation).toEqual({
      storage: (v1.preparation as Record<string, unknown>).storage,
      calibrations: { hybrid: { fraction: 0.6, capacityEventsPerSec: 11476.625009491156, rate: 6886 } },
    });
    expect(v2).toEqual({ ...v1, schemaVersion: 2, preparation: v2.preparation });
    // A version-1 file that already has per-mode calibrations keeps them as they are.
    const later = read(V1_WITH_CELLS);
    expect(upgradeSweepV1toV2(later)).toEqual({ ...later, schemaVersion: 2 });
  });

  it('refuses a misspelt key and a wrong type, naming the path', () => {
    const doc = read(V1_WITH_CELLS);
    const settings = doc.settings as Record<string, unknown>;
    expect(() => parseSweepFile({ ...doc, settings: { ...settings, repeats: 2 } }, 'x/sweep.json')).toThrow(
      'x/sweep.json: settings.repeats: not a key of this schema.',
    );
    const cells = doc.cells as Record<string, unknown>[];
    expect(() => parseSweepFile({ ...doc, cells: [cells[0], { ...cells[1], status: 'done' }] }, 'x/sweep.json')).toThrow(
      /^x\/sweep\.json: cells\[1\]\.status: /,
    );
    expect(() => parseSweepFile({ ...doc, settings: { ...settings, repeat: '1' } }, 'x/sweep.json')).toThrow(
      /^x\/sweep\.json: settings\.repeat: .*expected number/,
    );
  });

  it('refuses a newer or unknown version and another schema, saying what it reads', () => {
    const doc = read(V1_WITH_CELLS);
    expect(() => parseSweepFile({ ...doc, schemaVersion: SWEEP_SCHEMA_VERSION + 1 }, 'x/sweep.json')).toThrow(
      'x/sweep.json has schemaVersion 3; this ckpt-lab reads versions 1 to 2 (a newer one needs a newer ckpt-lab).',
    );
    expect(() => parseSweepFile({ ...doc, schemaVersion: '2' }, 'x/sweep.json')).toThrow('has schemaVersion "2"');
    expect(() => parseSweepFile({ ...doc, schema: 'ckpt-lab/run@1' }, 'x/sweep.json')).toThrow(
      'has schema "ckpt-lab/run@1"; this ckpt-lab reads ckpt-lab/sweep@1.',
    );
  });
});
