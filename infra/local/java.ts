/** The Java the local cluster runs on: found, version-checked, with the JVM options Flink 1.18 ships. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repoRoot.js';

/** Java versions Flink 1.18 supports and this project runs on. */
export const SUPPORTED_JAVA = [11, 17] as const;

export class JavaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JavaError';
  }
}

/** `$JAVA_HOME/bin/java`, or `java` on the PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The major version in `java -version` output (`"17.0.15"` → 17, `"1.8.0_392"` → 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** Checks the Java; throws naming what was found and what is supported. */
export function checkJava(java = javaExecutable()): number {
  const run = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new JavaError(
      `No Java found (tried '${java}'${run.error ? `: ${run.error.message}` : ''}). Install JDK ${SUPPORTED_JAVA.join(' or ')} or set JAVA_HOME.`,
    );
  }
  const major = parseJavaMajor(run.stderr + run.stdout);
  if (major === undefined || !(SUPPORTED_JAVA as readonly number[]).includes(major)) {
    throw new JavaError(
      `Java ${major ?? 'of unknown version'} at '${java}' is not supported by Flink 1.18 here. Allowed: Java ${SUPPORTED_JAVA.join(' or ')} (set JAVA_HOME).`,
    );
  }
  return major;
}

/**
 * The --add-opens/--add-exports options Flink 1.18 ships for Java 17, read from the one place they
 * are written down (flink-job/pom.xml, which the MiniCluster tests use too).
 */
export function flinkJava17Options(): string[] {
  const pom = readFileSync(join(REPO_ROOT, 'flink-job', 'pom.xml'), 'utf8');
  const m = /<flink\.java17\.opens>([^<]+)<\/flink\.java17\.opens>/.exec(pom);
  if (!m) throw new Error('flink-job/pom.xml lacks <flink.java17.opens>');
  return m[1]!.trim().split(/\s+/);
}
