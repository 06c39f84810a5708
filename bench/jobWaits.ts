/** Waiting for a job's state through REST, each wait with a deadline (pure of measurement logic). */
import type { FlinkClient } from './rest/flinkClient.js';

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Polls until every task of the job is RUNNING; throws with the job's exception if it ends first. */
export async function waitForRunning(client: FlinkClient, jobId: string, deadlineMs: number) {
  for (;;) {
    const job = await client.job(jobId);
    const allRunning = job.vertices.length > 0 && job.vertices.every((v) => (v.tasks.RUNNING ?? 0) === v.parallelism);
    if (job.state === 'RUNNING' && allRunning) return job;
    if (job.state === 'FAILED' || job.state === 'CANCELED' || job.state === 'FINISHED') {
      const ex = await client.exceptions(jobId).catch(() => undefined);
      throw new Error(`The job ${job.state.toLowerCase()} before running: ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
    }
    if (Date.now() > deadlineMs) throw new Error(`The job was not RUNNING with all tasks after 120 s (state ${job.state}).`);
    await sleep(250);
  }
}

/** Polls until the job is terminal (or gone), so its slots are free for the next one. */
export async function waitForTerminal(client: FlinkClient, jobId: string, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    const job = await client.job(jobId).catch(() => undefined);
    if (!job || ['CANCELED', 'FAILED', 'FINISHED'].includes(job.state)) return;
    await sleep(250);
  }
}
