/**
 * Samples the cluster's CPU time once a second while a run goes on, beside the REST samples: the
 * series the price of a checkpoint is computed from (bench/cpu/checkpointPrice.ts).
 */
import { readHostCpu, type CpuSource, type HostCpu, type ProcessCpu } from './cpuSources.js';

/** Cumulative figures at one moment, counted from the meter's start. */
export interface CpuSample {
  readonly atMs: number;
  /** CPU-ms of the cluster's JVMs (a process seen for the first time counts from that reading). */
  readonly clusterCpuMs: number;
  /** Bytes those processes caused to be written to storage, where the platform tells. */
  readonly clusterWriteBytes?: number;
  /** The machine's busy and steal time, all cores. */
  readonly hostBusyMs?: number;
  readonly hostStealMs?: number;
}

/** Adds the growth of each process's counters since the last reading (pure). */
export function accumulate(
  last: ReadonlyMap<string, ProcessCpu>,
  now: readonly ProcessCpu[],
  totals: { readonly cpuMs: number; readonly writeBytes?: number },
): { cpuMs: number; writeBytes?: number } {
  let cpuMs = totals.cpuMs;
  let writeBytes = totals.writeBytes;
  for (const p of now) {
    const before = last.get(p.key);
    if (!before) continue;
    cpuMs += Math.max(0, p.cpuMs - before.cpuMs);
    if (p.writeBytes !== undefined && before.writeBytes !== undefined) writeBytes = (writeBytes ?? 0) + Math.max(0, p.writeBytes - before.writeBytes);
  }
  return { cpuMs, writeBytes };
}

export class CpuMeter {
  private readonly series: CpuSample[] = [];
  private last = new Map<string, ProcessCpu>();
  private totals: { cpuMs: number; writeBytes?: number } = { cpuMs: 0 };
  private hostStart?: HostCpu;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;

  constructor(
    private readonly source: CpuSource,
    private readonly periodMs = 1_000,
  ) {}

  get kind(): CpuSource['kind'] {
    return this.source.kind;
  }

  async start(): Promise<void> {
    await this.readOnce();
    this.timer = setInterval(() => {
      this.reading ??= this.readOnce().finally(() => (this.reading = undefined));
    }, this.periodMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
  }

  samples(): readonly CpuSample[] {
    return this.series;
  }

  private async readOnce(): Promise<void> {
    const now = await this.source.read().catch(() => undefined);
    if (!now) return;
    const host = readHostCpu();
    this.hostStart ??= host;
    this.totals = accumulate(this.last, now, this.totals);
    this.last = new Map(now.map((p) => [p.key, p]));
    this.series.push({
      atMs: Date.now(),
      clusterCpuMs: this.totals.cpuMs,
      clusterWriteBytes: this.totals.writeBytes,
      hostBusyMs: host && this.hostStart ? host.busyMs - this.hostStart.busyMs : undefined,
      hostStealMs: host && this.hostStart ? host.stealMs - this.hostStart.stealMs : undefined,
    });
  }
}
