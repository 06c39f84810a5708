import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../lib/results.js';
import { planCells } from '../sweep/plan.js';
import { runSweep } from '../sweep/runSweep.js';
import { parseSweepSettings } from '../sweep/sweepArgs.js';
import type { SweepDocument } from '../sweep/sweepDocument.js';
import { syntheticRunRecord } from '../sweep/syntheticRun.fixture.js';
import { writeStudy } from './writeStudy.js';

describe('the study write-up from a synthetic three-mode sweep', () => {
  let sweepDir: string;
  let outDir: string;
  let sweep: SweepDocument;
  let text: string;

  beforeAll(async () => {
    sweepDir = mkdtempSync(join(tmpdir(), 'study-sweep-'));
    outDir = join(mkdtempSync(join(tmpdir(), 'study-out-')), 'study');
    const settings = parseSweepSettings({ profile: 'study', intervals: '1s,5s,30s' });
    const scales: Record<string, { capacityScale?: number; bytesScale?: number }> = {
      bigstate: { capacityScale: 0.5, bytesScale: 8 },
      realistic: { capacityScale: 1.5 },
      hybrid: {},
    };
    await runSweep(
      settings,
      planCells({ intervalsMs: settings.intervalsMs, repeat: settings.repeat, stateModes: settings.stateModes, recovery: false, seed: 1 }),
      {
        run: async (cell, ctx) => ({
          runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', syntheticRunRecord(cell.intervalMs, cell.repeat, scales[cell.stateMode!])),
        }),
      },
      { dir: sweepDir, log: () => {} },
    );
    writeStudy(sweepDir, outDir);
    sweep = JSON.parse(readFileSync(join(sweepDir, 'sweep.json'), 'utf8')) as SweepDocument;
    text = readFileSync(join(outDir, 'README.md'), 'utf8');
  });

  it('has every section, a results table and an analysis per mode', () => {
    for (const h of ['## Conditions', '## Results per state mode', '## Analysis', '## Conclusion']) expect(text).toContain(h);
    for (const mode of ['bigstate', 'realistic', 'hybrid']) {
      expect(text).toContain(`### ${mode} (`);
      expect(text).toMatch(new RegExp(`\\n### ${mode}\\n`));
      expect(text).toMatch(new RegExp(`- \\*\\*${mode}\\*\\*: run with \\*\\*`));
    }
    expect(text).toContain("The seed's cluster");
  });

  it('quotes the numbers of sweep.json', () => {
    for (const m of sweep.modes!) {
      const section = text.slice(text.indexOf(`### ${m.stateMode} (`), text.indexOf('\n### ', text.indexOf(`### ${m.stateMode} (`) + 5));
      const capOff = Math.round(m.aggregates.baseline!.figures.capacityEventsPerSec.median!).toLocaleString('en-US');
      expect(section).toContain(`| off | ${capOff}`);
      for (const a of m.aggregates.intervals) {
        const row = section.split('\n').find((l) => l.startsWith(`| ${a.intervalMs / 1000}s |`))!;
        expect(row, `${m.stateMode} ${a.intervalMs}`).toBeDefined();
        expect(row).toContain(`${a.overhead!.capacityLossPct.median!.toFixed(1)} %`);
        expect(row).toContain(`${(a.figures.recoveryMs.median! / 1000).toFixed(1)} s`);
      }
      // Worked by hand from the synthetic runs (sweep/syntheticRun.fixture.ts), the same in every mode (the
      // mode's scale multiplies the baseline and the cells alike): repeats 1 and 2 carry jitter 1.02 and 1.04,
      // so at 5 s the probe loss is 1 − (1 − (0.5 + 8/5) %)·jitter ÷ 1.03 per repeat, whose median is
      // 2.1 %: checkpointing costs 2.1 % × 3,600 s = 75.6 s an hour. Recovery is 15 + 2 + 2 s plus a catch-up
      // of 8 s × jitter: median 27.24 s, once a day = 27.24 s ÷ 24 = 1.135 s an hour.
      const analysis = text.slice(text.indexOf(`\n### ${m.stateMode}\n`));
      expect(analysis).toMatch(/\| 5s \| 75\.6 s \| 1\.1[34] s \|/);
      expect(analysis).toContain(`${m.model.accuracy.recovery.accuracy!.toFixed(2)} over ${m.model.accuracy.recovery.points.length} intervals`);
    }
    const cal = sweep.preparation?.calibrations;
    expect(cal).toBeUndefined(); // the synthetic sweep calibrated nothing: the rate line says auto
  });

  it('answers for one failure a day with the interval the data imply', () => {
    // Synthetic capacity loss is 0.5 % + 8 %·s/T (C = 80 ms), so 1s misses the 5 % limit and 5s and 30s
    // meet every limit; T* = √(2·C·24 h·(μ − λ)/λ) is 117–250 s for every mode here, nearest to 30s.
    for (const mode of ['bigstate', 'realistic', 'hybrid'])
      expect(text).toContain(`- **${mode}**: run with **30s** — the feasible interval nearest the optimum`);
  });

  it('writes standalone SVG charts with a line per mode, and the sweep beside it', () => {
    const charts = [...text.matchAll(/!\[[^\]]*\]\((charts\/[a-z-]+\.svg)\)/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(7);
    for (const c of charts) {
      const svg = readFileSync(join(outDir, c), 'utf8');
      expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      for (const mode of ['bigstate', 'realistic', 'hybrid']) expect(svg).toContain(mode);
    }
    expect(JSON.parse(readFileSync(join(outDir, 'sweep.json'), 'utf8')).configHash).toBe(sweep.configHash);
    expect(existsSync(join(outDir, 'environment.json'))).toBe(true);
  });
});
