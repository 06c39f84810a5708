import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ckptLab } from './ckptLab.testkit.js';
import { startReplayServer, type ReplayServer } from '../advise/replayServer.testkit.js';
import { parseAdviseSettings } from './adviseCommand.js';
import { checkOptionsFor } from './commandOptions.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('ckpt-lab advise: flags checked before the cluster is asked anything', () => {
  it('needs --rest as an http(s) URL, an --observe of at least 10 s, and limits it can read', () => {
    expect(() => parseAdviseSettings({})).toThrow('ckpt-lab advise needs --rest URL: the Flink cluster whose running job to observe');
    expect(() => parseAdviseSettings({ rest: 'localhost 8081' })).toThrow("Invalid --rest: 'localhost 8081'. Allowed: an http or https URL");
    expect(() => parseAdviseSettings({ rest: 'ftp://flink:8081' })).toThrow("Invalid --rest: 'ftp://flink:8081'");
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', observe: '5s' })).toThrow("Invalid --observe: '5s'. Allowed: at least 10s.");
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', observe: 'soon' })).toThrow(/Invalid --observe: 'soon'/);
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', 'max-overhead': '150%' })).toThrow("Invalid --max-overhead: '150%'");
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', calibration: '/nonexistent/sweep' })).toThrow(
      '--calibration /nonexistent/sweep: no sweep.json there. Allowed: a sweep’s folder or its sweep.json.'.replace('’', "'"),
    );
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', 'read-every': '100ms' })).toThrow("Invalid --read-every: '100ms'. Allowed: 250ms to 1m.");
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', 'read-every': '2m' })).toThrow("Invalid --read-every: '2m'. Allowed: 250ms to 1m.");
    expect(parseAdviseSettings({ rest: 'http://flink:8081' }).readEveryMs).toBeUndefined(); // advise's default: every second (OBSERVE_DEFAULTS)
    expect(parseAdviseSettings({ rest: 'http://flink:8081/', observe: '2m', 'read-every': '5s', mtbf: '24h', json: true })).toMatchObject({
      restUrl: 'http://flink:8081',
      observeMs: 120_000,
      readEveryMs: 5_000,
      limits: { mtbfMs: 86_400_000 },
      json: true,
    });
  });

  it('takes --from instead of --rest, without the flags that choose what to observe', () => {
    expect(() => parseAdviseSettings({ rest: 'http://flink:8081', from: 'o.json' })).toThrow(
      'takes --rest (observe a cluster) or --from (a saved observation), not both',
    );
    expect(() => parseAdviseSettings({ from: 'o.json', observe: '1m', job: 'j' })).toThrow(/^--observe and --job choose what to observe; --from advises/);
    expect(() => parseAdviseSettings({ from: 'o.json', 'read-every': '2s' })).toThrow(/^--read-every chooses what to observe; --from advises/);
    expect(parseAdviseSettings({ from: 'o.json', mtbf: '12h' })).toMatchObject({ restUrl: undefined, fromPath: 'o.json', limits: { mtbfMs: 43_200_000 } });
  });

  it('takes only its own options: --max-p99 and run’s flags are refused, naming their commands', () => {
    expect(() => checkOptionsFor('advise', { 'max-p99': '1s' })).toThrow(/^--max-p99 is not an option of ckpt-lab advise; it belongs to ckpt-lab sweep/);
    expect(() => checkOptionsFor('advise', { interval: '5s' })).toThrow(
      '--interval is not an option of ckpt-lab advise; it belongs to ckpt-lab run, ckpt-lab predict.',
    );
    expect(() =>
      checkOptionsFor('advise', { rest: 'http://x', job: 'j', observe: '1m', calibration: 'd', mtbf: '24h', out: 'o', json: true, 'read-every': '2s' }),
    ).not.toThrow();
  });

  it('on the command line, a refusal exits 2 with the message and writes nothing', async () => {
    server = await startReplayServer({
      '/config': [{ 'flink-version': '1.18.1' }],
      '/jobs/overview': [{ jobs: [{ jid: 'j1', name: 'etl', state: 'FINISHED' }] }],
    });
    const out = join(mkdtempSync(join(tmpdir(), 'ckpt-advise-')), 'advice');
    const r = await ckptLab(['advise', '--rest', server.url, '--observe', '10s', '--out', out, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ckpt-lab: No running job on ${server.url}; its jobs: j1 (etl, FINISHED). advise observes a running job.`);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('--from advises again from a saved observation, reading no cluster; a file that is not one is refused, writing nothing', async () => {
    const fixture = fileURLToPath(new URL('../advise/fixtures/bench-job-2s.observation.json', import.meta.url));
    const root = mkdtempSync(join(tmpdir(), 'ckpt-advise-from-'));
    const r = await ckptLab(['advise', '--from', fixture, '--mtbf', '12h', '--out', join(root, 'again'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { inputs: { inputRate: { value: number } }; limits: { mtbfMs: number } };
    // λ as worked by hand in advise/recordedObservation.test.ts: 87,528 records in 22.139 s.
    expect(doc.inputs.inputRate.value).toBeCloseTo(3_953.57, 1);
    expect(doc.limits.mtbfMs).toBe(43_200_000);
    expect(JSON.parse(readFileSync(join(root, 'again', 'advice.json'), 'utf8'))).toEqual(doc);

    const notOne = join(root, 'sweep.json');
    writeFileSync(notOne, JSON.stringify({ sweepId: 's', cells: [] }));
    const bad = await ckptLab(['advise', '--from', notOne, '--out', join(root, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${notOne} is not an observation advise wrote: restUrl is not a string.`);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  }, 30_000);
});
