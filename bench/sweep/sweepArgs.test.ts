import { describe, expect, it } from 'vitest';
import { cellDurationMs, parseIntervals, parseSweepSettings } from './sweepArgs.js';

describe('parseSweepSettings', () => {
  it('takes the profile’s defaults', () => {
    const s = parseSweepSettings({});
    expect(s.profile.name).toBe('quick');
    expect(s.intervalsMs).toEqual([1_000, 5_000, 10_000, 30_000, 60_000]);
    expect(s.workload.rate).toBe(5_000);
    expect(s.limits.maxRecoveryMs).toBe(60_000);
  });

  it('makes each cell long enough for its failures', () => {
    const s = parseSweepSettings({ profile: 'quick', failures: '2' });
    expect(cellDurationMs(s, 0)).toBe(60_000);
    expect(cellDurationMs(s, 60_000)).toBe(2 * (2 * 60_000 + 45_000));
  });

  it.each([
    [{ profile: 'huge' }, /Invalid --profile: 'huge'\. Allowed: quick, standard, seed\./],
    [{ intervals: '' }, /Invalid --intervals: ''\. Allowed: a comma-separated list/],
    [{ intervals: ' , ' }, /Invalid --intervals: ' , '\. Allowed: a comma-separated list/],
    [{ intervals: '5s,10s,5000ms' }, /lists 5s twice \('5s' and '5000ms'\)\. Allowed: each interval once\./],
    [{ intervals: '5s,off' }, /baseline \(off\) is always part of a sweep/],
    [{ intervals: '5s,fast' }, /Invalid --intervals: '5s,fast'/],
    [{ intervals: '5ms' }, /at least 10ms/],
    [{ repeat: '0' }, /Invalid --repeat: '0'\. Allowed: an integer from 1 to 100\./],
    [{ failures: 'two' }, /Invalid --failures: 'two'/],
    [{ 'max-recovery': 'a minute' }, /Invalid --max-recovery: 'a minute'/],
    [{ 'max-overhead': '5 percent' }, /Invalid --max-overhead: '5 percent'/],
    [{ target: 'cloud' }, /Invalid --target: 'cloud'\. Allowed: local or pulumi\./],
    [{ target: 'pulumi' }, /--target pulumi needs --stacks/],
    [{ failure: 'power-cut' }, /Invalid --failure: 'power-cut'/],
  ])('refuses %o', (flags, message) => {
    expect(() => parseSweepSettings(flags)).toThrow(message);
  });

  it('sorts intervals', () => {
    expect(parseIntervals('30s,1s,500ms')).toEqual([500, 1_000, 30_000]);
  });
});
