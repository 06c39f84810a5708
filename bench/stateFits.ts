/**
 * Whether a workload's state fits the disks it will live on, checked before anything starts (pure,
 * and one I/O helper at the end). A state too large for them would fill the disk mid-run.
 */
import { existsSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkloadParameters } from '../workload/parameters.js';
import { MEAN_STATE_BYTES, nominalStateBytes } from '../workload/stateSize.js';

/**
 * Disk per byte of nominal state. Measured at 3,000,000 realistic bidders (3.07 GB nominal): 4.0 GB
 * of live RocksDB files and 3.2 GB per savepoint. RocksDB: its live files and room to compact them.
 * Checkpoint storage: the prefilled savepoint, the retained checkpoint and the final savepoint.
 */
export const ROCKSDB_BYTES_PER_NOMINAL_BYTE = 2;
export const CHECKPOINT_BYTES_PER_NOMINAL_BYTE = 3.5;

export interface DiskRoom {
  readonly rocksdbDir: string;
  readonly rocksdbFreeBytes: number;
  readonly checkpointDir: string;
  readonly checkpointFreeBytes: number;
  /** Both on one file system (the local cluster): their needs add up. */
  readonly sameDevice: boolean;
}

export interface StateFit {
  readonly fits: boolean;
  readonly nominalBytes: number;
  readonly needBytes: number;
  readonly freeBytes: number;
  /** Where it is short. */
  readonly where: string;
  /** The most bidders of this mode that fit. */
  readonly largestBidders: number;
}

export function stateFit(workload: Pick<WorkloadParameters, 'bidders' | 'stateMode'>, room: DiskRoom): StateFit {
  const nominalBytes = nominalStateBytes(workload);
  const mean = MEAN_STATE_BYTES[String(workload.stateMode)]!;
  const checks = room.sameDevice
    ? [{ where: room.rocksdbDir, factor: ROCKSDB_BYTES_PER_NOMINAL_BYTE + CHECKPOINT_BYTES_PER_NOMINAL_BYTE, free: room.rocksdbFreeBytes }]
    : [
        { where: `${room.rocksdbDir} (RocksDB)`, factor: ROCKSDB_BYTES_PER_NOMINAL_BYTE, free: room.rocksdbFreeBytes },
        { where: `${room.checkpointDir} (checkpoints)`, factor: CHECKPOINT_BYTES_PER_NOMINAL_BYTE, free: room.checkpointFreeBytes },
      ];
  const judged = checks.map((c) => ({ ...c, need: nominalBytes * c.factor, largest: Math.floor(c.free / (c.factor * mean)) }));
  const tightest = judged.reduce((a, b) => (b.largest < a.largest ? b : a));
  return {
    fits: judged.every((c) => c.need <= c.free),
    nominalBytes,
    needBytes: tightest.need,
    freeBytes: tightest.free,
    where: tightest.where,
    largestBidders: tightest.largest,
  };
}

const gb = (b: number) => `${(b / 1e9).toFixed(b < 10e9 ? 2 : 0)} GB`;

/** The refusal: both numbers and the largest bidder count that fits. */
export function stateFitMessage(workload: Pick<WorkloadParameters, 'bidders' | 'stateMode'>, fit: StateFit): string {
  return (
    `The state does not fit: ${Number(workload.bidders).toLocaleString('en-US')} ${String(workload.stateMode)} bidders are ${gb(fit.nominalBytes)} of state ` +
    `and need about ${gb(fit.needBytes)} of disk (RocksDB ${ROCKSDB_BYTES_PER_NOMINAL_BYTE} × and checkpoint storage ${CHECKPOINT_BYTES_PER_NOMINAL_BYTE} × the state), ` +
    `but ${fit.where} has ${gb(fit.freeBytes)} free. Allowed: at most ${fit.largestBidders.toLocaleString('en-US')} ${String(workload.stateMode)} bidders here.`
  );
}

/** Free bytes where `dir` is or will be (its nearest existing ancestor), and its device. */
function freeAt(dir: string): { free: number; device: number } {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  const s = statfsSync(d);
  return { free: s.bavail * s.bsize, device: statSync(d).dev };
}

/** The room on this machine's disks for a local cluster whose data lives in these directories. */
export function localDiskRoom(rocksdbDir: string, checkpointDir: string): DiskRoom {
  const r = freeAt(rocksdbDir);
  const c = freeAt(checkpointDir);
  return { rocksdbDir, rocksdbFreeBytes: r.free, checkpointDir, checkpointFreeBytes: c.free, sameDevice: r.device === c.device };
}
