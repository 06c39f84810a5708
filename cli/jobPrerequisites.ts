/** What a command checks or builds before it runs the job: the state fits the disk, the job jar exists. */
import { existsSync } from 'node:fs';
import { mavenPackage } from '../infra/local/mavenPackage.js';
import { JOB_JAR } from '../flink-job/ts/jobJar.js';
import { defaultDataDir, storageDirsUnder } from '../infra/local/localCluster.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { UsageError } from './runArgs.js';
import { localDiskRoom, stateFit, stateFitMessage } from '../bench/stateFits.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { say } from './terminal.js';

/** A local cluster's state must fit its disk: refused before anything starts, with the largest that fits. */
export function refuseStateThatDoesNotFit(workload: Pick<WorkloadParameters, 'bidders' | 'stateMode'>, portBase: number): void {
  const dirs = storageDirsUnder(defaultDataDir(portBase));
  const fit = stateFit(workload, localDiskRoom(dirs.rocksdbLocalDir, dirs.checkpointsDir));
  if (!fit.fits) throw new UsageError(stateFitMessage(workload, fit));
}

/** Builds the job jar if it is missing (every command that runs the job), Maven's output on stderr so --json stdout stays one document. */
export function ensureJobJar(): void {
  if (existsSync(JOB_JAR)) return;
  say('building the job jar (mvn -f flink-job package -DskipTests)…');
  const mvn = mavenPackage(`${REPO_ROOT}/flink-job/pom.xml`, ['-DskipTests']);
  if (!mvn.ok) throw new Error(`Building the job jar failed (${mvn.failure}); is Maven installed?`);
}
