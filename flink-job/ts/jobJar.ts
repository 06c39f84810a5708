/** Where the built job jar and the Flink classpath it needs outside a cluster are. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repoRoot.js';

const JOB_DIR = join(REPO_ROOT, 'flink-job');

/** The job jar `mvn -f flink-job package` builds. */
export const JOB_JAR = join(JOB_DIR, 'target', 'ckpt-lab-job.jar');
/** The main entry points in that jar. */
export const ENTRY = {
  workload: 'ckptlab.job.BidWorkloadJob',
  verifier: 'ckptlab.job.StateVerifier',
  checkParameters: 'ckptlab.job.CheckParameters',
  prefill: 'ckptlab.job.StateBootstrap',
} as const;

/** The job jar plus the Flink runtime jars it was built against, as a java -cp value. */
export function jobClasspath(): string {
  const flinkClasspath = join(JOB_DIR, 'target', 'flink-classpath.txt');
  if (!existsSync(JOB_JAR) || !existsSync(flinkClasspath)) {
    throw new Error(`The job jar is not built (${JOB_JAR}): run 'npm run build:job' first.`);
  }
  return [JOB_JAR, readFileSync(flinkClasspath, 'utf8').trim()].join(':');
}
