/**
 * What a stack file says each container may use, and what the container actually got: for the
 * real-container tests, which check the engines (docker inspect) and the kernel (cgroup files seen
 * from inside the container) against the numbers in Pulumi.<stack>.yaml, not against the program.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import type { DockerApi } from './dockerApi.js';

export interface ExpectedContainer {
  /** `ckpt-<stack>-<host name>`, the stack's container naming. */
  readonly container: string;
  readonly role: string;
  readonly dockerHost: string;
  readonly address: string;
  readonly hddPath: string;
  readonly cpus: number;
  readonly memoryBytes: number;
}

interface HostYaml {
  name: string;
  role: string;
  dockerHost: string;
  address: string;
  hddPath: string;
  cpus?: number;
  memoryMb?: number;
}

/** Reads Pulumi.<stack>.yaml: each host's container with its CPU and memory limit (a host's own value, else the stack's). */
export function expectedContainers(stack: string): ExpectedContainer[] {
  const config = (parseYaml(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> }).config;
  return (config['ckpt-lab:hosts'] as HostYaml[]).map((h) => ({
    container: `ckpt-${stack}-${h.name}`,
    role: h.role,
    dockerHost: h.dockerHost,
    address: h.address,
    hddPath: h.hddPath,
    cpus: h.cpus ?? (config['ckpt-lab:cpus'] as number),
    memoryBytes: (h.memoryMb ?? (config['ckpt-lab:memoryMb'] as number)) * 1024 * 1024,
  }));
}

/** What the engine and the kernel should report for a container the stack file describes. */
export function limitsAsDeclared(e: ExpectedContainer): ObservedLimits {
  return {
    nanoCpus: e.cpus * 1e9,
    memoryBytes: e.memoryBytes,
    restartPolicy: 'unless-stopped',
    init: true,
    cgroupCpus: e.cpus,
    cgroupMemoryBytes: e.memoryBytes,
  };
}

export interface ObservedLimits {
  readonly nanoCpus: number;
  readonly memoryBytes: number;
  readonly restartPolicy: string;
  readonly init: boolean;
  /** The CFS quota ÷ period, read inside the container (cgroup v2 or v1). */
  readonly cgroupCpus: number;
  /** The memory limit, read inside the container (cgroup v2 or v1). */
  readonly cgroupMemoryBytes: number;
}

/**
 * Reads the limits the kernel enforces, from inside the container: cgroup v2 (`cpu.max` "quota period",
 * `memory.max`) or, on a v1 host, `cpu.cfs_quota_us` / `cpu.cfs_period_us` and `memory.limit_in_bytes`.
 */
const CGROUP_LIMITS = [
  'if [ -f /sys/fs/cgroup/cpu.max ]; then cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.max;',
  'else echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"; cat /sys/fs/cgroup/memory/memory.limit_in_bytes; fi',
].join(' ');

export async function observedLimits(api: DockerApi, container: string): Promise<ObservedLimits> {
  const i = await api.inspect(container);
  const cg = await api.execOutput(container, ['sh', '-c', CGROUP_LIMITS]);
  if (cg.exitCode !== 0) throw new Error(`reading the cgroup files in ${container} exited ${cg.exitCode}`);
  const [cpuMax = '', memoryMax = ''] = cg.stdout.trim().split('\n');
  const [quota, period] = cpuMax.split(' ').map(Number);
  return {
    nanoCpus: i.HostConfig.NanoCpus,
    memoryBytes: i.HostConfig.Memory,
    restartPolicy: i.HostConfig.RestartPolicy.Name,
    init: i.HostConfig.Init === true,
    cgroupCpus: quota! / period!,
    cgroupMemoryBytes: Number(memoryMax),
  };
}
