/** A real short sweep on local clusters through the CLI: two state modes × (2 intervals + the baseline), 1 repeat, 1 failure each. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import type { SweepDocument } from './sweepDocument.js';
import type { RunRecord } from '../analysis/runFigures.js';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('node', [join(REPO_ROOT, 'bin/ckpt-lab.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

// Two modes, small states: each mode has its own baseline, prefilled state, calibrated rate and analysis.
const MODES = ['hybrid', 'realistic'] as const;
const BIDDERS = { hybrid: 20_000, realistic: 30_000 };

describe('ckpt-lab sweep on the embedded default', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'ckpt-sweep-')), 'sweep');
  // Limits every healthy cell meets, so the answer is known: both intervals feasible, no --mtbf → the
  // longest feasible one (10s). A failed verification, an unknown figure or no catch-up would change it.
  const LIMITS = ['--max-overhead', '100%', '--max-recovery', '10m', '--max-p99', '10m'];
  const SWEEP = [
    'sweep',
    '--intervals',
    '2s,10s',
    '--repeat',
    '1',
    '--failures',
    '1',
    '--state-mode',
    MODES.join(','),
    '--bidders',
    'hybrid=20000,realistic=30000',
    ...LIMITS,
    '--port-base',
    '8300',
    '--out',
    dir,
  ];
  let run: Awaited<ReturnType<typeof cli>>;
  let doc: SweepDocument;

  beforeAll(async () => {
    run = await cli(SWEEP);
    process.stderr.write(`[sweep-int] wall time ${(run.ms / 1000).toFixed(0)} s\n`);
    doc = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
  }, 1_500_000);

  it('finishes every cell, each state verified exactly-once', () => {
    expect(run.code).toBe(0);
    expect(doc.cells.map((c) => `${c.id}:${c.status}`)).toEqual([
      'hybrid-off-r1:complete',
      'realistic-off-r1:complete',
      'hybrid-2s-r1:complete',
      'realistic-2s-r1:complete',
      'hybrid-10s-r1:complete',
      'realistic-10s-r1:complete',
    ]);
    for (const c of doc.cells) expect(c.figures?.verificationOk).toBe(true);
    expect(doc.cells.filter((c) => c.intervalMs > 0).map((c) => c.figures?.failures)).toEqual([1, 1, 1, 1]);
  });

  it('ends with a recommendation per mode and a report with a line per mode', () => {
    expect(doc.aggregates).toBeUndefined();
    expect(doc.modes!.map((m) => [m.stateMode, m.bidders])).toEqual(MODES.map((m) => [m, BIDDERS[m]]));
    for (const m of doc.modes!) {
      expect(run.stderr).toMatch(new RegExp(`${m.stateMode}: recommended checkpoint interval: 10s`));
      expect(m.recommendation.feasibleMs).toEqual([2_000, 10_000]);
      expect([m.recommendation.recommendedMs, m.recommendation.rule]).toEqual([10_000, 'longest-feasible']);
      expect(m.aggregates.baseline!.runs).toBe(1);
      expect(m.recommendation.candidates.map((c) => c.intervalMs)).toEqual([2_000, 10_000]);
      // The recovery model: D from this mode's failures, μ(off) from this mode's baseline probe.
      expect(m.model.recovery?.baselineCapacity).toBe(m.aggregates.baseline!.figures.capacityEventsPerSec.median);
      expect(m.model.recovery?.baselineCapacity).toBeGreaterThan(m.model.recovery!.inputRate);
      expect(m.model.accuracy.recovery.points.map((p) => p.intervalMs)).toEqual([2_000, 10_000]);
      expect(m.aggregates.intervals.every((a) => a.overhead?.capacityLossPct.median !== undefined)).toBe(true);
    }
    expect(run.stderr).toContain(`report: ${join(dir, 'report.html')}`);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const capacityChart = html.slice(html.indexOf('data-chart="modes-capacity"'), html.indexOf('</figure>', html.indexOf('data-chart="modes-capacity"')));
    expect(capacityChart).toContain('<svg');
    for (const m of MODES) expect(capacityChart).toContain(`${m} (${BIDDERS[m].toLocaleString('en-US')} bidders)`);
  });

  it("calibrates the rate once per mode, probes capacity in every cell and starts each cell from its mode's prefilled state", () => {
    expect(doc.preparation!.storage!.writeBytesPerSec).toBeGreaterThan(0);
    for (const c of doc.cells) {
      const mode = c.stateMode as (typeof MODES)[number];
      const cal = doc.preparation!.calibrations![mode]!;
      expect(cal.fraction).toBe(0.6);
      expect(cal.rate).toBe(Math.round(cal.capacityEventsPerSec * 0.6));
      const run = JSON.parse(readFileSync(join(dir, c.runJson!), 'utf8')) as RunRecord & {
        config: { workload: { rate: number; bidders: number; stateMode: string } };
      };
      expect(run.config.workload).toMatchObject({ rate: cal.rate, bidders: BIDDERS[mode], stateMode: mode });
      // Capacity above the paced rate: the probe let every event through at once.
      expect(run.summary.capacityEventsPerSec!).toBeGreaterThan(cal.rate);
      const start = run.summary.stateAtStart as { bidders: number; bytes: number; savepoint: string };
      expect(start.bidders).toBe(BIDDERS[mode]);
      expect(start.savepoint).toContain(`prefill-${mode}-${BIDDERS[mode]}b`);
      // From its first checkpoint the job holds at least the prefilled bytes (RocksDB's live files; the nominal size is the floor).
      const first = run.checkpoints.find((k) => k.status === 'COMPLETED');
      if (c.intervalMs > 0) expect(first!.stateSizeBytes).toBeGreaterThanOrEqual(0.95 * start.bytes);
    }
  });

  it('skips finished cells when re-run with the same --out', async () => {
    const again = await cli(SWEEP);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('6 of 6 cells already finished');
    expect(again.ms).toBeLessThan(30_000);
  }, 60_000);

  it('refuses bad input before anything starts', async () => {
    for (const [args, message] of [
      [['--profile', 'huge'], "Invalid --profile: 'huge'. Allowed: quick, standard, seed, study."],
      [['--intervals', ''], "Invalid --intervals: ''. Allowed: a comma-separated list"],
      [['--intervals', '5s,5s'], 'lists 5s twice'],
      [['--max-p99', 'fast'], "Invalid --max-p99: 'fast'"],
      [['--bidders', 'many'], "Invalid value for --bidders: 'many'"],
      // About 338 GB of state: more than this machine's disk, refused with the count that fits.
      [['--state-mode', 'bigstate', '--bidders', '3000000'], 'The state does not fit: 3,000,000 bigstate bidders are 338 GB of state'],
      // One mode of several too big: refused before any mode starts.
      [['--state-mode', 'realistic,bigstate', '--bidders', 'realistic=1000,bigstate=3000000'], 'The state does not fit: 3,000,000 bigstate bidders'],
    ] as const) {
      const r = await cli(['sweep', ...args, '--out', join(dir, 'never')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(existsSync(join(dir, 'never'))).toBe(false);
    }
  }, 60_000);
});
