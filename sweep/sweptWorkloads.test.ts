import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../lib/results.js';
import { writeReport } from '../report/writeReport.js';
import { renderStudyWriteup } from '../report/studyWriteup.js';
import { loadSweep } from './loadSweep.js';
import { planCells } from './plan.js';
import { runSweep, type CellRunner } from './runSweep.js';
import { parseSweepSettings } from './sweepArgs.js';
import type { SweepDocument } from './sweepDocument.js';
import { calibrationKey, cellKeyPrefix, stateOfCell, sweptStates, workloadLabel } from './sweptWorkloads.js';
import { syntheticRunRecord } from './syntheticRun.fixture.js';

describe('the dimensions a sweep varies', () => {
  it('names a state by what varies, and keys calibrations as sweeps before sizes did', () => {
    const modes = parseSweepSettings({ 'state-mode': 'hybrid,realistic', bidders: 'hybrid=20000,realistic=200000' });
    expect(sweptStates(modes).map((s) => [s.key, s.bidders])).toEqual([
      ['hybrid', 20_000],
      ['realistic', 200_000],
    ]);
    expect(calibrationKey(modes, sweptStates(modes)[1]!)).toBe('realistic');
    const sizes = parseSweepSettings({ 'state-mode': 'hybrid,realistic', bidders: '5000,20000' });
    expect(sweptStates(sizes).map((s) => s.key)).toEqual(['hybrid-5000b', 'hybrid-20000b', 'realistic-5000b', 'realistic-20000b']);
    expect(calibrationKey(sizes, { stateMode: 'hybrid', bidders: 20_000 })).toBe('hybrid-20000b');
    expect(cellKeyPrefix({ bidders: 20_000, checkpointType: 'incremental' })).toBe('20000b-incremental');
    expect(cellKeyPrefix({})).toBe('');
    expect(() => stateOfCell(sizes, { stateMode: 'hybrid', bidders: 7_000 })).toThrow('A cell of hybrid at 7000 bidders is not part of this sweep.');
    expect(workloadLabel({ stateMode: 'hybrid', bidders: 20_000, checkpointType: 'full' })).toBe('hybrid (20,000 bidders, full)');
  });
});

describe('a sweep over two sizes and both checkpoint types (made-up runs)', () => {
  // Bytes per checkpoint: the fixture's (5 MB + 1 MB·T[s]) × 1.02 in repeat 1, × bidders/5,000, and half that for incremental.
  const runner: CellRunner = {
    async run(cell, ctx) {
      const scale = (cell.bidders ?? 5_000) / 5_000 / (cell.checkpointType === 'incremental' ? 2 : 1);
      return { runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', syntheticRunRecord(cell.intervalMs, cell.repeat, { bytesScale: scale })) };
    },
  };
  const settings = parseSweepSettings({ intervals: '2s,10s', bidders: '5000,20000', 'checkpoint-type': 'full,incremental', failures: '1' });

  it('analyses each size and type against its own size’s baseline, and reports the size × type × interval table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-dims-'));
    const cells = planCells({ ...settings, recovery: true, seed: 3 });
    // Per size: a baseline, and a cost and a recovery cell per type and interval.
    expect(cells).toHaveLength(2 * (1 + 2 * 2 * 2));
    await runSweep(settings, cells, runner, { dir, log: () => {} });
    const doc = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
    expect(doc.settings.sizes).toEqual([5_000, 20_000]);
    expect(doc.cells.find((c) => c.id === '20000b-incremental-10s-cost-r1')).toMatchObject({
      bidders: 20_000,
      checkpointType: 'incremental',
      status: 'complete',
    });
    expect(doc.modes!.map((m) => `${m.bidders}/${m.checkpointType}`)).toEqual(['5000/full', '5000/incremental', '20000/full', '20000/incremental']);
    for (const m of doc.modes!) expect([m.aggregates.baseline!.runs, m.aggregates.intervals.map((a) => a.runs)]).toEqual([1, [2, 2]]);
    // 20,000 bidders, incremental, 10 s: (5 + 10) MB × 1.02 × 4 ÷ 2 = 30.6 MB; full: 61.2 MB.
    const at = (b: number, t: string) => doc.modes!.find((m) => m.bidders === b && m.checkpointType === t)!.aggregates.intervals[1]!;
    expect(at(20_000, 'incremental').figures.checkpointedBytes.median).toBeCloseTo(30.6e6, -3);
    expect(at(20_000, 'full').figures.checkpointedBytes.median).toBeCloseTo(61.2e6, -3);
    expect(doc.sizeModels!.map((m) => [m.checkpointType, m.laws.checkpointedBytes.shape])).toEqual([
      ['full', 'two sizes'],
      ['incremental', 'two sizes'],
    ]);
    expect(doc.checkpointTypes!.map((c) => [c.bidders, c.crossover])).toEqual([
      [5_000, 'incremental fewer at every interval'],
      [20_000, 'incremental fewer at every interval'],
    ]);
    const md = readFileSync(writeReport(dir).markdown, 'utf8');
    expect(md).toContain('## State size × checkpoint type × interval');
    // Nominal state: 20,000 × (0.8 × 1,024 + 0.2 × 51,200) bytes = 221.2 MB.
    expect(md).toContain('| hybrid | 20,000 | 221 MB | incremental | 10s | 30.6 MB |');
    expect(md).toContain('hybrid, 20,000 bidders: incremental checkpoints uploaded fewer bytes than full ones at every interval measured (2s, 10s)');
    expect(md).toContain('## State size model — hybrid, full checkpoints');
    // The study's write-up of the same sweep has the section, its tables one level down, and a conclusion per size and type.
    const study = renderStudyWriteup({ sweep: loadSweep(dir), charts: [] });
    expect(study).toContain('## State size and checkpoint type');
    expect(study).toContain('### Full against incremental checkpoints');
    expect(study).toMatch(/- \*\*hybrid 20,000 bidders incremental\*\*: /);
  });
});
