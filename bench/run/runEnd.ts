/** The end of a run: stop-with-savepoint and the verifier's exactly-once check, or a plain cancel. */
import { existsSync } from 'node:fs';
import { pollUntil } from '../../lib/pollUntil.js';
import type { FlinkClient } from '../rest/flinkClient.js';
import { verifySavepoint, type Verification } from '../verifier.js';
import type { RunOptions } from './runOptions.js';

async function stopWithSavepoint(client: FlinkClient, jobId: string, deadlineMs: number): Promise<string> {
  const trigger = await client.triggerStopWithSavepoint(jobId);
  return pollUntil({ deadlineMs, what: `stop-with-savepoint of job ${jobId}` }, async (seen) => {
    const s = await client.savepointStatus(jobId, trigger);
    if (s.status.id !== 'COMPLETED') {
      seen(`status ${s.status.id}`);
      return undefined;
    }
    const location = s.operation?.location;
    if (!location) throw new Error(`stop-with-savepoint failed: ${s.operation?.['failure-cause']?.['stack-trace']?.split('\n')[0] ?? 'no location'}`);
    return location;
  });
}

/** Ends the job as `options.end` says; returns the verification when the savepoint is reachable here. */
export async function endRun(client: FlinkClient, jobId: string, options: RunOptions, log: (line: string) => void): Promise<Verification | undefined> {
  if (options.end !== 'savepoint') {
    await client.cancel(jobId);
    return undefined;
  }
  log('stop-with-savepoint…');
  const location = await stopWithSavepoint(client, jobId, Date.now() + 300_000);
  const local = options.storagePathMap ? location.replace(`file:${options.storagePathMap.from}`, `file:${options.storagePathMap.to}`) : location;
  if (!existsSync(local.replace(/^file:/, ''))) {
    log(`savepoint ${location} is not reachable from this machine: state not verified (mount the checkpoint storage here and pass --storage-path-map).`);
    return undefined;
  }
  log(`savepoint ${location}${local !== location ? ` (here: ${local})` : ''}; verifying state…`);
  return verifySavepoint(local);
}
