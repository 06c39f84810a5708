/**
 * The embedded default for real: a local 3-process Flink 1.18.1 cluster, the bench measuring the job
 * through REST, and the bad inputs refused before anything starts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlinkClient } from '../../bench/rest/flinkClient.js';
import { checkFlinkCluster, runMeasurement, type RunResult } from '../../bench/run.js';
import { ENTRY, JOB_JAR } from '../../flink-job/ts/jobJar.js';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { checkJava } from './java.js';
import { defaultDataDir, LocalCluster } from './localCluster.js';
import { checkPortsFree } from './ports.js';

const PORT_BASE = 18_281;
const INTERVAL_MS = 5_000;
const RATE = 3_000;
const out = mkdtempSync(join(tmpdir(), 'ckpt-lab-int-'));

/** Flink JVMs whose command line names this data dir. */
function flinkProcessesOf(dataDir: string): string[] {
  const ps = spawnSync('pgrep', ['-f', `org.apache.flink.*${dataDir}/`], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter(Boolean);
}

const ckptLab = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'ckpt-lab.js'), ...args], { encoding: 'utf8', timeout: 180_000 });

describe('the local cluster and the bench, end to end', () => {
  let cluster: LocalCluster;
  let small: RunResult;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ portBase: PORT_BASE, owned: true });
    console.log(`local cluster ready in ${cluster.startupMs} ms`);
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    expect(flinkProcessesOf(defaultDataDir(PORT_BASE))).toEqual([]);
  }, 60_000);

  it('runs as 1 JobManager and 2 TaskManagers with every slot registered', async () => {
    const overview = await new FlinkClient(cluster.restUrl).overview();
    expect(overview['flink-version']).toBe('1.18.1');
    expect(overview.taskmanagers).toBe(2);
    expect(overview['slots-total']).toBe(8);
    expect(cluster.runningProcesses().map((p) => p.name)).toEqual(['jobmanager', 'taskmanager-1', 'taskmanager-2']);
  });

  it('measures a 30 s run at a 5 s interval: checkpoints, throughput, latency and exactly-once state', async () => {
    const durationMs = 30_000;
    small = await runMeasurement({
      restUrl: cluster.restUrl,
      // Full (not incremental) checkpoints: their size is the live state, which the state mode predicts.
      workload: {
        rate: RATE,
        bidders: 20_000,
        keys: 1_000,
        stateMode: 'realistic',
        stateBackend: 'rocksdb',
        incremental: false,
        checkpointIntervalMs: INTERVAL_MS,
      },
      warmupMs: 10_000,
      durationMs,
      sampleMs: 2_000,
      outDir: out,
      end: 'savepoint',
    });
    const s = small.summary;
    console.log(small.humanSummary);
    expect(Math.abs(s.checkpoints.completed - durationMs / INTERVAL_MS)).toBeLessThanOrEqual(2);
    expect(s.checkpoints.failed).toBe(0);
    expect(Math.abs(s.throughputEventsPerSec.median! - RATE) / RATE).toBeLessThan(0.1);
    expect(s.latencyMs.p50).toBeGreaterThan(0);
    expect(s.latencyMs.p99).toBeGreaterThanOrEqual(s.latencyMs.p50!);
    expect(s.latencyMs.max).toBeGreaterThanOrEqual(s.latencyMs.p99!);
    expect(s.checkpoints.durationMs.median).toBeGreaterThan(0);
    expect(s.checkpoints.stateSizeBytes.median).toBeGreaterThan(0);
    expect(s.checkpoints.checkpointedSizeBytes.median).toBeGreaterThan(0);
    expect(small.verification?.ok).toBe(true);
    expect(small.verification?.counterSum).toBe(small.verification?.sourcePosition);
  }, 240_000);

  it('finds checkpoint size growing with bidders as the state mode predicts (~1 KB each)', async () => {
    const large = await runMeasurement({
      restUrl: cluster.restUrl,
      workload: {
        rate: RATE,
        bidders: 60_000,
        keys: 1_000,
        stateMode: 'realistic',
        stateBackend: 'rocksdb',
        incremental: false,
        checkpointIntervalMs: INTERVAL_MS,
      },
      warmupMs: 10_000,
      durationMs: 30_000,
      sampleMs: 2_000,
      outDir: out,
      end: 'savepoint',
    });
    for (const r of [small, large]) {
      const v = r.verification!;
      // Realistic mode: 0.5–1.5 KB per bidder, median ~1 KB, and incompressible.
      expect(v.stateBytes.median).toBeGreaterThan(900);
      expect(v.stateBytes.median).toBeLessThan(1150);
      // The payload the verifier read from the savepoint is what its files hold, less keys and metadata…
      expect(v.stateBytes.total).toBeLessThanOrEqual(v.savepointBytes!);
      expect(v.stateBytes.total).toBeGreaterThan(0.85 * v.savepointBytes!);
      // … and every checkpoint of the run held at least that payload (RocksDB reports its SST files).
      expect(r.summary.checkpoints.stateSizeBytes.median!).toBeGreaterThan(0.9 * v.stateBytes.total);
    }
    console.log(
      `state ${small.verification!.stateBytes.total} → ${large.verification!.stateBytes.total} bytes read by the verifier; savepoints ${small.verification!.savepointBytes} → ${large.verification!.savepointBytes} bytes; ` +
        `checkpoints ${small.summary.checkpoints.stateSizeBytes.max} → ${large.summary.checkpoints.stateSizeBytes.max} bytes`,
    );
    // Three times the bidders hold more state: what the verifier read and what the checkpoints held.
    expect(large.verification!.bidders).toBe(60_000);
    expect(large.verification!.stateBytes.total).toBeGreaterThan(2 * small.verification!.stateBytes.total);
    expect(large.summary.checkpoints.stateSizeBytes.median!).toBeGreaterThan(small.summary.checkpoints.stateSizeBytes.max!);
  }, 240_000);

  it('reports a job the cluster refuses at submission with the job’s own message', async () => {
    const client = new FlinkClient(cluster.restUrl);
    const jar = await client.uploadJar(JOB_JAR);
    await expect(client.runJar(jar, ENTRY.workload, ['--rate', '0'])).rejects.toThrow(
      "failed with HTTP 400: Invalid value for --rate: '0'. Allowed: an integer from 1 to 10000000.",
    );
    expect((await client.overview())['jobs-running']).toBe(0);
  }, 60_000);

  it('refuses a port base whose ports are taken, before starting anything', async () => {
    await expect(checkPortsFree(PORT_BASE)).rejects.toThrow(`Port ${PORT_BASE} (rest of --port-base ${PORT_BASE}) is already in use`);
    await expect(LocalCluster.start({ portBase: PORT_BASE })).rejects.toThrow('A local cluster already runs');
    expect(cluster.runningProcesses()).toHaveLength(3);
  });
});

