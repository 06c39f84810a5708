import { describe, expect, it } from 'vitest';
import { OFFICIAL_IMAGE, parseStackConfig } from './stackConfig.js';

const host = (name: string, role: string, dockerHost = 'unix:///var/run/docker.sock', extra: Record<string, unknown> = {}) => ({
  name,
  dockerHost,
  address: '127.0.0.1',
  role,
  hddPath: '/mnt/hdd',
  ...extra,
});
const ok = { hosts: [host('jm', 'jobmanager'), host('tm1', 'taskmanager'), host('tm2', 'taskmanager')], storage: { kind: 'local' } };

describe('parseStackConfig', () => {
  it('fills the defaults: 4 CPUs, 8 GB, the official image, a 10 s interval', () => {
    const c = parseStackConfig(ok);
    expect(c.image).toBe(OFFICIAL_IMAGE);
    expect(c.hosts.map((h) => [h.cpus, h.memoryMb])).toEqual([
      [4, 8192],
      [4, 8192],
      [4, 8192],
    ]);
    expect(c.checkpoint).toMatchObject({ intervalMs: 10_000, stateBackend: 'rocksdb', incremental: true, mode: 'EXACTLY_ONCE' });
    expect(c.keepData).toBe(true);
    expect(c.workload.parallelism).toBe(8);
  });

  it('lengthens the bench window to fit its failures', () => {
    const c = parseStackConfig({ ...ok, checkpoint: { interval: '2m' }, bench: { duration: '60s', failure: 'tm-kill', failures: 2 } });
    // Per failure: the health gate (2 × 2 min), two intervals to reach its phase, 45 s to recover.
    expect(c.bench.durationMs).toBe(2 * (240_000 + 2 * 120_000 + 45_000));
  });

  it('bounds the bench: by default its windows, a recovery allowance per failure and 15 min, or bench.timeLimit', () => {
    const c = parseStackConfig({ ...ok, checkpoint: { interval: '10s' }, bench: { warmup: '30s', duration: '180s', failure: 'tm-kill', failures: 2 } });
    expect(c.bench.timeLimitMs).toBe(30_000 + 180_000 + 2 * 45_000 + 15 * 60_000);
    expect(parseStackConfig({ ...ok, bench: { timeLimit: '2h' } }).bench.timeLimitMs).toBe(7_200_000);
    expect(() => parseStackConfig({ ...ok, bench: { warmup: '60s', duration: '180s', timeLimit: '3m' } })).toThrow(
      'Invalid ckpt-lab:bench.timeLimit: "3m". Allowed: a duration of at least the warm-up plus the measured window (240s).',
    );
  });

  it.each([
    [
      'two roles on different hosts with local storage',
      { ...ok, hosts: [host('jm', 'jobmanager'), host('tm1', 'taskmanager', 'ssh://u@10.0.0.2')] },
      /Invalid ckpt-lab:storage\.kind: "local"\. Allowed: nfs or mounted when the roles are on different Docker hosts/,
    ],
    [
      'no JobManager',
      { ...ok, hosts: [host('tm1', 'taskmanager'), host('tm2', 'taskmanager')] },
      /Invalid ckpt-lab:hosts: .*Allowed: exactly one host with role jobmanager \(found 0\)/,
    ],
    [
      'two JobManagers',
      { ...ok, hosts: [host('a', 'jobmanager'), host('b', 'jobmanager'), host('c', 'taskmanager')] },
      /exactly one host with role jobmanager \(found 2\)/,
    ],
    ['no TaskManager', { ...ok, hosts: [host('jm', 'jobmanager')] }, /at least one host with role taskmanager/],
    ['cpus 0', { ...ok, cpus: 0 }, /Invalid ckpt-lab:cpus: 0\. Allowed: a number above 0\./],
    [
      'negative cpus on a host',
      { ...ok, hosts: [host('jm', 'jobmanager'), host('tm1', 'taskmanager', undefined, { cpus: -1 })] },
      /Invalid ckpt-lab:hosts\[1\]\.cpus: -1/,
    ],
    [
      'memory below Flink’s minimum',
      { ...ok, memoryMb: 1000 },
      /Invalid ckpt-lab:memoryMb: 1000\. Allowed: at least 1024 for a jobmanager \(Flink's minimum process size 768 MB \+ 256 MB container headroom\)/,
    ],
    [
      'TaskManager memory below Flink’s minimum',
      { ...ok, hosts: [host('jm', 'jobmanager'), host('tm1', 'taskmanager', undefined, { memoryMb: 1200 })] },
      /Invalid ckpt-lab:hosts\[1\]\.memoryMb: 1200\. Allowed: at least 1280 for a taskmanager/,
    ],
    [
      'an unknown state backend',
      { ...ok, checkpoint: { stateBackend: 'forst' } },
      /Invalid ckpt-lab:checkpoint\.stateBackend: "forst"\. Allowed: one of rocksdb, hashmap\./,
    ],
    [
      'a malformed dockerHost',
      { ...ok, hosts: [host('jm', 'jobmanager', 'tcp://10.0.0.1:2375'), host('tm1', 'taskmanager')] },
      /Invalid ckpt-lab:hosts\[0\]\.dockerHost: "tcp:\/\/10\.0\.0\.1:2375"\. Allowed: unix:\/\/\/path\/to\/docker\.sock or ssh:\/\/user@address\[:port\]/,
    ],
    ['an ssh dockerHost without a user', { ...ok, hosts: [host('jm', 'jobmanager', 'ssh://10.0.0.1'), host('tm1', 'taskmanager')] }, /hosts\[0\]\.dockerHost/],
    [
      'duplicate host names',
      { ...ok, hosts: [host('jm', 'jobmanager'), host('tm', 'taskmanager'), host('tm', 'taskmanager')] },
      /Invalid ckpt-lab:hosts\[2\]\.name: "tm"\. Allowed: a name no other host has\./,
    ],
    [
      'a role that does not exist',
      { ...ok, hosts: [host('jm', 'jobmanager'), host('tm', 'worker')] },
      /Invalid ckpt-lab:hosts\[1\]\.role: "worker"\. Allowed: one of jobmanager, taskmanager\./,
    ],
    ['an interval Flink cannot take', { ...ok, checkpoint: { interval: '5ms' } }, /Invalid ckpt-lab:checkpoint\.interval: "5ms"/],
    ['NFS without a server', { ...ok, storage: { kind: 'nfs', export: '/x' } }, /Invalid ckpt-lab:storage\.server/],
    ['a workload value out of range', { ...ok, workload: { rate: 0 } }, /Invalid ckpt-lab:workload: .*--rate/],
    [
      'a mixed layout (two roles on one engine, one alone), whose container names other hosts cannot resolve',
      {
        ...ok,
        storage: { kind: 'nfs', server: '10.0.0.9', export: '/x' },
        hosts: [host('jm', 'jobmanager'), host('tm1', 'taskmanager'), host('tm2', 'taskmanager', 'ssh://u@10.0.0.2')],
      },
      'Allowed: every host on one Docker engine, or each host on its own engine (jm and tm1 share unix:///var/run/docker.sock).',
    ],
    ['an unknown key', { ...ok, cpu: 4 }, /Invalid ckpt-lab:cpu: 4\. Allowed: a known key/],
    // Typos one level down used to fall back to the default silently.
    [
      'a misspelt checkpoint key',
      { ...ok, checkpoint: { minpause: '1s' } },
      'Invalid ckpt-lab:checkpoint.minpause: "1s". Allowed: a known key of ckpt-lab:checkpoint: interval, mode, unaligned, minPause, timeout, incremental, stateBackend.',
    ],
    [
      'a misspelt host key',
      { ...ok, hosts: [host('jm', 'jobmanager'), host('tm1', 'taskmanager', undefined, { cpu: 2 })] },
      'Invalid ckpt-lab:hosts[1].cpu: 2. Allowed: a known key of ckpt-lab:hosts[1]: name, dockerHost, address, role, hddPath, cpus, memoryMb.',
    ],
    [
      'a misspelt bench key',
      { ...ok, bench: { failure: 'tm-kill', failure_count: 2 } },
      /Invalid ckpt-lab:bench\.failure_count: 2\. Allowed: a known key of ckpt-lab:bench: enabled, warmup/,
    ],
    [
      'a mounted directory given as a relative path',
      { ...ok, storage: { kind: 'mounted', path: 'shared' } },
      'Invalid ckpt-lab:storage.path: "shared". Allowed: the absolute path at which every host mounts the shared directory',
    ],
    [
      'an NFS key on mounted storage',
      { ...ok, storage: { kind: 'mounted', path: '/mnt/shared', server: 'x' } },
      'Invalid ckpt-lab:storage.server: "x". Allowed: a known key of ckpt-lab:storage: kind, path.',
    ],
    [
      'an NFS key on local storage',
      { ...ok, storage: { kind: 'local', server: '10.0.0.9' } },
      'Invalid ckpt-lab:storage.server: "10.0.0.9". Allowed: a known key of ckpt-lab:storage: kind.',
    ],
    ['a misspelt workload parameter', { ...ok, workload: { bidder: 10 } }, /Invalid ckpt-lab:workload: .*Unknown parameter --bidder/],
    // Wrong types, one level down too: the path, the value and what is allowed.
    [
      'a checkpoint that is no object',
      { ...ok, checkpoint: '10s' },
      'Invalid ckpt-lab:checkpoint: "10s". Allowed: an object {interval, mode, unaligned, minPause, timeout, incremental, stateBackend}.',
    ],
    ['hosts that are no list', { ...ok, hosts: 'jm' }, 'Invalid ckpt-lab:hosts: "jm". Allowed: a list of {name, dockerHost, address, role, hddPath}.'],
    [
      'a host that is no object',
      { ...ok, hosts: [host('jm', 'jobmanager'), 7] },
      'Invalid ckpt-lab:hosts[1]: 7. Allowed: an object {name, dockerHost, address, role, hddPath}.',
    ],
    ['a warm-up that is no duration', { ...ok, bench: { warmup: true } }, 'Invalid ckpt-lab:bench.warmup: true. Allowed: a duration such as 500ms, 30s, 2m.'],
    ['an unknown storage kind', { ...ok, storage: { kind: 's3' } }, 'Invalid ckpt-lab:storage.kind: "s3". Allowed: one of nfs, mounted, local.'],
    [
      'a host without a role',
      { ...ok, hosts: [host('jm', 'jobmanager'), { ...host('tm1', 'taskmanager'), role: undefined }] },
      'Invalid ckpt-lab:hosts[1].role: undefined. Allowed: one of jobmanager, taskmanager.',
    ],
    ['a port out of range', { ...ok, restPort: 70_000 }, 'Invalid ckpt-lab:restPort: 70000. Allowed: a port from 1 to 65535.'],
  ])('refuses %s', (_what, raw, message) => {
    expect(() => parseStackConfig(raw)).toThrow(message);
  });
});
