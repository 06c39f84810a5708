/**
 * Which job `advise` observes (pure): the one named with --job, or the only running one; and the
 * refusals, each naming what it found on the cluster, so nothing is observed or written by mistake.
 */

/** A request `advise` cannot answer; nothing has been written. The message says what was found. */
export class AdviceRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdviceRefused';
  }
}

/** One entry of `GET /jobs/overview`. */
export interface JobOverviewEntry {
  readonly jid: string;
  readonly name: string;
  readonly state: string;
}

const named = (j: JobOverviewEntry) => `${j.jid} (${j.name}, ${j.state})`;

export function chooseJob(restUrl: string, jobs: readonly JobOverviewEntry[], requested?: string): JobOverviewEntry {
  if (requested !== undefined) {
    const job = jobs.find((j) => j.jid === requested);
    if (!job) {
      throw new AdviceRefused(`No job ${requested} on ${restUrl}. ${jobs.length === 0 ? 'It has no jobs.' : `Its jobs: ${jobs.map(named).join('; ')}.`}`);
    }
    if (job.state !== 'RUNNING') throw new AdviceRefused(`Job ${named(job)} is not RUNNING: advise observes a running job.`);
    return job;
  }
  const running = jobs.filter((j) => j.state === 'RUNNING');
  if (running.length === 1) return running[0]!;
  if (running.length === 0) {
    throw new AdviceRefused(
      `No running job on ${restUrl}${jobs.length === 0 ? '.' : `; its jobs: ${jobs.map(named).join('; ')}.`} advise observes a running job.`,
    );
  }
  throw new AdviceRefused(`${running.length} jobs are running on ${restUrl}: name one with --job. Running: ${running.map(named).join('; ')}.`);
}

/** The plan's `type` (STREAMING or BATCH): a batch job has no checkpoint interval to advise on. */
export function refuseBatch(job: JobOverviewEntry, planType: string | undefined): void {
  if (planType === 'BATCH') {
    throw new AdviceRefused(`Job ${named(job)} is a batch job: it runs without checkpoints, so there is no checkpoint interval to advise on.`);
  }
}
