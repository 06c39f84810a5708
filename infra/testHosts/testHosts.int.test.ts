/**
 * The three test hosts (infra/testHosts/testHosts.sh): real network namespaces, dockerds and sshds,
 * reached as `docker -H ssh://root@<address>` with the throwaway key through the stack's ssh wrapper.
 */
import { skipWithoutDocker } from '../docker/dockerTestGate.testkit.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { runCommand } from '../../lib/runCommand.js';
import { sshEnvironment, writeSshKey } from '../pulumi/sshKey.js';

const SCRIPT = join(REPO_ROOT, 'infra/testHosts/testHosts.sh');
const ADDRESSES = ['10.77.0.11', '10.77.0.12', '10.77.0.13'];
const script = (args: string[], env: NodeJS.ProcessEnv = {}) => runCommand('bash', [SCRIPT, ...args], { env: { ...process.env, ...env }, timeoutMs: 180_000 });
/** What of the test hosts exists on this machine: namespaces, their engines and sshds, mounts, state. */
const leftovers = () => ({
  namespaces: spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.startsWith('ckptlab-h')),
  processes: spawnSync('pgrep', ['-f', 'ckpt-lab-test-hosts'], { encoding: 'utf8' }).stdout.trim(),
  mounts: readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((l) => l.includes('ckpt-lab-test-hosts')),
  bridge: spawnSync('ip', ['link', 'show', 'ckptlab-br0']).status === 0,
  forwardRules: spawnSync('iptables', ['-S', 'FORWARD'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.includes('ckpt-lab-test-hosts')),
  state: existsSync('/var/lib/ckpt-lab-test-hosts'),
});
const NOTHING = { namespaces: [], processes: '', mounts: [], bridge: false, forwardRules: [], state: false };

// Network namespaces and engines need root, dockerd and sshd; CI has them.
const missing =
  process.getuid?.() !== 0
    ? 'root'
    : ['dockerd', 'sshd', 'nsenter'].find((c) => spawnSync('sh', ['-c', `command -v ${c} || test -x /usr/sbin/${c}`]).status !== 0);
const skip = skipWithoutDocker('infra/testHosts/testHosts.int.test.ts', missing && `no ${missing}`);

describe.skipIf(skip)('three Docker hosts on one machine', () => {
  afterAll(async () => {
    await script(['down']);
  }, 120_000);

  it('come up (twice: idempotent), answer docker over ssh with the key on their own addresses, and go down leaving nothing', async () => {
    const up = await script(['up']);
    expect(up.status, up.stderr).toBe(0);
    const keyFile = up.stdout.trim();
    const again = await script(['up']);
    expect(again.status, again.stderr).toBe(0);
    expect(spawnSync('pgrep', ['-fc', 'dockerd --data-root /var/lib/ckpt-lab-test-hosts'], { encoding: 'utf8' }).stdout.trim()).toBe('3');
    // As the stack reaches them: the key through the ssh wrapper the program writes.
    const ssh = writeSshKey(readFileSync(keyFile, 'utf8'));
    const names = ADDRESSES.map((a) => {
      const r = spawnSync('docker', ['-H', `ssh://root@${a}`, 'info', '--format', '{{.DockerRootDir}}'], {
        encoding: 'utf8',
        env: { ...process.env, ...sshEnvironment(ssh) },
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    });
    // Three engines, not one answering three times.
    expect(names).toEqual(['h1', 'h2', 'h3'].map((h) => `/var/lib/ckpt-lab-test-hosts/${h}/docker`));
    // The hosts reach each other (bridged traffic passes this machine's FORWARD chain, which Docker sets to DROP).
    const reach = spawnSync('nsenter', ['--net=/run/netns/ckptlab-h2', 'timeout', '5', 'bash', '-c', 'exec 3<>/dev/tcp/10.77.0.11/22'], { encoding: 'utf8' });
    expect(reach.status, `host 2 → host 1:22: ${reach.stderr}`).toBe(0);
    const down = await script(['down']);
    expect(down.status, down.stderr).toBe(0);
    expect(leftovers()).toEqual(NOTHING);
  }, 240_000);

  it('removes what it made when the bring-up fails half-way', async () => {
    // The third address is not one: hosts 1 and 2 are made, then host 3 fails.
    const r = await script(['up'], { CKPT_LAB_TEST_HOSTS: '10.77.0.11 10.77.0.12 10.77.0.300' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bring-up failed');
    expect(leftovers()).toEqual(NOTHING);
  }, 240_000);
});
