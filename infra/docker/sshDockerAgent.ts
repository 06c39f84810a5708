/**
 * An HTTP agent that reaches a Docker engine at `ssh://[user@]host[:port]` the way the docker CLI
 * does: each connection is `ssh <host> docker system dial-stdio`, whose stdin/stdout carry the Engine
 * API. It runs the first `ssh` on PATH, so the stack's wrapper (infra/pulumi/sshKey.ts) adds the key here too.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent } from 'node:http';
import { Duplex } from 'node:stream';

export interface SshTarget {
  readonly destination: string; // user@host or host
  readonly port?: number;
}

/** `ssh://root@10.77.0.11:2222` → `{ destination: 'root@10.77.0.11', port: 2222 }` (pure). */
export function parseSshDockerHost(dockerHost: string): SshTarget {
  const m = /^ssh:\/\/(?:([^@/:]+)@)?([^@/:]+)(?::(\d+))?\/?$/.exec(dockerHost);
  if (!m) throw new Error(`Not an ssh Docker host: '${dockerHost}'. Allowed: ssh://[user@]host[:port]`);
  return { destination: m[1] ? `${m[1]}@${m[2]}` : m[2]!, ...(m[3] ? { port: Number(m[3]) } : {}) };
}

/** The ssh arguments of one connection (pure): batch mode, so a missing key fails instead of prompting. */
export function sshDialArgs(target: SshTarget): string[] {
  return [
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=30',
    '-T',
    ...(target.port ? ['-p', String(target.port)] : []),
    '--',
    target.destination,
    'docker',
    'system',
    'dial-stdio',
  ];
}

/**
 * A child's stdin/stdout as the socket Node's HTTP client writes to and reads from. Its reading side
 * ends only when ssh has exited, so a failed login surfaces as ssh's own message, not a bare hang-up.
 */
class SshStdioSocket extends Duplex {
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(target: SshTarget) {
    super();
    this.child = spawn('ssh', sshDialArgs(target));
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    this.child.stdout.on('data', (d: Buffer) => {
      if (!this.push(d)) this.child.stdout.pause();
    });
    this.child.stdin.on('error', () => {}); // ssh gone: its exit code says why, below
    this.child.on('error', (e) => this.destroy(e));
    this.child.on('close', (code) => {
      if (code !== 0 && code !== null) this.destroy(new Error(`ssh ${target.destination} exited ${code}: ${stderr.trim()}`));
      else this.push(null);
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (e?: Error | null) => void): void {
    this.child.stdin.write(chunk, () => done());
  }

  override _final(done: () => void): void {
    this.child.stdin.end();
    done();
  }

  override _destroy(error: Error | null, done: (e: Error | null) => void): void {
    this.child.kill();
    done(error);
  }

  // The HTTP client sets socket options a pipe does not have; they mean nothing here.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** One ssh process per request, ended with it: nothing is left to keep a process alive or to close. */
export class SshDockerAgent extends Agent {
  constructor(private readonly target: SshTarget) {
    super({ keepAlive: false, maxSockets: 4 });
  }

  override createConnection(): Duplex {
    return new SshStdioSocket(this.target);
  }
}
