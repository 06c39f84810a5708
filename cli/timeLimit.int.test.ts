/** `ckpt-lab run --time-limit` on the real local cluster: past its limit the run stops, keeps what it wrote and fails. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../infra/local/localCluster.js';
import { REPO_ROOT } from '../lib/repoRoot.js';

const PORT_BASE = 8350;

describe('ckpt-lab run --time-limit', () => {
  it('stops a run that overruns its limit, fails with a message naming the limit, and leaves no Flink process', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ckpt-time-limit-'));
    // 40 s of windows under a 40 s limit (the least it allows): starting the cluster and the state (about 20 s here) overrun it mid-measurement.
    const args = [
      'run',
      '--interval',
      '5s',
      '--rate',
      '500',
      '--bidders',
      '2000',
      '--state-mode',
      'realistic',
      '--warmup',
      '10s',
      '--duration',
      '30s',
      '--probe',
      '0s',
      '--time-limit',
      '40s',
      '--port-base',
      String(PORT_BASE),
      '--out',
      out,
    ];
    const started = Date.now();
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const child = spawn('node', [join(REPO_ROOT, 'bin/ckpt-lab.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
    });
    const tookMs = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The run exceeded its time limit of 40s (--time-limit; in a Pulumi stack ckpt-lab:bench.timeLimit) and was stopped');
    // It stopped at the limit, not after the windows and a savepoint.
    expect(tookMs).toBeLessThan(40_000 + 45_000);
    const runDirs = readdirSync(out);
    expect(runDirs).toHaveLength(1);
    const run = JSON.parse(readFileSync(join(out, runDirs[0]!, 'run.json'), 'utf8')) as { status: string };
    expect(run.status).toBe('interrupted');
    const left = spawnSync('pgrep', ['-f', `org.apache.flink.*${defaultDataDir(PORT_BASE)}/`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  }, 240_000);
});
