/**
 * The SSH key of ssh:// engines, on disk for as long as the Pulumi program runs: the Docker provider
 * takes it as `-i <file>`, and the docker CLI (HostData's commands, the bench's tm-kill) finds an
 * `ssh` wrapper first on PATH that adds it, since the CLI runs `ssh` itself and takes no key option.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote as quote } from './shellQuote.js';

export interface SshKeyFiles {
  /** Everything below is inside it; removing it removes the key. */
  readonly dir: string;
  readonly keyFile: string;
  /** Holds the `ssh` wrapper: put it first on PATH. */
  readonly binDir: string;
  /** For the Docker provider's `sshOpts`. */
  readonly sshOpts: readonly string[];
}

const SSH_OPTIONS = ['-o', 'StrictHostKeyChecking=accept-new', '-o', 'IdentitiesOnly=yes'];

/** The wrapper: the system ssh with the key (pure). */
export function sshWrapperScript(keyFile: string, ssh = '/usr/bin/ssh'): string {
  return `#!/bin/sh\nexec ${quote(ssh)} -i ${quote(keyFile)} ${SSH_OPTIONS.join(' ')} "$@"\n`;
}

/** The environment a command needs for the docker CLI to use the key. */
export function sshEnvironment(files: Pick<SshKeyFiles, 'binDir'>, path = process.env.PATH ?? '/usr/bin:/bin'): Record<string, string> {
  return { PATH: `${files.binDir}:${path}` };
}

/** Writes the key (mode 600) and the wrapper into a new private directory, removed when this process exits. */
export function writeSshKey(key: string, parent = tmpdir()): SshKeyFiles {
  const dir = mkdtempSync(join(parent, 'ckpt-lab-ssh-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const keyFile = join(dir, 'id');
  writeFileSync(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'ssh'), sshWrapperScript(keyFile), { mode: 0o700 });
  return { dir, keyFile, binDir, sshOpts: ['-i', keyFile, ...SSH_OPTIONS] };
}
