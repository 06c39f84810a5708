import { describe, expect, it } from 'vitest';
import { defaultClusterConfig } from './clusterConfig.js';
import { renderFlinkConf, toFlinkConfYaml } from './flinkConf.js';

const dirs = { checkpointsDir: '/data/checkpoints', savepointsDir: '/data/savepoints', rocksdbLocalDir: '/data/rocksdb', tmpDir: '/data/tmp' };

describe('renderFlinkConf', () => {
  it('renders the checkpoint settings under Flink 1.18 keys', () => {
    const base = defaultClusterConfig(dirs);
    const conf = renderFlinkConf({ ...base, checkpoint: { ...base.checkpoint, intervalMs: 5000, unaligned: true, minPauseMs: 250, mode: 'AT_LEAST_ONCE' } });
    expect(conf).toMatchObject({
      'execution.checkpointing.interval': '5000ms',
      'execution.checkpointing.mode': 'AT_LEAST_ONCE',
      'execution.checkpointing.unaligned': 'true',
      'execution.checkpointing.min-pause': '250ms',
      'execution.checkpointing.timeout': '600000ms',
      'state.backend.type': 'rocksdb',
      'state.backend.incremental': 'true',
      'state.checkpoints.dir': 'file:///data/checkpoints',
      'state.savepoints.dir': 'file:///data/savepoints',
      'state.backend.rocksdb.localdir': '/data/rocksdb',
      'taskmanager.numberOfTaskSlots': '4',
      'restart-strategy.type': 'fixed-delay',
    });
  });

  it('leaves the interval out when checkpointing is not configured', () => {
    expect(renderFlinkConf(defaultClusterConfig(dirs))).not.toHaveProperty('execution.checkpointing.interval');
  });

  it('keeps URIs as they are (NFS or S3 storage)', () => {
    const conf = renderFlinkConf(defaultClusterConfig({ ...dirs, checkpointsDir: 's3://bucket/ckpt' }));
    expect(conf['state.checkpoints.dir']).toBe('s3://bucket/ckpt');
  });

  it('switches failure detection between Flink defaults and the fast profile', () => {
    const base = defaultClusterConfig(dirs);
    expect(renderFlinkConf(base)).toMatchObject({ 'heartbeat.interval': '10000', 'heartbeat.timeout': '50000' });
    expect(renderFlinkConf({ ...base, failureDetection: 'fast' })).toMatchObject({ 'heartbeat.interval': '1000', 'heartbeat.timeout': '5000' });
  });

  it('writes flat key: value lines', () => {
    expect(toFlinkConfYaml({ a: '1', 'b.c': 'x y' })).toBe('a: 1\nb.c: x y\n');
  });
});
