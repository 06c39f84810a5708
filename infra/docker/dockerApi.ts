/** A small client of the Docker Engine API (axios) over a unix socket or ssh://: what the bench needs (tm-kill); tests build on `request`. */
import axios, { type AxiosInstance } from 'axios';
import { parseSshDockerHost, SshDockerAgent } from './sshDockerAgent.js';
import { sleep } from '../../lib/sleep.js';

export class DockerApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    readonly body: unknown,
  ) {
    super(
      `Docker API ${method} ${path} → ${status ?? 'no response'}: ${typeof body === 'object' && body && 'message' in body ? String(body.message) : String(body)}`,
    );
    this.name = 'DockerApiError';
  }
}

export interface ContainerState {
  readonly Status: string;
  readonly Running: boolean;
  readonly Pid: number;
  readonly ExitCode: number;
  readonly Health?: { readonly Status: string };
}

export interface ContainerInspect {
  readonly Id: string;
  readonly Name: string;
  readonly RestartCount: number;
  readonly State: ContainerState;
  readonly HostConfig: {
    readonly NanoCpus: number;
    readonly Memory: number;
    readonly MemorySwap: number;
    readonly Init?: boolean;
    readonly RestartPolicy: { readonly Name: string };
  };
  readonly Mounts: readonly { readonly Type: string; readonly Source: string; readonly Destination: string; readonly Name?: string }[];
  readonly Config: { readonly Labels: Readonly<Record<string, string>>; readonly Env: readonly string[] };
}

/** `unix:///var/run/docker.sock` or `ssh://user@host` → a client (tcp:// is not spoken here). */
export class DockerApi {
  private readonly http: AxiosInstance;

  constructor(readonly dockerHost = 'unix:///var/run/docker.sock') {
    const common = { baseURL: 'http://docker/v1.41', timeout: 120_000, validateStatus: () => true };
    if (dockerHost.startsWith('unix://')) {
      this.http = axios.create({ ...common, socketPath: dockerHost.slice('unix://'.length) });
    } else if (dockerHost.startsWith('ssh://')) {
      this.http = axios.create({ ...common, httpAgent: new SshDockerAgent(parseSshDockerHost(dockerHost)), proxy: false });
    } else {
      throw new Error(`Docker host '${dockerHost}' is not spoken here. Allowed: unix:///path/to/docker.sock, ssh://[user@]host[:port]`);
    }
  }

  /** One Engine API call; a status of 300 or more (but 304) throws DockerApiError. */
  async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, params?: Record<string, unknown>): Promise<T> {
    let res;
    try {
      res = await this.http.request({ method, url: path, data: body, params });
    } catch (e) {
      throw new DockerApiError(method, path, undefined, (e as Error).message);
    }
    if (res.status >= 300 && res.status !== 304) throw new DockerApiError(method, path, res.status, res.data);
    return res.data as T;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.request<string>('GET', '/_ping')) === 'OK';
    } catch {
      return false;
    }
  }

  info(): Promise<{ ServerVersion: string; DockerRootDir: string; Name: string }> {
    return this.request('GET', '/info');
  }

  inspect(container: string): Promise<ContainerInspect> {
    return this.request('GET', `/containers/${encodeURIComponent(container)}/json`);
  }

  /**
   * Runs `cmd` in the container as root and waits for it; returns its exit code and when it was
   * started (after the exec is created, so a remote engine's round trips come before, not after).
   */
  async exec(container: string, cmd: readonly string[]): Promise<{ exitCode: number; startedAtMs: number }> {
    const { Id } = await this.request<{ Id: string }>('POST', `/containers/${encodeURIComponent(container)}/exec`, {
      Cmd: cmd,
      User: 'root',
      AttachStdout: false,
      AttachStderr: false,
    });
    await this.request('POST', `/exec/${Id}/start`, { Detach: true });
    const startedAtMs = Date.now();
    for (let i = 0; i < 100; i++) {
      const s = await this.request<{ Running: boolean; ExitCode: number | null }>('GET', `/exec/${Id}/json`);
      if (!s.Running) return { exitCode: s.ExitCode ?? -1, startedAtMs };
      await sleep(100);
    }
    throw new Error(`exec ${cmd.join(' ')} in ${container} did not finish`);
  }

  /** Runs `cmd` in the container and returns its stdout and exit code (the stream demultiplexed). */
  async execOutput(container: string, cmd: readonly string[]): Promise<{ exitCode: number; stdout: string }> {
    const { Id } = await this.request<{ Id: string }>('POST', `/containers/${encodeURIComponent(container)}/exec`, {
      Cmd: cmd,
      AttachStdout: true,
      AttachStderr: true,
    });
    const res = await this.http.request<ArrayBuffer>({
      method: 'POST',
      url: `/exec/${Id}/start`,
      data: { Detach: false, Tty: false },
      responseType: 'arraybuffer',
    });
    if (res.status >= 300) throw new DockerApiError('POST', `/exec/${Id}/start`, res.status, Buffer.from(res.data).toString());
    const { ExitCode } = await this.request<{ ExitCode: number | null }>('GET', `/exec/${Id}/json`);
    return { exitCode: ExitCode ?? -1, stdout: demultiplex(Buffer.from(res.data)).stdout };
  }
}

/** Docker's multiplexed stream (no TTY): frames of [stream, 0, 0, 0, size (4 bytes, big-endian)] + payload. */
export function demultiplex(raw: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length;) {
    const size = raw.readUInt32BE(at + 4);
    (raw[at] === 2 ? err : out).push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
