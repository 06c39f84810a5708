/**
 * The capacity probe on a real local cluster against the MiniCluster benchmark (flink-job/run-benchmark.sh)
 * for the same workload, checkpointing off, in one run: the two must agree within 15 %.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { defaultClusterConfig } from '../infra/clusterConfig.js';
import { renderFlinkConf, toFlinkConfYaml } from '../infra/flinkConf.js';
import { storageDirsUnder } from '../infra/local/localCluster.js';
import { median } from '../lib/stats.js';

function exec(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const BIDDERS = '100000';

describe('the capacity probe', () => {
  it('measures the capacity the MiniCluster benchmark measures for the same workload, within 15 %', async () => {
    // The benchmark gets the local cluster's RocksDB options, from the one renderer.
    const confDir = mkdtempSync(join(tmpdir(), 'ckpt-bench-conf-'));
    writeFileSync(join(confDir, 'flink-conf.yaml'), toFlinkConfYaml(renderFlinkConf(defaultClusterConfig(storageDirsUnder(confDir)))));
    // This machine's speed drifts from minute to minute: three rounds, side by side, compared by their
    // medians, so one slow minute on either side does not decide (two rounds by their means read 0.880
    // in one CI run, 0.907 in another).
    const benchRates: number[] = [];
    const probes: number[] = [];
    for (let round = 1; round <= 3; round++) {
      // MiniCluster: 20 s warm-up, then the slope over 30 s, from an endless backlog.
      const bench = await exec('bash', ['flink-job/run-benchmark.sh', '1', '20', '30', BIDDERS, '0'], { BENCH_JAVA_OPTS: `-DflinkConfDir=${confDir}` });
      expect(bench.code, bench.stderr.slice(-2000)).toBe(0);
      benchRates.push(Number(/median: checkpointIntervalMs=0 (\d+) events\/s/.exec(bench.stdout)?.[1]));
      // The local cluster: the same state from empty, 30 s paced, then a 30 s probe (its first 10 s left out).
      const out = mkdtempSync(join(tmpdir(), 'ckpt-probe-'));
      const run = await exec('node', [
        'bin/ckpt-lab.js',
        'run',
        '--interval',
        'off',
        '--initial-state',
        'empty',
        '--state-mode',
        'realistic',
        '--state-backend',
        'rocksdb',
        '--bidders',
        BIDDERS,
        '--rate',
        '15000',
        '--warmup',
        '20s',
        '--duration',
        '10s',
        '--probe',
        '30s',
        '--end',
        'cancel',
        '--port-base',
        '8400',
        '--out',
        out,
        '--json',
      ]);
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      const path = (JSON.parse(run.stdout.trim().split('\n').pop()!) as { resultsPath: string }).resultsPath;
      probes.push((JSON.parse(readFileSync(path, 'utf8')) as { summary: { capacityEventsPerSec: number } }).summary.capacityEventsPerSec);
    }
    const ratio = median(probes)! / median(benchRates)!;
    process.stderr.write(
      `[probe-int] MiniCluster benchmark ${benchRates.map(Math.round).join(', ')} events/s, local-cluster probe ${probes.map(Math.round).join(', ')} events/s, ratio of medians ${ratio.toFixed(3)}\n`,
    );
    for (const b of benchRates) expect(b).toBeGreaterThan(1_000);
    expect(Math.abs(ratio - 1)).toBeLessThanOrEqual(0.15);
  }, 600_000);
});
