/** Runs `mvn -B -q -f <pom> package …` with its output on stderr (pure I/O wrapper). */
import { spawnSync } from 'node:child_process';

/**
 * stdout belongs to the command's result (`ckpt-lab run --json` prints exactly one JSON document,
 * which the Pulumi post-deploy bench parses), so a build it starts on the way writes to stderr.
 */
export function mavenPackage(pom: string, extraArgs: readonly string[] = []): { readonly ok: boolean; readonly failure?: string } {
  const mvn = spawnSync('mvn', ['-B', '-q', '-f', pom, 'package', ...extraArgs], { stdio: ['ignore', process.stderr, process.stderr] });
  if (mvn.error) return { ok: false, failure: mvn.error.message };
  return mvn.status === 0 ? { ok: true } : { ok: false, failure: `exit ${mvn.status ?? mvn.signal}` };
}
