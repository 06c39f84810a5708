import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { captureStack, ofType, stackConfig, type DeclaredResource } from './captureStack.testkit.js';
import { parse as parseYaml } from 'yaml';
import { parseDurationMs } from '../../lib/duration.js';
import { expectedContainers } from '../docker/containerLimits.testkit.js';
import { parseStackConfig } from './stackConfig.js';

const STACKS = readdirSync(REPO_ROOT).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);

/** The stack's validated config, parsed the way the program reads it. */
function parsed(stack: string) {
  const raw = Object.fromEntries(
    Object.entries(stackConfig(stack)).map(([k, v]) => {
      try {
        return [k.replace(/^ckpt-lab:/, ''), JSON.parse(v)];
      } catch {
        return [k.replace(/^ckpt-lab:/, ''), v];
      }
    }),
  );
  return parseStackConfig(raw);
}

const envOf = (c: DeclaredResource, key: string) => (c.inputs.envs as string[]).find((e) => e.startsWith(`${key}=`))?.slice(key.length + 1);

describe.each(STACKS)('Pulumi.%s.yaml', (stack) => {
  // What the declared resources must carry is read from the stack file itself, not from the program's plan.
  const yaml = (parseYaml(readFileSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, any> }).config;
  const checkpoint = yaml['ckpt-lab:checkpoint'] as { interval: string; stateBackend: string; mode: string };
  const storage = yaml['ckpt-lab:storage'] as { kind: string; path?: string };

  it('declares one container per host with its limits, ports, mounts and the rendered Flink configuration', async () => {
    const expected = expectedContainers(stack);
    const { resources, exports } = await captureStack(stack);
    const containers = ofType(resources, 'docker:index/container:Container');
    expect(containers.map((c) => c.inputs.name).sort()).toEqual(expected.map((e) => e.container).sort());
    const intervalMs = checkpoint.interval === 'off' ? 0 : parseDurationMs('interval', checkpoint.interval);
    for (const c of containers) {
      const e = expected.find((x) => x.container === c.inputs.name)!;
      expect(c.inputs.cpus).toBe(String(e.cpus));
      expect(c.inputs.memory * 1024 * 1024).toBe(e.memoryBytes);
      expect(c.inputs.restart).toBe('unless-stopped');
      expect(c.inputs.init).toBe(true);
      expect(c.inputs.wait).toBe(true);
      expect(c.inputs.healthcheck.tests.length).toBeGreaterThan(1);
      expect(c.inputs.command).toEqual([e.role]);
      // FLINK_PROPERTIES carries the stack's checkpointing, and the fixed ports the hosts publish.
      const conf = parseYaml(envOf(c, 'FLINK_PROPERTIES')!) as Record<string, string | number | boolean>;
      expect(conf['state.backend.type']).toBe(checkpoint.stateBackend);
      if (intervalMs > 0) {
        expect(conf['execution.checkpointing.interval']).toBe(`${intervalMs}ms`);
        expect(conf['execution.checkpointing.mode']).toBe(checkpoint.mode);
      } else {
        expect(conf['execution.checkpointing.interval']).toBeUndefined();
      }
      expect(conf['metrics.internal.query-service.port']).toBe(6125);
      expect(c.inputs.mounts.map((m: { target: string }) => m.target).sort()).toEqual(['/flink-data/rocksdb', '/flink-data/shared']);
      // Binds stay on the host's HDD, or in the directory every host mounts (storage kind mounted).
      const roots = [e.hddPath, ...(storage.kind === 'mounted' ? [storage.path!] : [])];
      for (const m of c.inputs.mounts.filter((x: { type: string }) => x.type === 'bind'))
        expect(
          roots.some((r) => m.source.startsWith(`${r}/`)),
          m.source,
        ).toBe(true);
      for (const port of c.inputs.ports ?? []) expect(port.ip).toBe(e.address);
    }
    const jm = expected.find((e) => e.role === 'jobmanager')!;
    const jmContainer = containers.find((c) => c.inputs.name === jm.container)!;
    expect(jmContainer.inputs.ports.some((p: { internal: number; external: number }) => p.internal === 8081 && p.external === yaml['ckpt-lab:restPort'])).toBe(
      true,
    );
    expect(exports.checkpointIntervalMs).toBe(intervalMs);
    expect(exports.restUrl).toBe(`http://${jm.address}:${yaml['ckpt-lab:restPort']}`);
    expect(
      ofType(resources, 'pulumi:providers:docker')
        .map((p) => p.inputs.host)
        .sort(),
    ).toEqual([...new Set(expected.map((e) => e.dockerHost))].sort());
  });

  it('runs the bench after the cluster and exports its summary', async () => {
    const cfg = parsed(stack);
    const { resources, exports } = await captureStack(stack);
    const commands = ofType(resources, 'command:local:Command');
    const bench = commands.find((c) => String(c.inputs.create).includes(' run --rest '));
    if (!cfg.bench.enabled) {
      expect(bench).toBeUndefined();
      return;
    }
    const jm = expectedContainers(stack).find((e) => e.role === 'jobmanager')!;
    expect(bench!.inputs.create).toContain(`--rest http://${jm.address}:${yaml['ckpt-lab:restPort']}`);
    expect(bench!.inputs.create).toContain('--json');
    // Nothing else bounds the bench inside `pulumi up`: its own limit, the windows plus room.
    const limit = /--time-limit (\d+)(s|m|h)\b/.exec(String(bench!.inputs.create));
    expect(limit).not.toBeNull();
    const limitMs = Number(limit![1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[limit![2] as 's' | 'm' | 'h'];
    expect(limitMs).toBeGreaterThan(cfg.bench.warmupMs + cfg.bench.durationMs);
    expect(bench!.inputs.triggers[0]).toBe(cfg.benchRun);
    if (cfg.bench.failure === 'tm-kill') expect(bench!.inputs.create).toContain('--docker-taskmanagers');
    // The stack outputs are the bench's figures, named as a user reads them: the mock printed the made-up
    // summary of captureStack.testkit.ts (SYNTHETIC_BENCH_STDOUT), whose figures are written out here.
    expect(exports).toMatchObject({
      throughputEventsPerSec: 4_321.5,
      capacityEventsPerSec: 8_765,
      latencyP99Ms: 432,
      checkpointDurationMsMedian: 321,
      checkpointedSizeBytesMedian: 12_345_678,
      recoveryMsMedian: 23_456,
      failuresNotCaughtUp: 0,
      verificationOk: true,
      resultsPath: '/results/synthetic/run.json',
    });
  });
});

describe('the dev stack', () => {
  it('puts all roles on the local engine with one shared network and local checkpoint storage', async () => {
    const { resources } = await captureStack('dev');
    expect(ofType(resources, 'docker:index/network:Network').map((n) => n.inputs.name)).toEqual(['ckpt-dev-local']);
    expect(ofType(resources, 'docker:index/volume:Volume')).toEqual([]);
    const containers = ofType(resources, 'docker:index/container:Container');
    for (const c of containers) expect(c.inputs.networksAdvanced).toEqual([{ name: 'ckpt-dev-local', aliases: [c.inputs.name] }]);
    // Shared engine: only the REST port is published, on the advertised address.
    expect(containers.flatMap((c) => c.inputs.ports ?? [])).toEqual([{ internal: 8081, external: 18081, ip: '127.0.0.1', protocol: 'tcp' }]);
    const hostData = ofType(resources, 'command:local:Command').filter((c) => String(c.inputs.create).includes('mkdir -p'));
    expect(hostData).toHaveLength(1);
    expect(hostData[0]!.inputs.delete).toContain('rm -rf'); // keepData: false
  });
});

/** A secret input as the mocks see it: Pulumi's secret envelope around the value. */
const revealed = (v: any): any => (v && typeof v === 'object' && '4dabf18193072939515e22adb298388d' in v ? v.value : v);

describe('a three-host stack', () => {
  const threeHosts = {
    ...stackConfig('dev'),
    'ckpt-lab:image': 'flink:1.18.1-scala_2.12-java11',
    'ckpt-lab:pullImage': 'true',
    'ckpt-lab:cpus': '4',
    'ckpt-lab:memoryMb': '8192',
    'ckpt-lab:keepData': 'true',
    'ckpt-lab:hosts': JSON.stringify([
      { name: 'jm', dockerHost: 'ssh://flink@10.0.0.1', address: '10.0.0.1', role: 'jobmanager', hddPath: '/mnt/hdd' },
      { name: 'tm1', dockerHost: 'ssh://flink@10.0.0.2', address: '10.0.0.2', role: 'taskmanager', hddPath: '/mnt/hdd' },
      { name: 'tm2', dockerHost: 'ssh://flink@10.0.0.3:2222', address: '10.0.0.3', role: 'taskmanager', hddPath: '/mnt/hdd' },
    ]),
    'ckpt-lab:storage': JSON.stringify({ kind: 'nfs', server: '10.0.0.9', export: '/exports/flink' }),
  };

  it('declares a provider, network, NFS volume and published Flink ports per host', async () => {
    const { resources } = await captureStack('three', threeHosts);
    expect(ofType(resources, 'pulumi:providers:docker').map((p) => p.inputs.host)).toEqual([
      'ssh://flink@10.0.0.1',
      'ssh://flink@10.0.0.2',
      'ssh://flink@10.0.0.3:2222',
    ]);
    expect(ofType(resources, 'docker:index/network:Network')).toHaveLength(3);
    const volumes = ofType(resources, 'docker:index/volume:Volume');
    expect(volumes).toHaveLength(3);
    for (const v of volumes) expect(v.inputs.driverOpts).toEqual({ type: 'nfs', o: 'addr=10.0.0.9,rw,nfsvers=4', device: ':/exports/flink' });
    expect(ofType(resources, 'docker:index/remoteImage:RemoteImage').map((i) => i.inputs.name)).toEqual(Array(3).fill('flink:1.18.1-scala_2.12-java11'));
    const containers = ofType(resources, 'docker:index/container:Container');
    const tm2 = containers.find((c) => c.inputs.name === 'ckpt-three-tm2')!;
    expect(tm2.inputs.cpus).toBe('4');
    expect(tm2.inputs.memory).toBe(8192);
    // The metric query service too: the JobManager's REST server reads TaskManager metrics through it.
    expect(tm2.inputs.ports.map((p: { internal: number; ip: string }) => `${p.ip}:${p.internal}`)).toEqual(['10.0.0.3:6122', '10.0.0.3:6121', '10.0.0.3:6125']);
    const jm = containers.find((c) => c.inputs.name === 'ckpt-three-jm')!;
    expect(jm.inputs.ports.map((p: { internal: number }) => p.internal)).toContain(6125);
    const props = envOf(tm2, 'FLINK_PROPERTIES')!;
    expect(props).toContain('metrics.internal.query-service.port: 6125');
    expect(props).toContain('jobmanager.rpc.address: 10.0.0.1');
    expect(props).toContain('taskmanager.host: 10.0.0.3');
    expect(props).toContain('taskmanager.memory.process.size: 7936m');
    expect(tm2.inputs.image).toBe('flink:1.18.1-scala_2.12-java11@sha256:0');
    // keepData: true → nothing deletes the HDD directories on destroy.
    for (const c of ofType(resources, 'command:local:Command').filter((x) => String(x.inputs.create).includes('mkdir -p')))
      expect(c.inputs.delete).toBeUndefined();
  });

  it('keeps the SSH key a secret and hands it to the Docker providers', async () => {
    const { resources } = await captureStack('three', {
      ...threeHosts,
      'ckpt-lab:sshKey': '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
    });
    const provider = ofType(resources, 'pulumi:providers:docker')[0]!;
    // The mocks see the resolved value; the key itself is not in it, only its private file.
    expect(JSON.stringify(provider.inputs)).not.toContain('BEGIN OPENSSH');
    expect(JSON.stringify(provider.inputs)).toMatch(/-i.*ckpt-lab-ssh-/);
    // Every docker CLI call carries it too: HostData's commands and the bench (its tm-kill) run with the ssh wrapper first on PATH.
    const commands = ofType(resources, 'command:local:Command');
    expect(commands.length).toBe(4); // three HostData + the bench
    // A provider's inputs arrive JSON-encoded.
    const sshOpts = revealed(provider.inputs.sshOpts);
    const keyFile = (typeof sshOpts === 'string' ? JSON.parse(sshOpts) : sshOpts)[1] as string;
    for (const c of commands) {
      const binDir = String(revealed(c.inputs.environment)?.PATH).split(':')[0]!;
      expect(binDir, String(c.inputs.create).slice(0, 60)).toMatch(/ckpt-lab-ssh-.*\/bin$/);
      expect(readFileSync(join(binDir, 'ssh'), 'utf8')).toContain(`-i ${keyFile} `);
    }
    expect(readFileSync(keyFile, 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('writes no key file when no engine is reached over SSH', async () => {
    const { resources } = await captureStack('dev', { ...stackConfig('dev'), 'ckpt-lab:sshKey': 'unused' });
    for (const c of ofType(resources, 'command:local:Command')) expect(c.inputs.environment).toBeUndefined();
    expect(ofType(resources, 'pulumi:providers:docker')[0]!.inputs.sshOpts).toBeUndefined();
  });

  it('refuses a bad config before declaring anything', async () => {
    await expect(captureStack('bad', { ...threeHosts, 'ckpt-lab:storage': JSON.stringify({ kind: 'local' }) })).rejects.toThrow(
      /Invalid ckpt-lab:storage\.kind: "local"\. Allowed: nfs or mounted when the roles are on different Docker hosts/,
    );
  });

  it('refuses a misspelt top-level key of the stack instead of ignoring it', async () => {
    // `chekpoint` used to be skipped (only known keys were read), leaving the 10 s default interval.
    await expect(captureStack('typo', { ...stackConfig('dev'), 'ckpt-lab:chekpoint': JSON.stringify({ interval: '1s' }) })).rejects.toThrow(
      'Invalid ckpt-lab:chekpoint: {"interval":"1s"}. Allowed: a known key: hosts, cpus, memoryMb',
    );
  });
});

describe('the three stack (one host per role over SSH, a mounted shared directory)', () => {
  it('binds the shared directory on every host, creates it once before the containers, and verifies from it', async () => {
    const { resources } = await captureStack('three', { ...stackConfig('three'), 'ckpt-lab:sshKey': 'KEY' });
    const containers = ofType(resources, 'docker:index/container:Container');
    expect(containers).toHaveLength(3);
    for (const c of containers) {
      expect(c.inputs.mounts).toContainEqual(
        expect.objectContaining({ type: 'bind', source: '/var/tmp/ckpt-lab/three/shared/ckpt-three', target: '/flink-data/shared' }),
      );
      // Its component (FlinkContainer) starts after the shared directory exists.
      expect(resources.find((r) => r.name === c.parent)!.dependsOn).toContain('flink-shared');
    }
    expect(ofType(resources, 'docker:index/volume:Volume')).toHaveLength(0);
    const commands = ofType(resources, 'command:local:Command');
    const shared = commands.find((c) => c.name === 'flink-shared-dirs')!;
    expect(shared.inputs.create).toContain('docker -H ssh://root@10.77.0.11 run');
    expect(shared.inputs.create).toContain('/var/tmp/ckpt-lab/three/shared:/hdd');
    expect(shared.inputs.create).toContain('mkdir -p /hdd/ckpt-three');
    const bench = commands.find((c) => String(c.inputs.create).includes(' run --rest '))!;
    expect(bench.inputs.create).toContain('--storage-path-map /flink-data/shared=/var/tmp/ckpt-lab/three/shared/ckpt-three');
    expect(bench.inputs.create).toContain('--rest http://10.77.0.11:8081');
    expect(bench.inputs.create).toContain('ssh://root@10.77.0.12');
  });
});

describe('dependencies', () => {
  it('start TaskManagers after the JobManager and the HDD directories, and the bench after the whole cluster', async () => {
    const { resources } = await captureStack('dev');
    const byName = (n: string) => resources.find((r) => r.name === n)!;
    expect(byName('flink-taskmanager-1').dependsOn).toEqual(expect.arrayContaining(['flink-jobmanager', 'flink-data-local-jobmanager']));
    expect(byName('flink-jobmanager').dependsOn).toEqual(['flink-data-local-jobmanager']);
    expect(byName('bench-run').dependsOn).toEqual(['flink']);
    // Every container is a child of its component, every component of the cluster.
    expect(byName('flink-taskmanager-2-container').parent).toBe('flink-taskmanager-2');
    expect(byName('flink-taskmanager-2').parent).toBe('flink');
    expect(byName('flink-local-network').parent).toBe('flink-local');
  });
});
