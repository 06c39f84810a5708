import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { parse as parseStrictly } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDurationMs } from '../lib/duration.js';
import { writeJsonAtomic } from '../lib/results.js';
import { planCells } from '../sweep/plan.js';
import { runSweep } from '../sweep/runSweep.js';
import { parseSweepSettings } from '../sweep/sweepArgs.js';
import type { SweepDocument } from '../sweep/sweepDocument.js';
import { syntheticRunRecord } from '../sweep/syntheticRun.fixture.js';
import { COLUMNS } from './table.js';
import { writeReport } from './writeReport.js';

describe('the report', () => {
  let dir: string;
  let sweep: SweepDocument;
  let html: ReturnType<typeof parse>;
  let markdown: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-'));
    const settings = parseSweepSettings({ intervals: '1s,5s,30s', repeat: '3', failures: '1' });
    await runSweep(
      settings,
      planCells({ intervalsMs: settings.intervalsMs, repeat: 3, recovery: false, seed: 1 }),
      {
        run: async (cell, ctx) => ({ runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', syntheticRunRecord(cell.intervalMs, cell.repeat)) }),
      },
      { dir, log: () => {} },
    );
    const out = writeReport(dir);
    sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
    const text = readFileSync(out.html, 'utf8');
    html = parse(text);
    // The HTML5 parser reports every error it recovers from; a valid page has none.
    const errors: string[] = [];
    parseStrictly(text, { onParseError: (e) => errors.push(`${e.code} at line ${e.startLine}`) });
    expect(errors).toEqual([]);
    markdown = readFileSync(out.markdown, 'utf8');
  });

  it('is a self-contained HTML page: no scripts, styles or images from elsewhere', () => {
    const text = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect(html.querySelectorAll('script[src], link[rel=stylesheet], img[src^=http]')).toHaveLength(0);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('has every chart as inline SVG with the measured series drawn', () => {
    const ids = html.querySelectorAll('figure[data-chart]').map((f) => f.getAttribute('data-chart'));
    expect(ids).toEqual(['capacity', 'capacity-loss', 'latency', 'checkpoint-duration', 'checkpoint-size', 'recovery', 'replay']);
    for (const f of html.querySelectorAll('figure[data-chart]')) {
      const svg = f.querySelector('svg');
      expect(svg, f.getAttribute('data-chart')).not.toBeNull();
      expect(svg!.querySelectorAll('path').length).toBeGreaterThan(5);
      // The x axis is the interval: the swept values appear as tick labels on its log scale.
      expect(svg!.textContent).toContain('checkpoint interval (s)');
    }
  });

  it('draws capacity loss in % of the baseline with zero on the axis', () => {
    const svg = html.querySelector('figure[data-chart="capacity-loss"] svg')!;
    const labels = svg.querySelectorAll('text').map((t) => t.text.trim());
    expect(labels).toContain('0');
    expect(svg.textContent).toContain('% of μ(off)');
    // The capacity chart starts at zero too: a 1 % difference must not fill the plot.
    expect(
      html
        .querySelector('figure[data-chart="capacity"] svg')!
        .querySelectorAll('text')
        .map((t) => t.text.trim()),
    ).toContain('0');
  });

  it('says under a chart when its differences are within the noise, and only then', () => {
    // The synthetic p99 falls from 420 ms (1 s) to 120 ms (30 s): far outside a 1 % band; no caption.
    expect(html.querySelector('figure[data-chart="latency"] figcaption')).toBeNull();
    const flatDir = mkdtempSync(join(tmpdir(), 'report-flat-'));
    return (async () => {
      const settings = parseSweepSettings({ intervals: '10s,12s', repeat: '1', failures: '1' });
      await runSweep(
        settings,
        planCells({ intervalsMs: settings.intervalsMs, repeat: 1, recovery: false, seed: 1 }),
        {
          run: async (cell, ctx) => ({ runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', syntheticRunRecord(cell.intervalMs, 1)) }),
        },
        { dir: flatDir, log: () => {} },
      );
      const flat = parse(readFileSync(writeReport(flatDir).html, 'utf8'));
      expect(flat.querySelector('figure[data-chart="capacity"] figcaption')?.text).toContain('within the noise');
    })();
  });

  it('draws the expected cost per hour with T* marked when an MTBF is given', () => {
    const out = writeReport(dir, { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5, mtbfMs: 3_600_000 });
    const page = parse(readFileSync(out.html, 'utf8'));
    const cost = page.querySelector('figure[data-chart="cost"] svg');
    expect(cost).not.toBeNull();
    expect(cost!.textContent).toMatch(/T\* \d+(\.\d)? (ms|s|min)/);
    writeReport(dir);
  });

  it('shows the same numbers in its table as sweep.json', () => {
    const rows = html.querySelectorAll('#figures tbody tr');
    const all = [sweep.aggregates!.baseline!, ...sweep.aggregates!.intervals];
    expect(rows.map((r) => Number(r.getAttribute('data-interval-ms')))).toEqual(all.map((a) => a.intervalMs));
    let compared = 0;
    for (const [i, row] of rows.entries()) {
      for (const col of COLUMNS) {
        const cell = row.querySelector(`td[data-column="${col.key}"]`)!;
        const e = col.pick(all[i]!);
        // Columns whose interval is around the mean (the CPU price's Welch interval) show the mean.
        const expected = col.centre === 'mean' ? (e?.mean ?? e?.median) : e?.median;
        if (expected === undefined) {
          expect(cell.text).toBe('–');
          continue;
        }
        expect(Number(cell.getAttribute('data-value'))).toBe(expected);
        expect(cell.text.replace(/^mean /, '').startsWith(col.format(expected))).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('states the recommendation of sweep.json, in HTML and Markdown', () => {
    const r = sweep.recommendation!;
    const expected =
      r.recommendedMs !== undefined ? `Recommended checkpoint interval: ${formatDurationMs(r.recommendedMs)}` : 'No measured interval meets every limit';
    expect(html.querySelector('#recommendation')!.text).toBe(expected);
    expect(markdown).toContain(`**${expected}**`);
    expect(markdown).toContain('| off (baseline) | 3 | 0 | yes |');
    expect(markdown).toMatch(/## Method/);
  });
});

describe('the report of a sweep over several state modes', () => {
  let sweep: SweepDocument;
  let html: ReturnType<typeof parse>;
  let markdown: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-modes-'));
    const settings = parseSweepSettings({
      intervals: '1s,5s,30s',
      repeat: '2',
      failures: '1',
      'state-mode': 'bigstate,hybrid',
      bidders: 'bigstate=2000,hybrid=20000',
    });
    // bigstate: half the capacity and eight times the bytes per checkpoint of hybrid.
    const scales = { bigstate: { capacityScale: 0.5, bytesScale: 8 }, hybrid: {} } as Record<string, { capacityScale?: number; bytesScale?: number }>;
    await runSweep(
      settings,
      planCells({ intervalsMs: settings.intervalsMs, repeat: 2, stateModes: settings.stateModes, recovery: false, seed: 1 }),
      {
        run: async (cell, ctx) => ({
          runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', syntheticRunRecord(cell.intervalMs, cell.repeat, scales[cell.stateMode!])),
        }),
      },
      { dir, log: () => {} },
    );
    const out = writeReport(dir);
    sweep = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
    const text = readFileSync(out.html, 'utf8');
    const errors: string[] = [];
    parseStrictly(text, { onParseError: (e) => errors.push(`${e.code} at line ${e.startLine}`) });
    expect(errors).toEqual([]);
    html = parse(text);
    markdown = readFileSync(out.markdown, 'utf8');
  });

  it('draws each figure as one chart with a line per mode', () => {
    const ids = html.querySelectorAll('figure[data-chart]').map((f) => f.getAttribute('data-chart'));
    expect(ids).toEqual([
      'modes-capacity',
      'modes-capacity-loss',
      'modes-latency',
      'modes-checkpoint-duration',
      'modes-checkpoint-size',
      'modes-recovery',
      'modes-replay',
    ]);
    for (const f of html.querySelectorAll('figure[data-chart]')) {
      const text = f.querySelector('svg')!.textContent;
      expect(text, f.getAttribute('data-chart')).toContain('bigstate (2,000 bidders)');
      expect(text, f.getAttribute('data-chart')).toContain('hybrid (20,000 bidders)');
    }
    // The bytes chart's axis reaches bigstate's eight-fold checkpoints (hybrid's largest: 35 MB × 1.04).
    const ticks = html
      .querySelector('figure[data-chart="modes-checkpoint-size"] svg')!
      .querySelectorAll('text')
      .map((t) => Number(t.text.replace(/,/g, '')))
      .filter(Number.isFinite);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(8 * 35);
  });

  it('tables the recommendation per mode with its binding limit, as sweep.json has them', () => {
    const rows = html.querySelectorAll('#modes tbody tr');
    expect(rows.map((r) => r.getAttribute('data-state-mode'))).toEqual(['bigstate', 'hybrid']);
    for (const [i, m] of sweep.modes!.entries()) {
      const cells = rows[i]!.querySelectorAll('td').map((c) => c.text);
      const r = m.recommendation;
      expect(cells[6]).toBe(r.recommendedMs !== undefined ? formatDurationMs(r.recommendedMs) : 'none meets every limit');
      if (r.binding) expect(cells[8]).toBe(r.binding);
      expect(cells[2]).toBe('full');
      expect(Number(cells[5]!.replace(/,/g, ''))).toBe(Math.round(m.aggregates.baseline!.figures.capacityEventsPerSec.median!));
      expect(markdown).toContain(`| ${cells.join(' | ')} |`);
    }
    expect(html.querySelector('#recommendation')!.text).toMatch(/^Recommended checkpoint interval per state mode: bigstate .* · hybrid /);
  });

  it('gives each mode its own figures table, equal to that mode in sweep.json', () => {
    for (const m of sweep.modes!) {
      const rows = html.querySelectorAll(`#figures-${m.stateMode} tbody tr`);
      const all = [m.aggregates.baseline!, ...m.aggregates.intervals];
      expect(rows.map((r) => Number(r.getAttribute('data-interval-ms')))).toEqual(all.map((a) => a.intervalMs));
      const capacity = COLUMNS.find((c) => c.key === 'capacityEventsPerSec')!;
      for (const [i, row] of rows.entries()) {
        expect(Number(row.querySelector('td[data-column="capacityEventsPerSec"]')!.getAttribute('data-value'))).toBe(capacity.pick(all[i]!)!.median);
      }
    }
    expect(markdown).toContain('## bigstate (2,000 bidders)');
    expect(markdown).toContain('## hybrid (20,000 bidders)');
  });
});
