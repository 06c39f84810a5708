import { describe, expect, it } from 'vitest';
import { demultiplex, DockerApi } from './dockerApi.js';
import { parseSshDockerHost, sshDialArgs } from './sshDockerAgent.js';

describe('ssh:// Docker hosts', () => {
  it('are parsed into the ssh destination and port', () => {
    expect(parseSshDockerHost('ssh://root@10.77.0.11')).toEqual({ destination: 'root@10.77.0.11' });
    expect(parseSshDockerHost('ssh://deploy@tm1.example.org:2222')).toEqual({ destination: 'deploy@tm1.example.org', port: 2222 });
    expect(parseSshDockerHost('ssh://tm1')).toEqual({ destination: 'tm1' });
    expect(() => parseSshDockerHost('ssh://root@')).toThrow("Not an ssh Docker host: 'ssh://root@'. Allowed: ssh://[user@]host[:port]");
  });

  it('are dialled as the docker CLI does, never prompting for a password', () => {
    const args = sshDialArgs({ destination: 'root@h', port: 2222 });
    expect(args.slice(-4)).toEqual(['root@h', 'docker', 'system', 'dial-stdio']);
    expect(args).toContain('BatchMode=yes');
    expect(args[args.indexOf('-p') + 1]).toBe('2222');
    expect(sshDialArgs({ destination: 'h' })).not.toContain('-p');
  });

  it('are the only remote hosts the client takes', () => {
    expect(() => new DockerApi('tcp://10.0.0.1:2375')).toThrow(
      "Docker host 'tcp://10.0.0.1:2375' is not spoken here. Allowed: unix:///path/to/docker.sock, ssh://[user@]host[:port]",
    );
    expect(() => new DockerApi('ssh://root@10.77.0.11')).not.toThrow();
  });

  it('report an unreachable host as an error, not a hang', async () => {
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there.
    const api = new DockerApi('ssh://root@192.0.2.1:1');
    await expect(api.info()).rejects.toThrow(/Docker API GET \/info → no response: .*ssh root@192\.0\.2\.1 exited 255/);
  }, 60_000);
});

describe("an exec's output stream", () => {
  it('is split into stdout and stderr by its frame headers', () => {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    const raw = Buffer.concat([frame(1, 'max 100000\n'), frame(2, 'warning\n'), frame(1, '2147483648\n')]);
    expect(demultiplex(raw)).toEqual({ stdout: 'max 100000\n2147483648\n', stderr: 'warning\n' });
  });
});
