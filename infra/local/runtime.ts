/** The Flink 1.18.1 runtime jars: FLINK_HOME's lib/, or assembled from Maven Central. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { mavenPackage } from './mavenPackage.js';

const RUNTIME_POM = join(REPO_ROOT, 'infra', 'local', 'runtime', 'pom.xml');
const ASSEMBLED_LIB = join(REPO_ROOT, 'infra', 'local', 'runtime', 'target', 'lib');

/** The folder of jars a Flink process's classpath is made of. */
export function flinkLibDir(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => {}): string {
  if (env.FLINK_HOME) {
    const lib = join(env.FLINK_HOME, 'lib');
    const dist = existsSync(lib) ? readdirSync(lib).find((f) => /^flink-dist.*1\.18\.\d+\.jar$/.test(f)) : undefined;
    if (!dist)
      throw new Error(
        `FLINK_HOME=${env.FLINK_HOME} is not a Flink 1.18 distribution (no lib/flink-dist-*1.18.*.jar). Unset it to use the runtime assembled from Maven Central.`,
      );
    return lib;
  }
  if (!existsSync(join(ASSEMBLED_LIB, 'flink-runtime-web-1.18.1.jar'))) {
    log('assembling the Flink 1.18.1 runtime from Maven Central (once)…');
    const mvn = mavenPackage(RUNTIME_POM);
    if (!mvn.ok) throw new Error(`Assembling the Flink runtime failed (mvn -f ${RUNTIME_POM} package, ${mvn.failure}). Is Maven installed?`);
  }
  return ASSEMBLED_LIB;
}
