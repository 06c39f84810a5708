/**
 * Runs a command to its end without blocking the event loop (spawnSync would: a long image build in a
 * test starved vitest's worker RPC, "Timeout calling onTaskUpdate", and failed a passing run).
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** The exit code; null when a signal or the time limit ended it. */
  readonly status: number | null;
  /** Standard output, when it was piped ('' when inherited). */
  readonly stdout: string;
  /** Standard error, when it was piped ('' when inherited). */
  readonly stderr: string;
}

export interface RunCommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Inherit stderr (progress a person should see) instead of collecting it. */
  readonly passStderr?: boolean;
  /** Inherit stdout too. */
  readonly passStdout?: boolean;
  /** Sends SIGTERM after this long. */
  readonly timeoutMs?: number;
}

export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', options.passStdout ? 'inherit' : 'pipe', options.passStderr ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code, stdout, stderr });
    });
  });
}
