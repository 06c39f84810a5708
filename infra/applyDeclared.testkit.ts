/**
 * Creates on a real Docker engine exactly the networks, volumes and containers a Pulumi program
 * declared (captured through the mocks), with the Docker Engine API — what the Docker provider would
 * do, for tests on a machine without the Pulumi CLI. Tests only.
 */
import { spawnSync } from 'node:child_process';
import type { DeclaredResource } from './captureStack.testkit.js';
import { DockerApi } from './dockerApi.js';

const NS: Record<string, number> = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** `5s` → nanoseconds, as the Engine API takes health-check durations. */
export function nanos(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`Not a duration: ${text}`);
  return Math.round(Number(m[1]) * NS[m[2]!]!);
}

const labelsOf = (r: DeclaredResource) => Object.fromEntries(((r.inputs.labels ?? []) as { label: string; value: string }[]).map((l) => [l.label, l.value]));

/** The Engine API body for a declared docker:index/container:Container. */
export function containerBody(r: DeclaredResource): Record<string, unknown> {
  const i = r.inputs;
  const ports = (i.ports ?? []) as { internal: number; external: number; ip: string; protocol: string }[];
  const net = (i.networksAdvanced ?? [])[0] as { name: string; aliases: string[] } | undefined;
  const hc = i.healthcheck as { tests: string[]; interval: string; timeout: string; startPeriod: string; retries: number } | undefined;
  return {
    Image: i.image,
    Hostname: i.hostname,
    Cmd: i.command,
    Env: i.envs,
    Labels: labelsOf(r),
    ExposedPorts: Object.fromEntries(ports.map((p) => [`${p.internal}/${p.protocol}`, {}])),
    Healthcheck: hc ? { Test: hc.tests, Interval: nanos(hc.interval), Timeout: nanos(hc.timeout), StartPeriod: nanos(hc.startPeriod), Retries: hc.retries } : undefined,
    HostConfig: {
      NanoCpus: Math.round(Number(i.cpus) * 1e9),
      Memory: i.memory * 1024 * 1024,
      MemorySwap: (i.memorySwap ?? i.memory) * 1024 * 1024,
      RestartPolicy: { Name: i.restart },
      Init: i.init === true,
      PortBindings: Object.fromEntries(ports.map((p) => [`${p.internal}/${p.protocol}`, [{ HostIp: p.ip, HostPort: String(p.external) }]])),
      Mounts: ((i.mounts ?? []) as { type: string; source: string; target: string }[]).map((m) => ({ Type: m.type, Source: m.source, Target: m.target })),
    },
    NetworkingConfig: net ? { EndpointsConfig: { [net.name]: { Aliases: net.aliases } } } : undefined,
  };
}

export interface Applied {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(api: DockerApi, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await api.inspect(name)).State;
    if (s.Health?.Status === 'healthy') return;
    if (!s.Running && s.Status !== 'restarting' && s.Status !== 'created') throw new Error(`${name} stopped (${s.Status}, exit ${s.ExitCode})`);
    if (Date.now() > deadline) throw new Error(`${name} was not healthy within ${timeoutMs / 1000} s (health ${s.Health?.Status})`);
    await sleep(500);
  }
}

/**
 * Applies the declared resources in the order their dependencies give: HDD directories (the declared
 * commands, run as they are), networks, volumes, then containers — each waited healthy when declared `wait`.
 */
export async function applyDeclared(api: DockerApi, resources: readonly DeclaredResource[], log: (l: string) => void = () => {}): Promise<Applied> {
  const applied = { containers: [] as string[], networks: [] as string[], volumes: [] as string[] };
  for (const c of resources.filter((r) => r.type === 'command:local:Command' && String(r.inputs.create).includes('mkdir -p'))) {
    const r = spawnSync('sh', ['-c', c.inputs.create], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${c.name}: ${c.inputs.create} failed: ${r.stderr}`);
  }
  for (const n of resources.filter((r) => r.type === 'docker:index/network:Network')) {
    await api.createNetwork({ Name: n.inputs.name, Driver: n.inputs.driver, Attachable: n.inputs.attachable, Labels: labelsOf(n) });
    applied.networks.push(n.inputs.name);
  }
  for (const v of resources.filter((r) => r.type === 'docker:index/volume:Volume')) {
    await api.createVolume({ Name: v.inputs.name, Driver: v.inputs.driver, DriverOpts: v.inputs.driverOpts, Labels: labelsOf(v) });
    applied.volumes.push(v.inputs.name);
  }
  // A container starts after the containers it depends on (through its component) are healthy.
  const containers = resources.filter((r) => r.type === 'docker:index/container:Container');
  const componentOf = (c: DeclaredResource) => resources.find((r) => r.name === c.parent);
  const pending = [...containers];
  const started = new Set<string>();
  while (pending.length) {
    const idx = pending.findIndex((c) => (componentOf(c)?.dependsOn ?? []).every((d) => !containers.some((o) => o.parent === d) || started.has(d)));
    if (idx < 0) throw new Error('The declared containers depend on each other in a cycle');
    const c = pending.splice(idx, 1)[0]!;
    const { Id } = await api.createContainer(c.inputs.name, containerBody(c));
    applied.containers.push(c.inputs.name);
    await api.startContainer(Id);
    log(`started ${c.inputs.name}`);
    if (c.inputs.wait) await waitHealthy(api, c.inputs.name, (c.inputs.waitTimeout ?? 60) * 1000);
    started.add(c.parent!);
  }
  return applied;
}

/** What `pulumi destroy` would remove: the stack's containers, networks and volumes, by label. */
export async function removeStack(api: DockerApi, stack: string): Promise<void> {
  const label = `ckpt-lab.stack=${stack}`;
  for (const c of await api.listContainers(label)) await api.removeContainer(c.Id);
  for (const n of await api.listNetworks(label)) await api.removeNetwork(n.Id);
  for (const v of (await api.listVolumes(label)).Volumes ?? []) await api.removeVolume(v.Name);
}
