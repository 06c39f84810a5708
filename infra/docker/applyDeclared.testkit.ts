/**
 * Creates on real Docker engines exactly the networks, volumes and containers a Pulumi program
 * declared (captured through the mocks), with the Docker Engine API — what the Docker provider would
 * do, for tests on a machine without the Pulumi CLI. Tests only. Each resource goes to the engine of
 * the provider it was declared with (unix socket or ssh://).
 *
 * The mapping of declared inputs to Engine API fields follows kreuzwerker/terraform-provider-docker
 * (which @pulumi/docker 5.2.0 wraps), internal/provider/resource_docker_container_funcs.go,
 * resourceDockerContainerCreate: `memory` and `memory_swap` MB × 1024 × 1024; `restart` →
 * RestartPolicy.Name; `init` → HostConfig.Init; `healthcheck` durations by Go's ParseDuration;
 * `mounts` → Mount{Type, Source, Target}; `ports` → ExposedPorts and PortBindings; the container is
 * created, then put on its `networks_advanced` with their aliases. `cpus` is the docker CLI's `--cpus`:
 * NanoCpus = cpus × 1e9 (the stored version of that file predates `cpus`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeclaredResource } from '../pulumi/captureStack.testkit.js';
import { DockerApi } from './dockerApi.js';
import {
  createContainer,
  createNetwork,
  createVolume,
  listContainers,
  listNetworks,
  listVolumes,
  removeContainer,
  removeNetwork,
  removeVolume,
  startContainer,
  type DeclaredNames,
} from './dockerResources.testkit.js';
import { sleep } from '../../lib/sleep.js';
import { pollUntil } from '../../lib/pollUntil.js';

const NS: Record<string, number> = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** `5s` → nanoseconds, as the Engine API takes health-check durations. */
export function nanos(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`Not a duration: ${text}`);
  return Math.round(Number(m[1]) * NS[m[2]!]!);
}

/** A secret input as the mocks hand it over: `{ <secret signature>: …, value }`. */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const plain = <T>(v: T | { [SECRET_SIG]: string; value: T }): T => (v && typeof v === 'object' && SECRET_SIG in v ? (v as { value: T }).value : v);

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
    Healthcheck: hc
      ? { Test: hc.tests, Interval: nanos(hc.interval), Timeout: nanos(hc.timeout), StartPeriod: nanos(hc.startPeriod), Retries: hc.retries }
      : undefined,
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
  /** Container name → the Docker host it runs on. */
  readonly containers: ReadonlyMap<string, string>;
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
}

/** The Docker host each Docker resource is declared on: its provider's `host`. */
export function engineOf(resources: readonly DeclaredResource[], r: DeclaredResource): string {
  const provider = resources.find((p) => p.name === r.provider && p.type === 'pulumi:providers:docker');
  if (!provider) throw new Error(`${r.name} has no Docker provider among the declared resources`);
  return provider.inputs.host as string;
}

/** Every Docker host the resources are declared on. */
export const enginesOf = (resources: readonly DeclaredResource[]) => [
  ...new Set(resources.filter((r) => r.type === 'pulumi:providers:docker').map((p) => p.inputs.host as string)),
];

async function waitHealthy(api: DockerApi, name: string, timeoutMs: number): Promise<void> {
  await pollUntil({ deadlineMs: Date.now() + timeoutMs, what: `container ${name} to be healthy` }, async (seen) => {
    const s = (await api.inspect(name)).State;
    if (s.Health?.Status === 'healthy') return true;
    if (!s.Running && s.Status !== 'restarting' && s.Status !== 'created') throw new Error(`${name} stopped (${s.Status}, exit ${s.ExitCode})`);
    seen(`health ${s.Health?.Status}`);
    return undefined;
  });
}

/**
 * Applies the declared resources in the order their dependencies give: HDD directories (the declared
 * commands, run as they are), networks, volumes, then containers — each waited healthy when declared `wait`.
 */
