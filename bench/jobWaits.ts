/** Waiting for a job's state through REST, each wait with a deadline (pure of measurement logic). */
import type { FlinkClient } from './rest/flinkClient.js';
import { pollUntil } from '../lib/pollUntil.js';

/** Polls until every task of the job is RUNNING; throws with the job's exception if it ends first. */
export async function waitForRunning(client: FlinkClient, jobId: string, deadlineMs: number) {
  return pollUntil({ deadlineMs, what: `job ${jobId} to run with all tasks`, everyMs: 250 }, async (seen) => {
    const job = await client.job(jobId);
    const allRunning = job.vertices.length > 0 && job.vertices.every((v) => (v.tasks.RUNNING ?? 0) === v.parallelism);
    if (job.state === 'RUNNING' && allRunning) return job;
    if (job.state === 'FAILED' || job.state === 'CANCELED' || job.state === 'FINISHED') {
      const ex = await client.exceptions(jobId).catch(() => undefined);
      throw new Error(`The job ${job.state.toLowerCase()} before running: ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
    }
    seen(`state ${job.state}`);
    return undefined;
  });
}

/** Polls until the job is terminal (or gone), so its slots are free for the next one; past the deadline it gives up quietly. */
export async function waitForTerminal(client: FlinkClient, jobId: string, deadlineMs: number): Promise<void> {
  await pollUntil({ deadlineMs, what: `job ${jobId} to end`, everyMs: 250 }, async () => {
    const job = await client.job(jobId).catch(() => undefined);
    return !job || ['CANCELED', 'FAILED', 'FINISHED'].includes(job.state) ? true : undefined;
  }).catch(() => undefined);
}
