import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(parseAdviseSettings({ rest: 'http://flink:8081/', observe: '2m', mtbf: '24h', json: true })).toMatchObject({
      restUrl: 'http://flink:8081',
      observeMs: 120_000,
      limits: { mtbfMs: 86_400_000 },
      json: true,
    });
  });

  it('takes only its own options: --max-p99 and run’s flags are refused, naming their commands', () => {
    expect(() => checkOptionsFor('advise', { 'max-p99': '1s' })).toThrow(/^--max-p99 is not an option of ckpt-lab advise; it belongs to ckpt-lab sweep/);
    expect(() => checkOptionsFor('advise', { interval: '5s' })).toThrow(
      '--interval is not an option of ckpt-lab advise; it belongs to ckpt-lab run, ckpt-lab predict.',
    );
    expect(() => checkOptionsFor('advise', { rest: 'http://x', job: 'j', observe: '1m', calibration: 'd', mtbf: '24h', out: 'o', json: true })).not.toThrow();
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
});