export async function applyDeclared(resources: readonly DeclaredResource[], log: (l: string) => void = () => {}): Promise<Applied> {
  const applied = { containers: new Map<string, string>(), networks: [] as string[], volumes: [] as string[] };
  const api = (r: DeclaredResource) => new DockerApi(engineOf(resources, r));
  for (const c of resources.filter((r) => r.type === 'command:local:Command' && String(r.inputs.create).includes('mkdir -p'))) {
    // As the command provider runs it: with its declared environment (the ssh key's wrapper on PATH).
    const r = spawnSync('sh', ['-c', c.inputs.create], { encoding: 'utf8', env: commandEnvironment(c) });
    if (r.status !== 0) throw new Error(`${c.name}: ${c.inputs.create} failed: ${r.stderr}`);
  }
  for (const n of resources.filter((r) => r.type === 'docker:index/network:Network')) {
    await createNetwork(api(n), { Name: n.inputs.name, Driver: n.inputs.driver, Attachable: n.inputs.attachable, Labels: labelsOf(n) });
    applied.networks.push(n.inputs.name);
  }
  for (const v of resources.filter((r) => r.type === 'docker:index/volume:Volume')) {
    await createVolume(api(v), { Name: v.inputs.name, Driver: v.inputs.driver, DriverOpts: v.inputs.driverOpts, Labels: labelsOf(v) });
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
    const engine = api(c);
    const { Id } = await createContainer(engine, c.inputs.name, containerBody(c));
    applied.containers.set(c.inputs.name, engine.dockerHost);
    await startContainer(engine, Id);
    log(`started ${c.inputs.name} on ${engine.dockerHost}`);
    if (c.inputs.wait) await waitHealthy(engine, c.inputs.name, (c.inputs.waitTimeout ?? 60) * 1000);
    started.add(c.parent!);
  }
  return applied;
}

/** What `pulumi destroy` would remove on one engine: the stack's containers, networks and volumes, by label. */
export async function removeStack(api: DockerApi, stack: string): Promise<void> {
  const label = `ckpt-lab.stack=${stack}`;
  for (const c of await listContainers(api, label)) await removeContainer(api, c.Id);
  for (const n of await listNetworks(api, label)) await removeNetwork(api, n.Id);
  for (const v of (await listVolumes(api, label)).Volumes ?? []) await removeVolume(api, v.Name);
}

/** The declared commands' `delete`, run as the command provider runs it on destroy (keepData: false removes the HDD directories). */
export function runDeleteCommands(resources: readonly DeclaredResource[]): void {
  for (const c of resources.filter((x) => x.type === 'command:local:Command' && x.inputs.delete)) {
    spawnSync('sh', ['-c', c.inputs.delete], { env: commandEnvironment(c) });
  }
}

/** The environment a declared command runs with (its secret environment unwrapped). */
export const commandEnvironment = (c: DeclaredResource): NodeJS.ProcessEnv => ({ ...process.env, ...(plain(c.inputs.environment) ?? {}) });

/** A completed checkpoint (its `_metadata` written) under `<dir>/<job>/chk-<n>/`. */
function hasCompletedCheckpoint(dir: string): boolean {
  return (
    existsSync(dir) &&
    readdirSync(dir).some((job) => readdirSync(join(dir, job)).some((c) => /^chk-\d+$/.test(c) && existsSync(join(dir, job, c, '_metadata'))))
  );
}

/**
 * Runs the stack's declared post-deploy bench command as the command provider would (its directory
 * and environment), its stderr passed through, while watching `checkpointsDir` for a completed checkpoint.
 */
export async function runBenchCommand(bench: DeclaredResource, checkpointsDir: string): Promise<{ code: number; stdout: string; sawCheckpoint: boolean }> {
  const child = spawn('sh', ['-c', bench.inputs.create], { cwd: bench.inputs.dir, env: commandEnvironment(bench), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  let sawCheckpoint = false;
  for (;;) {
    const finished = await Promise.race([exited.then(() => true), sleep(1000).then(() => false)]);
    sawCheckpoint ||= hasCompletedCheckpoint(checkpointsDir);
    if (finished) return { code: await exited, stdout, sawCheckpoint };
  }
}

/** The names, images and host directories a leftover of these resources would be known by (dockerResources.testkit.ts leftoversOf). */
export function declaredNames(resources: readonly DeclaredResource[]): DeclaredNames {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const containers = of('docker:index/container:Container');
  const mounts = containers.flatMap((c) => (c.inputs.mounts ?? []) as { type?: string; source: string }[]);
  return {
    containerNames: containers.map((c) => String(c.inputs.name)),
    images: [...new Set(containers.map((c) => String(c.inputs.image)))],
    hostDirs: [...new Set(mounts.filter((m) => m.type === 'bind').map((m) => m.source))],
    networkNames: of('docker:index/network:Network').map((n) => String(n.inputs.name)),
    volumeNames: of('docker:index/volume:Volume').map((v) => String(v.inputs.name)),
  };
}