describe('bad input is refused before anything starts', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_, res) => res.writeHead(404).end('no such thing'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a --rest URL that is not a Flink cluster', async () => {
    await expect(checkFlinkCluster(new FlinkClient(url))).rejects.toThrow(`--rest ${url} is not a reachable Flink cluster`);
    const cli = ckptLab('run', '--rest', url, '--duration', '10s', '--warmup', '1s', '--out', out);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('is not a reachable Flink cluster');
  });

  it('no Java, or a Java Flink 1.18 does not support', () => {
    const home = mkdtempSync(join(tmpdir(), 'fake-java-'));
    expect(() => checkJava(join(home, 'bin', 'java'))).toThrow(/^No Java found/);
    mkdirSync(join(home, 'bin'));
    writeFileSync(join(home, 'bin', 'java'), '#!/bin/sh\necho \'openjdk version "21.0.2" 2024-01-16\' >&2\n');
    chmodSync(join(home, 'bin', 'java'), 0o755);
    expect(() => checkJava(join(home, 'bin', 'java'))).toThrow('Java 21 at');
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'ckpt-lab.js'), 'cluster', 'up', '--port-base', '18381'], {
      encoding: 'utf8',
      env: { ...process.env, JAVA_HOME: home },
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('Allowed: Java 11 or 17');
    expect(flinkProcessesOf(defaultDataDir(18_381))).toEqual([]);
  });

  it('bad durations, intervals, state modes and rates exit 2 and start nothing', () => {
    for (const [args, message] of [
      [['--interval', '5'], "Invalid --interval: '5'"],
      [['--interval', '5ms'], 'of at least 10ms'],
      [['--state-mode', 'huge'], "Invalid value for --state-mode: 'huge'"],
      [['--rate', '0'], "Invalid value for --rate: '0'"],
      [['--bidders=-1'], "Invalid value for --bidders: '-1'"],
      [['--warmup', 'soon'], "Invalid --warmup: 'soon'"],
    ] as const) {
      const cli = ckptLab('run', ...args, '--port-base', '18481');
      expect(cli.status, args.join(' ')).toBe(2);
      expect(cli.stderr).toContain(message);
    }
    expect(flinkProcessesOf(defaultDataDir(18_481))).toEqual([]);
  });

  it('cluster up / status / down through the CLI leave no Flink process', () => {
    const up = ckptLab('cluster', 'up', '--port-base', '18581');
    expect(up.status, up.stderr).toBe(0);
    expect(up.stderr).toContain('local cluster ready');
    expect(flinkProcessesOf(defaultDataDir(18_581)).length).toBe(3);
    const status = ckptLab('cluster', 'status', '--port-base', '18581');
    expect(status.stderr.match(/running/g)?.length).toBe(3);
    const down = ckptLab('cluster', 'down', '--port-base', '18581');
    expect(down.status).toBe(0);
    expect(flinkProcessesOf(defaultDataDir(18_581))).toEqual([]);
    execFileSync('true');
  }, 200_000);
});
