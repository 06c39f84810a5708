/** A real short sweep on local clusters: 2 intervals + the baseline, 1 repeat, 1 failure each, through the CLI. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../repoRoot.js';
import type { SweepDocument } from './sweepDocument.js';
import type { RunRecord } from '../../analysis/runFigures.js';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('node', [join(REPO_ROOT, 'bin/ckpt-lab.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

describe('ckpt-lab sweep on the embedded default', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'ckpt-sweep-')), 'sweep');
  let run: Awaited<ReturnType<typeof cli>>;
  let doc: SweepDocument;

  beforeAll(async () => {
    run = await cli(['sweep', '--intervals', '2s,10s', '--repeat', '1', '--failures', '1', '--port-base', '8300', '--out', dir]);
    process.stderr.write(`[sweep-int] wall time ${(run.ms / 1000).toFixed(0)} s\n`);
    doc = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
  }, 1_500_000);

  it('finishes every cell, each state verified exactly-once', () => {
    expect(run.code).toBe(0);
    expect(doc.cells.map((c) => `${c.id}:${c.status}`)).toEqual(['off-r1:complete', '2s-r1:complete', '10s-r1:complete']);
    for (const c of doc.cells) expect(c.figures?.verificationOk).toBe(true);
    expect(doc.cells.filter((c) => c.intervalMs > 0).map((c) => c.figures?.failures)).toEqual([1, 1]);
  });

  it('ends with a recommendation and a report', () => {
    expect(run.stderr).toMatch(/recommended checkpoint interval: (2s|10s)|no measured interval meets every limit/);
    expect(run.stderr).toContain(`report: ${join(dir, 'report.html')}`);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
    expect(doc.recommendation?.candidates.map((c) => c.intervalMs)).toEqual([2_000, 10_000]);
    // The recovery model: D from the failures, μ(off) from the baseline's capacity probe.
    expect(doc.model?.recovery?.baselineCapacity).toBeGreaterThan(doc.model!.recovery!.inputRate);
    expect(doc.model?.accuracy.recovery.points.map((p) => p.intervalMs)).toEqual([2_000, 10_000]);
  });

  it('calibrates the rate once, probes capacity in every cell and starts every cell from the same prefilled state', () => {
    const cal = doc.preparation!.calibration!;
    expect(cal.fraction).toBe(0.6);
    expect(cal.rate).toBe(Math.round(cal.capacityEventsPerSec * 0.6));
    expect(doc.preparation!.storage!.writeBytesPerSec).toBeGreaterThan(0);
    for (const c of doc.cells) {
      const run = JSON.parse(readFileSync(join(dir, c.runJson!), 'utf8')) as RunRecord & { config: { workload: { rate: number; bidders: number } } };
      expect(run.config.workload.rate).toBe(cal.rate);
      // Capacity above the paced rate: the probe let every event through at once.
      expect(run.summary.capacityEventsPerSec!).toBeGreaterThan(cal.rate);
      const start = run.summary.stateAtStart as { bidders: number; bytes: number; savepoint: string };
      expect(start.bidders).toBe(run.config.workload.bidders);
      expect(start.savepoint).toContain('prefill-hybrid-20000b');
      // From its first checkpoint the job holds at least the prefilled bytes (RocksDB's live files; the nominal size is the floor).
      const first = run.checkpoints.find((k) => k.status === 'COMPLETED');
      if (c.intervalMs > 0) expect(first!.stateSizeBytes).toBeGreaterThanOrEqual(0.95 * start.bytes);
    }
    expect(doc.aggregates!.intervals.every((a) => a.overhead?.capacityLossPct.median !== undefined)).toBe(true);
  });

  it('skips finished cells when re-run with the same --out', async () => {
    const again = await cli(['sweep', '--intervals', '2s,10s', '--repeat', '1', '--failures', '1', '--port-base', '8300', '--out', dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('3 of 3 cells already finished');
    expect(again.ms).toBeLessThan(30_000);
  }, 60_000);

  it('refuses bad input before anything starts', async () => {
    for (const [args, message] of [
      [['--profile', 'huge'], "Invalid --profile: 'huge'. Allowed: quick, standard, seed."],
      [['--intervals', ''], "Invalid --intervals: ''. Allowed: a comma-separated list"],
      [['--intervals', '5s,5s'], 'lists 5s twice'],
      [['--max-p99', 'fast'], "Invalid --max-p99: 'fast'"],
      [['--bidders', 'many'], "Invalid value for --bidders: 'many'"],
      // About 338 GB of state: more than this machine's disk, refused with the count that fits.
      [['--state-mode', 'bigstate', '--bidders', '3000000'], 'The state does not fit: 3,000,000 bigstate bidders are 338 GB of state'],
    ] as const) {
      const r = await cli(['sweep', ...args, '--out', join(dir, 'never')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(existsSync(join(dir, 'never'))).toBe(false);
    }
  }, 60_000);
});
