import { describe, expect, it } from 'vitest';
import { CHECKPOINT_BYTES_PER_NOMINAL_BYTE, ROCKSDB_BYTES_PER_NOMINAL_BYTE, stateFit, stateFitMessage, type DiskRoom } from './stateFits.js';

const GB = 1e9;
const local = (freeBytes: number): DiskRoom => ({
  rocksdbDir: '/d/rocksdb',
  rocksdbFreeBytes: freeBytes,
  checkpointDir: '/d/checkpoints',
  checkpointFreeBytes: freeBytes,
  sameDevice: true,
});

describe('whether the state fits the disks', () => {
  it('refuses bigstate at 3,000,000 bidders on a 50 GB disk, with both numbers and the largest count that fits', () => {
    const workload = { bidders: 3_000_000, stateMode: 'bigstate' } as const;
    const fit = stateFit(workload, local(50 * GB));
    expect(fit.fits).toBe(false);
    expect(fit.nominalBytes).toBeCloseTo(3_000_000 * 110 * 1024, -3);
    expect(fit.needBytes).toBeCloseTo(fit.nominalBytes * (ROCKSDB_BYTES_PER_NOMINAL_BYTE + CHECKPOINT_BYTES_PER_NOMINAL_BYTE), -3);
    // The largest count that fits does fit, and one more does not.
    expect(stateFit({ ...workload, bidders: fit.largestBidders }, local(50 * GB)).fits).toBe(true);
    expect(stateFit({ ...workload, bidders: fit.largestBidders + 1 }, local(50 * GB)).fits).toBe(false);
    const message = stateFitMessage(workload, fit);
    expect(message).toContain('3,000,000 bigstate bidders are 338 GB of state');
    expect(message).toContain('has 50 GB free');
    expect(message).toContain(`at most ${fit.largestBidders.toLocaleString('en-US')} bigstate bidders`);
  });

  it("lets the seed's realistic state through where it fits", () => {
    expect(stateFit({ bidders: 3_000_000, stateMode: 'realistic' }, local(50 * GB)).fits).toBe(true);
  });

  it('judges RocksDB and the checkpoint storage apart when they are different disks, naming the short one', () => {
    const room: DiskRoom = {
      rocksdbDir: '/hdd/rocksdb',
      rocksdbFreeBytes: 100 * GB,
      checkpointDir: '/nfs/ckpt',
      checkpointFreeBytes: 5 * GB,
      sameDevice: false,
    };
    const fit = stateFit({ bidders: 3_000_000, stateMode: 'realistic' }, room);
    expect(fit.fits).toBe(false);
    expect(fit.where).toContain('/nfs/ckpt');
    expect(fit.needBytes).toBeCloseTo(3_072_000_000 * CHECKPOINT_BYTES_PER_NOMINAL_BYTE, -3);
  });
});
