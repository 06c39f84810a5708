/**
 * Where the cluster's CPU time comes from (METHOD.md, "the price of a checkpoint"): `/proc/<pid>/stat`
 * for local JVMs, Flink's `Status.JVM.CPU.Time` through REST for any other cluster; and the machine's
 * own busy and steal time from `/proc/stat`, the health record of a cell.
 */
import { readFileSync } from 'node:fs';
import type { FlinkClient } from '../rest/flinkClient.js';
import { metricNumber } from '../samples.js';

/** One process's CPU time and bytes written so far, as its kernel (or its JVM) counts them. */
export interface ProcessCpu {
  /** Stable across a process's life; a new process (a restarted TaskManager) has a new key. */
  readonly key: string;
  readonly cpuMs: number;
  readonly writeBytes?: number;
}

export interface CpuSource {
  readonly kind: 'proc' | 'rest';
  read(): Promise<ProcessCpu[]>;
}

/** Clock ticks per second of utime/stime: USER_HZ, 100 on every Linux build this project meets. */
const USER_HZ = 100;

/** utime + stime of `/proc/<pid>/stat` in ms (fields 14 and 15, counted after the command's closing parenthesis). */
export function parseProcStatCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14 → index 11, stime index 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** write_bytes of `/proc/<pid>/io`: bytes this process caused to be written to storage. */
export function parseProcIoWriteBytes(io: string): number | undefined {
  const m = /^write_bytes:\s*(\d+)/m.exec(io);
  return m ? Number(m[1]) : undefined;
}

/** The local cluster's processes, read from the kernel. `processes()` is asked each time: a restarted TaskManager has a new pid. */
export function procCpuSource(processes: () => readonly { readonly name: string; readonly pid: number }[]): CpuSource {
  return {
    kind: 'proc',
    read() {
      return Promise.resolve(
        processes().flatMap((p) => {
          try {
            const cpuMs = parseProcStatCpuMs(readFileSync(`/proc/${p.pid}/stat`, 'utf8'));
            let writeBytes: number | undefined;
            try {
              writeBytes = parseProcIoWriteBytes(readFileSync(`/proc/${p.pid}/io`, 'utf8'));
            } catch {
              writeBytes = undefined;
            }
            return [{ key: `${p.name}:${p.pid}`, cpuMs, writeBytes }];
          } catch {
            return []; // gone between the listing and the read
          }
        }),
      );
    },
  };
}

const CPU_TIME = 'Status.JVM.CPU.Time';

/** Any Flink cluster: each JVM's own CPU time (ns) through REST; the JobManager, then every TaskManager. */
export function restCpuSource(client: FlinkClient): CpuSource {
  return {
    kind: 'rest',
    async read() {
      const [jm, tms] = await Promise.all([client.jobManagerMetrics([CPU_TIME]).catch(() => []), client.taskManagers().catch(() => [])]);
      const tmCpu = await Promise.all(
        tms.map(async (tm) => ({ id: tm.id, ns: metricNumber(await client.taskManagerMetrics(tm.id, [CPU_TIME]).catch(() => []), CPU_TIME) })),
      );
      const jmNs = metricNumber(jm, CPU_TIME);
      return [
        ...(jmNs !== undefined ? [{ key: 'jobmanager', cpuMs: jmNs / 1e6 }] : []),
        ...tmCpu.flatMap((t) => (t.ns !== undefined ? [{ key: t.id, cpuMs: t.ns / 1e6 }] : [])),
      ];
    },
  };
}

/** The whole machine's CPU so far, summed over its cores, in ms: busy (user, nice, system, irq, softirq) and steal. */
export interface HostCpu {
  readonly busyMs: number;
  readonly stealMs: number;
}

/** The `cpu` line of /proc/stat. */
export function parseHostCpu(procStat: string): HostCpu | undefined {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const tick = 1000 / USER_HZ;
  return { busyMs: (user! + nice! + system! + irq! + softirq!) * tick, stealMs: (steal ?? 0) * tick };
}

export function readHostCpu(): HostCpu | undefined {
  try {
    return parseHostCpu(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}
