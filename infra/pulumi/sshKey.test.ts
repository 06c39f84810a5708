import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { sshEnvironment, sshWrapperScript } from './sshKey.js';

describe('the SSH key of ssh:// engines', () => {
  it('is written private with an ssh wrapper, and removed when the program exits', () => {
    // A separate process plays the Pulumi program: it writes the key, reports the files and exits.
    const script = `import('${join(REPO_ROOT, 'infra/pulumi/sshKey.ts')}').then((m) => { const f = m.writeSshKey('KEY-MATERIAL'); process.stdout.write(JSON.stringify({ ...f, mode: require('node:fs').statSync(f.keyFile).mode & 0o777, wrapper: require('node:fs').readFileSync(f.binDir + '/ssh', 'utf8') })); })`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.status).toBe(0);
    const f = JSON.parse(out.stdout) as { dir: string; keyFile: string; mode: number; wrapper: string; sshOpts: string[] };
    expect(f.mode).toBe(0o600);
    expect(f.wrapper).toContain(`-i ${f.keyFile} -o StrictHostKeyChecking=accept-new`);
    expect(f.sshOpts.slice(0, 2)).toEqual(['-i', f.keyFile]);
    expect(existsSync(f.dir)).toBe(false);
  });

  it('puts the wrapper first on PATH and passes every argument on', () => {
    expect(sshEnvironment({ binDir: '/tmp/x/bin' }, '/usr/bin:/bin')).toEqual({ PATH: '/tmp/x/bin:/usr/bin:/bin' });
    const script = sshWrapperScript('/k/id', '/bin/echo');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    const echoed = spawnSync('sh', ['-c', script.split('\n')[1]!.replace('"$@"', 'user@10.0.0.2 docker system dial-stdio')], {
      encoding: 'utf8',
    }).stdout.trim();
    expect(echoed).toBe('-i /k/id -o StrictHostKeyChecking=accept-new -o IdentitiesOnly=yes user@10.0.0.2 docker system dial-stdio');
  });
});
