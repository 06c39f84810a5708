/** Runs the job's savepoint verifier (a local JVM with the job jar and Flink on its classpath). */
import { spawn } from 'node:child_process';
import { ENTRY, jobClasspath } from '../flink-job/ts/jobJar.js';
import { checkJava, flinkJava17Options, javaExecutable } from '../infra/local/java.js';

export interface Verification {
  readonly savepoint: string;
  readonly bidders: number;
  readonly counterSum: number;
  readonly stateBytes: { readonly min: number; readonly median: number; readonly max: number };
  readonly sourcePosition: number;
  /** counterSum == sourcePosition: no update lost, none applied twice. */
  readonly ok: boolean;
}

/** The verifier's JSON line from its output. */
export function parseVerification(stdout: string): Verification {
  const line = stdout.split('\n').reverse().find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`The verifier printed no JSON: ${stdout.slice(-1000)}`);
  return JSON.parse(line) as Verification;
}

export async function verifySavepoint(savepointPath: string, timeoutMs = 600_000): Promise<Verification> {
  const major = checkJava();
  const path = savepointPath.replace(/^file:/, '');
  const args = [...(major >= 17 ? flinkJava17Options() : []), '-Xmx2g', '-cp', jobClasspath(), ENTRY.verifier, '--savepoint', path];
  return new Promise((resolve, reject) => {
    const child = spawn(javaExecutable(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`The verifier failed (exit ${code}) on ${path}: ${err.slice(-2000)}`));
      try {
        resolve(parseVerification(out));
      } catch (e) {
        reject(e);
      }
    });
  });
}
