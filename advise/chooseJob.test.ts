import { describe, expect, it } from 'vitest';
import { AdviceRefused, chooseJob, refuseBatch } from './chooseJob.js';

const URL = 'http://flink:8081';
const running = (jid: string, name: string) => ({ jid, name, state: 'RUNNING' });

describe('which job advise observes', () => {
  it('takes the only running job, or the one named', () => {
    const jobs = [running('a1', 'bids'), { jid: 'b2', name: 'old', state: 'CANCELED' }];
    expect(chooseJob(URL, jobs).jid).toBe('a1');
    expect(chooseJob(URL, [...jobs, running('c3', 'clicks')], 'c3').name).toBe('clicks');
  });

  it('refuses several running jobs without --job, listing them', () => {
    const f = () => chooseJob(URL, [running('a1', 'bids'), running('c3', 'clicks')]);
    expect(f).toThrow(AdviceRefused);
    expect(f).toThrow('2 jobs are running on http://flink:8081: name one with --job. Running: a1 (bids, RUNNING); c3 (clicks, RUNNING).');
  });

  it('refuses an unknown job id, naming the jobs there', () => {
    expect(() => chooseJob(URL, [running('a1', 'bids')], 'zz')).toThrow('No job zz on http://flink:8081. Its jobs: a1 (bids, RUNNING).');
    expect(() => chooseJob(URL, [], 'zz')).toThrow('No job zz on http://flink:8081. It has no jobs.');
  });

  it('refuses a named job that is not running, and a cluster with none running', () => {
    expect(() => chooseJob(URL, [{ jid: 'b2', name: 'old', state: 'FINISHED' }], 'b2')).toThrow('Job b2 (old, FINISHED) is not RUNNING');
    expect(() => chooseJob(URL, [{ jid: 'b2', name: 'old', state: 'FAILED' }])).toThrow('No running job on http://flink:8081; its jobs: b2 (old, FAILED).');
  });

  it('refuses a batch job: it has no checkpoint interval', () => {
    expect(() => refuseBatch(running('a1', 'etl'), 'BATCH')).toThrow('Job a1 (etl, RUNNING) is a batch job');
    expect(() => refuseBatch(running('a1', 'bids'), 'STREAMING')).not.toThrow();
  });
});
