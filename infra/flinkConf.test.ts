import { describe, expect, it } from 'vitest';
import { defaultClusterConfig, SEED_TASK_MANAGER_PROCESS_MB, taskManagerMemoryFor } from './clusterConfig.js';
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

  it('renders the RocksDB settings and the slot spreading under their Flink 1.18 keys', () => {
    const base = defaultClusterConfig(dirs);
    const conf = renderFlinkConf({ ...base, spreadSlotsEvenly: false, rocksdb: { timerService: 'ROCKSDB', bloomFilter: true, writeBufferRatio: 0.3 } });
    expect(conf).toMatchObject({
      'cluster.evenly-spread-out-slots': 'false',
      'state.backend.rocksdb.timer-service.factory': 'ROCKSDB',
      'state.backend.rocksdb.use-bloom-filter': 'true',
      'state.backend.rocksdb.memory.write-buffer-ratio': '0.3',
    });
    expect(renderFlinkConf(base)['cluster.evenly-spread-out-slots']).toBe('true');
  });
});

describe('TaskManager memory from the machine', () => {
  it("gives the seed's 8 GB when the machine holds both TaskManagers, the JobManager and the reserve", () => {
    const share = taskManagerMemoryFor(24_105, 2, 1024);
    expect(share.taskManagerProcessMb).toBe(SEED_TASK_MANAGER_PROCESS_MB);
    expect(share.reason).toContain("seed's 8 GB");
  });

  it('shares out what a smaller machine has left, in whole 64 MB steps, and says it is less', () => {
    // 16 GB: reserve 4 GB, JobManager 1 GB → (16,384 − 1,024 − 4,096) / 2 = 5,632 MB.
    const share = taskManagerMemoryFor(16_384, 2, 1024);
    expect(share.taskManagerProcessMb).toBe(5_632);
    expect(share.reason).toContain('less than');
    expect(taskManagerMemoryFor(40_000, 2, 1024).taskManagerProcessMb).toBe(SEED_TASK_MANAGER_PROCESS_MB);
  });

  it("never goes under Flink's smallest TaskManager", () => {
    expect(taskManagerMemoryFor(4_096, 2, 1024).taskManagerProcessMb).toBe(1024);
  });
});
