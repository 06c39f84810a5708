import { describe, expect, it } from 'vitest';
import { checkpointTypeOf } from './runFileSchema.js';

describe('the checkpoint type a run records', () => {
  it('is the job’s flag when given, over the cluster’s default', () => {
    // The case run.json once answered twice: the job said full, the local cluster's default incremental.
    expect(checkpointTypeOf(false, { kind: 'local', config: { incremental: true } })).toEqual({ type: 'full', from: 'job' });
    expect(checkpointTypeOf(true, undefined)).toEqual({ type: 'incremental', from: 'job' });
  });

  it('is the cluster’s default without the job’s flag, and unknown when the cluster is not ours to read', () => {
    expect(checkpointTypeOf(undefined, { kind: 'local', config: { incremental: true } })).toEqual({ type: 'incremental', from: 'cluster default' });
    expect(checkpointTypeOf(undefined, { kind: 'rest', restUrl: 'http://x:8081' })).toBeUndefined();
  });
});
