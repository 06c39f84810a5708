/**
 * `npm run bench:probe`: the capacity probe on a local cluster beside the MiniCluster benchmark's maximum
 * throughput, same workload (realistic state, 100,000 bidders, checkpointing off), one after the other.
 * A benchmark, not a test: it prints both figures and their ratio (0.77–1.11 in earlier runs here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/repoRoot.js';

const BIDDERS = '100000';

function probe(): number {
  const out = mkdtempSync(join(tmpdir(), 'ckpt-bench-probe-'));
  const args = ['bin/ckpt-lab.js', 'run', '--interval', 'off', '--initial-state', 'empty', '--state-mode', 'realistic', '--bidders', BIDDERS];
  const r = spawnSync(
    'node',
    [...args, '--rate', '15000', '--warmup', '20s', '--duration', '10s', '--probe', '30s', '--end', 'cancel', '--out', out, '--json'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error(`ckpt-lab run exited ${r.status}`);
  const path = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { resultsPath: string }).resultsPath;
  return (JSON.parse(readFileSync(path, 'utf8')) as { summary: { capacityEventsPerSec: number } }).summary.capacityEventsPerSec;
}

function miniCluster(): number {
  const r = spawnSync('bash', [join(REPO_ROOT, 'flink-job/run-benchmark.sh'), '1', '10', '30', BIDDERS, '0'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stderr.write(r.stdout);
  const m = /median: checkpointIntervalMs=0 (\d+) events\/s/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`run-benchmark.sh exited ${r.status} without a median`);
  return Number(m[1]);
}

const probed = probe();
const max = miniCluster();
console.log(`capacity probe (local cluster): ${Math.round(probed)} events/s`);
console.log(`MiniCluster maximum throughput: ${max} events/s`);
console.log(`probe ÷ MiniCluster: ${(probed / max).toFixed(3)}`);
