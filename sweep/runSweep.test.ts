import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../lib/results.js';
import { planCells } from './plan.js';
import { runSweep, type CellRunner } from './runSweep.js';
import { parseSweepSettings } from './sweepArgs.js';
import type { SweepDocument } from './sweepDocument.js';
import { syntheticRunRecord } from './syntheticRun.fixture.js';

/** A runner that writes made-up run.json files and fails the cells it is told to. */
function fakeRunner(failing: Set<string> = new Set()): CellRunner & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    async run(cell, ctx) {
      ran.push(cell.id);
      if (failing.has(cell.id)) throw new Error(`cell ${cell.id} broke`);
      // The version a cluster's REST API reports lands in run.json; this one is no real release.
      return {
        runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', {
          ...syntheticRunRecord(cell.intervalMs, cell.repeat),
          versions: { flink: '1.18.1-as-reported', node: 'v20', project: '0.1.0' },
        }),
      };
    },
  };
}

describe('runSweep', () => {
  const settings = parseSweepSettings({ intervals: '2s,10s', repeat: '2', failures: '1' });
  const cells = planCells({ intervalsMs: settings.intervalsMs, repeat: settings.repeat, recovery: false, seed: 1 });

  it('writes sweep.json with every cell, the analysis and the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const lines: string[] = [];
    const out = await runSweep(settings, cells, fakeRunner(), { dir, log: (l) => lines.push(l) });
    const doc = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
    expect(doc.schema).toBe('ckpt-lab/sweep@1');
    expect(doc.cells.map((c) => c.status)).toEqual(Array(6).fill('complete'));
    expect(doc.aggregates!.baseline!.runs).toBe(2);
    expect(doc.aggregates!.intervals.map((a) => a.intervalMs)).toEqual([2_000, 10_000]);
    expect(doc.recommendation!.candidates).toHaveLength(2);
    expect(out.failedCells).toEqual([]);
    const env = JSON.parse(readFileSync(join(dir, 'environment.json'), 'utf8'));
    expect(env.configHash).toBe(doc.configHash);
    expect(env.versions.flink).toBe('1.18.1-as-reported');
    expect(lines.some((l) => /^\[sweep [1-6]\/6\] cost cell, interval 10s, repeat 1 — elapsed .*, ETA \d+m\d\ds$/.test(l))).toBe(true);
  });

  it('resumes: a re-run with the same --out runs only the cells not finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const first = fakeRunner(new Set(['10s-cost-r2']));
    const out1 = await runSweep(settings, cells, first, { dir, log: () => {} });
    expect(first.ran).toHaveLength(6);
    expect(out1.failedCells.map((c) => c.id)).toEqual(['10s-cost-r2']);
    const second = fakeRunner();
    const out2 = await runSweep(settings, cells, second, { dir, log: () => {} });
    expect(second.ran).toEqual(['10s-cost-r2']);
    expect(out2.doc.cells.every((c) => c.status === 'complete')).toBe(true);
    // The retry is listed, with the error that caused it.
    expect(out2.doc.reruns).toEqual([expect.objectContaining({ cellId: '10s-cost-r2', reason: 'error: cell 10s-cost-r2 broke' })]);
  });

  it('refuses to resume a sweep made with other settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    await runSweep(settings, cells, fakeRunner(), { dir, log: () => {} });
    const other = parseSweepSettings({ intervals: '2s,30s', repeat: '2', failures: '1' });
    const runner = fakeRunner();
    await expect(
      runSweep(other, planCells({ intervalsMs: other.intervalsMs, repeat: 2, recovery: false, seed: 1 }), runner, { dir, log: () => {} }),
    ).rejects.toThrow(/holds a sweep with other settings/);
    expect(runner.ran).toEqual([]);
  });

  it('with several state modes analyses each mode against its own baseline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const two = parseSweepSettings({
      intervals: '2s,10s',
      repeat: '2',
      failures: '1',
      'state-mode': 'hybrid,realistic',
      bidders: 'hybrid=20000,realistic=50000',
    });
    const lines: string[] = [];
    // realistic runs at twice hybrid's capacity here, so a mix-up of the modes shows.
    const runner: CellRunner = {
      run: async (cell, ctx) => ({
        runJson: writeJsonAtomic(
          join(ctx.runsDir, cell.id),
          'run.json',
          syntheticRunRecord(cell.intervalMs, cell.repeat, { capacityScale: cell.stateMode === 'realistic' ? 2 : 1 }),
        ),
      }),
    };
    const out = await runSweep(
      two,
      planCells({ intervalsMs: two.intervalsMs, repeat: two.repeat, stateModes: two.stateModes, recovery: false, seed: 1 }),
      runner,
      { dir, log: (l) => lines.push(l) },
    );
    const doc = out.doc;
    expect(doc.cells).toHaveLength(12);
    expect(doc.aggregates).toBeUndefined();
    expect(doc.modes!.map((m) => [m.stateMode, m.bidders])).toEqual([
      ['hybrid', 20_000],
      ['realistic', 50_000],
    ]);
    for (const m of doc.modes!) {
      expect(m.aggregates.baseline!.runs).toBe(2);
      expect(m.aggregates.intervals.map((a) => [a.intervalMs, a.runs])).toEqual([
        [2_000, 2],
        [10_000, 2],
      ]);
      expect(m.recommendation.candidates.map((c) => c.intervalMs)).toEqual([2_000, 10_000]);
    }
    const baseCapacity = (mode: string) => doc.modes!.find((m) => m.stateMode === mode)!.aggregates.baseline!.figures.capacityEventsPerSec.median!;
    expect(baseCapacity('realistic') / baseCapacity('hybrid')).toBeCloseTo(2, 6);
    // Capacity loss is against the mode's own baseline: the same for both modes here.
    const loss = (mode: string) => doc.modes!.find((m) => m.stateMode === mode)!.aggregates.intervals[0]!.overhead!.capacityLossPct.median!;
    expect(loss('realistic')).toBeCloseTo(loss('hybrid'), 6);
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')).settings.stateModes).toEqual(['hybrid', 'realistic']);
    expect(lines.some((l) => /^\[sweep \d+\/12\] realistic, cost cell, interval off, repeat 1/.test(l))).toBe(true);
  });

  it('re-runs a disturbed cost cell once by the rule recorded before it started, keeping and listing the first run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const ran: string[] = [];
    // The first run of 10s-cost-r1 saw 0.9 CPU-s/s of other processes (the rule allows 0.5); its re-run 0.1.
    const runner: CellRunner = {
      run: async (cell, ctx) => {
        ran.push(cell.id);
        const synthetic = syntheticRunRecord(cell.intervalMs, cell.repeat);
        const other = cell.id === '10s-cost-r1' && ran.filter((id) => id === cell.id).length === 1 ? 0.9 : 0.1;
        const run = {
          ...synthetic,
          config: { ...synthetic.config, cell: 'cost' },
          summary: {
            ...synthetic.summary,
            cost: {
              cpuSource: 'proc',
              window: { startMs: 0, endMs: 1 },
              cycles: [],
              checkpointsCompleted: 0,
              checkpointsFailed: 0,
              health: { otherCpuSecondsPerSec: other },
            },
          },
        };
        return { runJson: writeJsonAtomic(join(ctx.runsDir, `${cell.id}-${ran.length}`), 'run.json', run) };
      },
    };
    const out = await runSweep(settings, cells, runner, { dir, log: () => {} });
    expect(ran.filter((id) => id === '10s-cost-r1')).toHaveLength(2);
    expect(ran).toHaveLength(7);
    expect(out.doc.reruns).toEqual([
      expect.objectContaining({ cellId: '10s-cost-r1', reason: 'disturbed: processes outside the cluster used 0.90 CPU-s/s (rule: at most 0.5)' }),
    ]);
    expect(out.doc.reruns![0]!.firstRunJson).toMatch(/10s-cost-r1-\d\/run\.json$/);
    expect((out.doc.settings.rerunRule as { text: string }).text).toContain('re-run once');
  });
});
