/**
 * The one flink-conf renderer: typed cluster config → Flink configuration keys and values. The local
 * cluster writes it to flink-conf.yaml; the Pulumi stacks pass it as FLINK_PROPERTIES.
 */
import { FAILURE_DETECTION, type ClusterConfig } from './clusterConfig.js';

export type FlinkConf = Readonly<Record<string, string>>;

/** A directory as a Flink file-system URI. */
function fileUri(dir: string): string {
  return dir.includes('://') ? dir : `file://${dir}`;
}

/** Every cluster-wide Flink setting this project controls. */
export function renderFlinkConf(config: ClusterConfig): FlinkConf {
  const heartbeat = FAILURE_DETECTION[config.failureDetection];
  const ckpt = config.checkpoint;
  const conf: Record<string, string> = {
    ...(ckpt.intervalMs !== undefined ? { 'execution.checkpointing.interval': `${ckpt.intervalMs}ms` } : {}),
    'execution.checkpointing.mode': ckpt.mode,
    'execution.checkpointing.unaligned': String(ckpt.unaligned),
    'execution.checkpointing.min-pause': `${ckpt.minPauseMs}ms`,
    'execution.checkpointing.timeout': `${ckpt.timeoutMs}ms`,
    'execution.checkpointing.tolerable-failed-checkpoints': String(ckpt.tolerableFailed),
    'execution.checkpointing.externalized-checkpoint-retention': ckpt.retainOnCancellation ? 'RETAIN_ON_CANCELLATION' : 'DELETE_ON_CANCELLATION',
    'cluster.evenly-spread-out-slots': String(config.spreadSlotsEvenly),
    'state.backend.type': config.stateBackend,
    'state.backend.incremental': String(config.incremental),
    'state.checkpoints.dir': fileUri(config.dirs.checkpointsDir),
    'state.savepoints.dir': fileUri(config.dirs.savepointsDir),
    'state.backend.rocksdb.localdir': config.dirs.rocksdbLocalDir,
    'state.backend.rocksdb.timer-service.factory': config.rocksdb.timerService,
    'state.backend.rocksdb.use-bloom-filter': String(config.rocksdb.bloomFilter),
    'state.backend.rocksdb.memory.write-buffer-ratio': String(config.rocksdb.writeBufferRatio),
    'io.tmp.dirs': config.dirs.tmpDir,
    'jobmanager.memory.process.size': `${config.memory.jobManagerProcessMb}m`,
    'taskmanager.memory.process.size': `${config.memory.taskManagerProcessMb}m`,
    'taskmanager.memory.managed.fraction': String(config.memory.managedFraction),
    'taskmanager.numberOfTaskSlots': String(config.slotsPerTaskManager),
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': String(config.restart.attempts),
    'restart-strategy.fixed-delay.delay': `${config.restart.delayMs}ms`,
    'heartbeat.interval': String(heartbeat.intervalMs),
    'heartbeat.timeout': String(heartbeat.timeoutMs),
    'heartbeat.rpc-failure-threshold': String(heartbeat.rpcFailureThreshold),
    // No reverse DNS lookup of each TaskManager's address on registration: it runs in the JobMaster's
    // main thread, and where addresses have no reverse DNS (hosts addressed by IP, no resolver) it
    // stalls past the heartbeat timeout, so the JobMaster drops the TaskManager it just deployed to.
    // The lookup only serves input-split locality, which this job does not use.
    'jobmanager.retrieve-taskmanager-hostname': 'false',
    // The bench reads metrics through REST: refresh them every second, not every 10 s.
    'metrics.fetcher.update-interval': '1000',
    // The REST server's metric fetcher waits this long for a TaskManager that died; with the
    // default 10 minutes every metric in REST stays frozen after a TaskManager is killed.
    'web.timeout': '10000',
    // Room for the job's latency histograms and a long checkpoint history in the REST API.
    'web.checkpoints.history': '1000',
  };
  return conf;
}

/** flink-conf.yaml text (Flink 1.18's flat `key: value` format). */
export function toFlinkConfYaml(conf: FlinkConf): string {
  return (
    Object.entries(conf)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + '\n'
  );
}
