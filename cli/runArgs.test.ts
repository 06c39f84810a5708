import { describe, expect, it } from 'vitest';
import { parseRunSettings, UsageError } from './runArgs.js';

const refusal = (flags: Record<string, string>) => {
  try {
    parseRunSettings(flags);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(flags)}`);
};

describe('ckpt-lab run flags', () => {
  it('turns flags into the workload and run settings', () => {
    const s = parseRunSettings({ interval: '2m', rate: '5000', 'state-mode': 'hybrid', warmup: '10s', duration: '1m', sample: '1s', rest: 'http://jm:8081/' });
    expect(s.intervalMs).toBe(120_000);
    expect(s.workload).toEqual({ rate: 5000, stateMode: 'hybrid', checkpointIntervalMs: 120_000 });
    expect([s.warmupMs, s.durationMs, s.sampleMs]).toEqual([10_000, 60_000, 1_000]);
    expect(s.restUrl).toBe('http://jm:8081');
    expect(s.end).toBe('savepoint');
    expect(parseRunSettings({ interval: 'off' }).workload.checkpointIntervalMs).toBe(0);
  });

  it('names flags as typed in every workload message, also a flag a rule requires', () => {
    expect(() => parseRunSettings({ incremental: 'false' })).toThrow("Invalid value for --incremental: 'false'. Allowed: only together with --state-backend.");
  });

  it('takes a time limit no shorter than the windows it must hold', () => {
    expect(parseRunSettings({ warmup: '30s', duration: '60s', 'time-limit': '20m' }).timeLimitMs).toBe(1_200_000);
    expect(() => parseRunSettings({ warmup: '30s', duration: '60s', 'time-limit': '1m' })).toThrow(
      "Invalid --time-limit: '1m'. Allowed: at least the warm-up plus the measured window (90s).",
    );
  });

  it('refuses bad input naming the flag, the value and what is allowed', () => {
    expect(refusal({ interval: 'soon' })).toContain("Invalid --interval: 'soon'. Allowed: off, or");
    expect(refusal({ interval: '5ms' })).toContain('of at least 10ms');
    expect(refusal({ 'state-mode': 'huge' })).toBe("Invalid value for --state-mode: 'huge'. Allowed: one of bigstate, realistic, hybrid.");
    expect(refusal({ rate: '0' })).toBe("Invalid value for --rate: '0'. Allowed: an integer from 1 to 10000000.");
    expect(refusal({ rate: '-5' })).toContain("--rate: '-5'");
    expect(refusal({ bidders: '0' })).toContain("--bidders: '0'");
    expect(refusal({ bidders: '1000000000' })).toContain('an integer from 1 to 100000000');
    expect(refusal({ keys: 'many' })).toContain("--keys: 'many'");
    expect(refusal({ duration: '3x' })).toContain("Invalid --duration: '3x'");
    expect(refusal({ rest: 'not a url' })).toContain("Invalid --rest: 'not a url'");
    expect(refusal({ 'port-base': '80' })).toContain("Invalid --port-base: '80'");
    expect(refusal({ end: 'drain' })).toContain("Invalid --end: 'drain'");
  });
});

describe('ckpt-lab run against containers', () => {
  const tms = JSON.stringify([{ flinkHost: 'ckpt-dev-tm1', dockerHost: 'unix:///var/run/docker.sock', container: 'ckpt-dev-tm1' }]);

  it('takes the TaskManager containers and where the checkpoint storage is mounted', () => {
    const s = parseRunSettings({
      rest: 'http://127.0.0.1:18081',
      failure: 'tm-kill',
      duration: '3m',
      'docker-taskmanagers': tms,
      'storage-path-map': '/flink-data/shared=/var/tmp/hdd/shared',
    });
    expect(s.dockerTaskManagers).toEqual(JSON.parse(tms));
    expect(s.storagePathMap).toEqual({ from: '/flink-data/shared', to: '/var/tmp/hdd/shared' });
  });

  it('refuses a tm-kill it could not carry out, and malformed container lists', () => {
    expect(refusal({ rest: 'http://jm:8081', failure: 'tm-kill', duration: '3m' })).toContain('--failure tm-kill with --rest needs --docker-taskmanagers');
    expect(refusal({ 'docker-taskmanagers': tms })).toContain('--docker-taskmanagers needs --rest');
    expect(refusal({ rest: 'http://jm:8081', 'docker-taskmanagers': '[{"flinkHost": 1}]' })).toContain(
      'Invalid --docker-taskmanagers: \'[{"flinkHost": 1}]\'. Allowed: a JSON list of',
    );
    expect(refusal({ rest: 'http://jm:8081', 'storage-path-map': 'relative=/x' })).toContain("Invalid --storage-path-map: 'relative=/x'");
  });
});
