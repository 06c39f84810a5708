import { describe, expect, it } from 'vitest';
import { recoveryAllowanceMs, cellDurationMs, cellWarmupMs, parseIntervals, parseSweepSettings } from './sweepArgs.js';
import { sweptStates, workloadOfCell } from './sweptWorkloads.js';
import { planCells } from './plan.js';
import { recordedSettings } from './runSweep.js';
import { configHash } from './sweepDocument.js';
import { nominalStateBytes } from '../workload/stateSize.js';

describe('parseSweepSettings', () => {
  it('takes the profile’s defaults', () => {
    const s = parseSweepSettings({});
    expect(s.profile.name).toBe('quick');
    expect(s.intervalsMs).toEqual([1_000, 5_000, 30_000]);
    expect(s.seed).toBe(20_261_201);
    // rate auto:0.6 — calibrated at the sweep's start, not a number in the profile.
    expect(s.autoRate).toEqual({ fraction: 0.6 });
    expect(s.workload.rate).toBeUndefined();
    expect(s.workload.stateMode).toBe('hybrid');
    expect(s.workload.incremental).toBe(false);
    expect(s.limits.maxRecoveryMs).toBe(60_000);
  });

  it('takes the workload flags over the profile, as run does, and a changed workload is another sweep', () => {
    const s = parseSweepSettings({ profile: 'quick', rate: '4000', bidders: '50000', keys: '500', 'state-mode': 'realistic', 'state-backend': 'rocksdb' });
    expect(s.autoRate).toBeUndefined();
    expect(s.workload).toMatchObject({ rate: 4000, bidders: 50_000, keys: 500, stateMode: 'realistic', stateBackend: 'rocksdb' });
    const auto = parseSweepSettings({ profile: 'standard', rate: 'auto:0.5' });
    expect(auto.autoRate).toEqual({ fraction: 0.5 });
    expect(auto.workload.rate).toBeUndefined();
    const hashOf = (flags: Record<string, string>) => configHash(recordedSettings(parseSweepSettings(flags)));
    expect(hashOf({ bidders: '50000' })).not.toBe(hashOf({}));
    expect(hashOf({ 'state-mode': 'bigstate' })).not.toBe(hashOf({}));
    expect(hashOf({ rate: 'auto:0.6' })).toBe(hashOf({})); // the quick profile's own rate
  });

  it('takes several state modes, each with its own bidder count, and records them in the settings hash', () => {
    const s = parseSweepSettings({ 'state-mode': 'bigstate,realistic', bidders: 'bigstate=2000,realistic=300000' });
    expect(s.stateModes).toEqual(['bigstate', 'realistic']);
    expect(workloadOfCell(s, { stateMode: 'bigstate' })).toMatchObject({ stateMode: 'bigstate', bidders: 2_000 });
    expect(workloadOfCell(s, { stateMode: 'realistic' })).toMatchObject({ stateMode: 'realistic', bidders: 300_000 });
    // A plain count is every mode's.
    const same = parseSweepSettings({ 'state-mode': 'hybrid,realistic', bidders: '7000' });
    expect(same.stateModes.map((m) => workloadOfCell(same, { stateMode: m }).bidders)).toEqual([7_000, 7_000]);
    const hashOf = (flags: Record<string, string>) => configHash(recordedSettings(parseSweepSettings(flags)));
    expect(hashOf({ 'state-mode': 'bigstate,realistic', bidders: 'bigstate=2000,realistic=300000' })).not.toBe(
      hashOf({ 'state-mode': 'bigstate,realistic', bidders: 'bigstate=3000,realistic=300000' }),
    );
    expect(hashOf({ 'state-mode': 'hybrid' })).toBe(hashOf({})); // one mode: a plain sweep, hashed as before
  });

  it('takes a list of state sizes and both checkpoint types: each size its own state and baseline, each type at every interval', () => {
    const s = parseSweepSettings({ 'state-mode': 'hybrid', bidders: '20000,5000', 'checkpoint-type': 'full,incremental', intervals: '2s,10s' });
    expect(s.sizes).toEqual([5_000, 20_000]);
    expect(s.checkpointTypes).toEqual(['full', 'incremental']);
    expect(s.workload.incremental).toBeUndefined();
    expect(sweptStates(s).map((x) => x.key)).toEqual(['5000b', '20000b']);
    expect(workloadOfCell(s, { bidders: 20_000, checkpointType: 'incremental' })).toMatchObject({ stateMode: 'hybrid', bidders: 20_000, incremental: true });
    expect(workloadOfCell(s, { bidders: 5_000, checkpointType: 'full' })).toMatchObject({ bidders: 5_000, incremental: false });
    const cells = planCells({ ...s, recovery: false, seed: 1 });
    // Per size: one baseline, and a cost cell per type and interval.
    expect(cells.map((c) => c.id).sort()).toEqual(
      ['5000b', '20000b']
        .flatMap((b) => [`${b}-off-cost-r1`, ...['full', 'incremental'].flatMap((t) => ['2s', '10s'].map((i) => `${b}-${t}-${i}-cost-r1`))])
        .sort(),
    );
    // A trial's shorter warm-up and probe replace the profile's, and are part of what a resumed sweep must repeat.
    const trial = parseSweepSettings({ warmup: '20s', probe: '10s' });
    expect([trial.warmupMs, trial.profile.probeMs]).toEqual([20_000, 10_000]);
    expect(configHash(recordedSettings(trial))).not.toBe(configHash(recordedSettings(parseSweepSettings({}))));
    // One type is the workload's own: no type in the cells.
    const one = parseSweepSettings({ 'checkpoint-type': 'incremental' });
    expect([one.checkpointTypes, one.workload.incremental]).toEqual([undefined, true]);
    const hashOf = (flags: Record<string, string>) => configHash(recordedSettings(parseSweepSettings(flags)));
    expect(hashOf({ bidders: '5000,20000' })).not.toBe(hashOf({ bidders: '5000,40000' }));
    expect(hashOf({ 'checkpoint-type': 'full,incremental' })).not.toBe(hashOf({}));
  });

  it.each([
    [{ bidders: '5000,5000' }, "Invalid --bidders: '5000,5000' lists a size twice"],
    [{ bidders: '5000,x' }, "Invalid --bidders: '5000,x'. Allowed: a bidder count, a list of counts"],
    [{ bidders: '5000,0' }, "Invalid --bidders: '5000,0'"],
    [{ 'checkpoint-type': 'delta' }, "Invalid --checkpoint-type: 'delta'. Allowed: full, incremental"],
    [{ 'checkpoint-type': 'full,full' }, "Invalid --checkpoint-type: 'full,full'"],
    [{ 'checkpoint-type': 'incremental', 'state-backend': 'hashmap' }, 'incremental checkpoints need rocksdb'],
    [{ 'checkpoint-type': 'full', incremental: 'true' }, '--checkpoint-type and --incremental both set the checkpoint type'],
    [{ bidders: '5000,99999999999' }, '--bidders'],
    [{ warmup: '5s' }, "Invalid --warmup: '5s'. Allowed: at least 10s (the profile's own is 1m)."],
    [{ probe: '2s' }, "Invalid --probe: '2s'. Allowed: at least 10s (the profile's own is 30s)."],
    [{ 'cost-window': '10s' }, "Invalid --cost-window: '10s'. Allowed: at least 20s (the method's own is ten checkpoints and at least 2m)."],
  ])('refuses the dimensions %j before anything runs', (flags, message) => {
    expect(() => parseSweepSettings(flags)).toThrow(message);
  });

  it("the study profile compares the seed's three modes at about equal state bytes, and a single --state-mode takes that mode's count", () => {
    const s = parseSweepSettings({ profile: 'study' });
    expect(s.stateModes).toEqual(['bigstate', 'realistic', 'hybrid']);
    const bytes = s.stateModes.map((m) => nominalStateBytes(workloadOfCell(s, { stateMode: m })));
    expect(Math.max(...bytes) / Math.min(...bytes)).toBeLessThan(1.15);
    expect(s.repeat).toBeGreaterThanOrEqual(2);
    expect(s.intervalsMs[0]).toBe(1_000);
    expect(s.intervalsMs.at(-1)).toBe(60_000);
    expect(parseSweepSettings({ profile: 'study', 'state-mode': 'bigstate' }).workload).toMatchObject({ stateMode: 'bigstate', bidders: 2_000 });
  });

  it.each([
    [{ 'state-mode': 'hybrid,huge' }, "Invalid --state-mode: 'hybrid,huge'. Allowed: one or more of bigstate, realistic, hybrid, comma-separated."],
    [{ 'state-mode': 'hybrid,hybrid' }, "Invalid --state-mode: 'hybrid,hybrid' lists a mode twice."],
    [
      { 'state-mode': 'hybrid,realistic', bidders: 'bigstate=10' },
      "Invalid --bidders: 'bigstate=10'. Allowed: a bidder count, or mode=count pairs for the swept modes (hybrid, realistic)",
    ],
    [{ 'state-mode': 'hybrid,realistic', bidders: 'hybrid=0' }, /--bidders: '0'/],
    [{ 'state-mode': 'hybrid,realistic', target: 'pulumi', stacks: 'ckpt-*' }, 'compare state modes on the local target'],
  ])('refuses a bad state-mode list %o naming the flag', (flags, message) => {
    expect(() => parseSweepSettings(flags)).toThrow(message);
  });

  it.each([
    [{ bidders: 'many' }, /Invalid value for --bidders: 'many'\. Allowed: /],
    [{ 'state-mode': 'huge' }, /--state-mode.*'huge'.*bigstate/],
    [{ rate: 'auto:2' }, /--rate/],
    [{ bidders: '0' }, /--bidders/],
  ])('refuses a bad workload flag %o naming the flag', (flags, message) => {
    expect(() => parseSweepSettings(flags)).toThrow(message);
  });

  it('makes each cell long enough for its failures', () => {
    const s = parseSweepSettings({ profile: 'quick', failures: '2' });
    expect(cellDurationMs(s, 0)).toBe(40_000);
    // Fast detection: outage ≈ 2 s + 5 s; at 0.6 × capacity the backlog drains at 1.5 s per second of outage + replay.
    expect(recoveryAllowanceMs(s, 60_000)).toBe(Math.round(7_000 + ((7_000 + 90_000) * 0.6) / 0.4 + 10_000));
    // Per failure: the health gate (2 × 60 s), two intervals to reach the phase, the recovery allowance.
    expect(cellDurationMs(s, 60_000)).toBe(2 * (120_000 + 2 * 60_000 + recoveryAllowanceMs(s, 60_000)));
    // A cost cell: ten checkpoints and one interval of slack, at least two minutes, whatever the failures.
    expect(cellDurationMs(s, 60_000, 'cost')).toBe(660_000);
    expect(cellDurationMs(s, 1_000, 'cost')).toBe(120_000);
    expect(cellDurationMs(s, 0, 'cost')).toBe(120_000);
    // Every cost cell starts its window at the same time after the restore; a recovery cell waits for its gate.
    expect(cellWarmupMs(s, 0, 'cost')).toBe(cellWarmupMs(s, 30_000, 'cost'));
    expect(cellWarmupMs(s, 30_000, 'recovery')).toBe(60_000);
    // Never shorter than the run's own allowance for a failure.
    expect(recoveryAllowanceMs(s, 1_000)).toBe(45_000);
    expect(cellDurationMs(parseSweepSettings({ profile: 'standard' }), 0)).toBe(180_000);
  });

  it.each([
    [{ profile: 'huge' }, /Invalid --profile: 'huge'\. Allowed: quick, standard, seed, study\./],
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
