package ckptlab.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TernaryBoolean;

/**
 * The job's parameters, typed: parsed and validated in one place against {@link ParameterTable}.
 */
public final class JobParameters {

    public final long rate;
    public final long keys;
    public final long bidders;
    public final StateMode stateMode;
    public final long seed;
    public final long startTimeMs;
    public final int parallelism;

    /** Key groups of the keyed stages; a prefilled savepoint must match it. */
    public final int maxParallelism;

    /** Null: keep the cluster's setting; 0: checkpointing off. */
    public final Long checkpointIntervalMs;

    public final String checkpointingMode;
    public final Boolean unaligned;
    public final Long minPauseMs;
    public final Long checkpointTimeoutMs;
    public final String stateBackend;
    public final Boolean incremental;
    public final long windowSizeMs;
    public final long windowSlideMs;

    /** Null: unbounded. */
    public final Long count;

    /** From this time every event is due (the capacity probe); -1: never. */
    public final long probeAtMs;

    /** Sorted; empty when no failure is injected. */
    public final long[] failAtMs;

    /** Phase of each injected failure in its checkpoint cycle, ‰; empty: at the failAtMs times. */
    public final long[] failurePhasePermille;

    private JobParameters(Map<String, Object> v, long nowMs) {
        rate = (Long) v.get("rate");
        keys = (Long) v.get("keys");
        bidders = (Long) v.get("bidders");
        stateMode = StateMode.valueOf(((String) v.get("stateMode")).toUpperCase(Locale.ROOT));
        seed = (Long) v.get("seed");
        startTimeMs = v.containsKey("startTimeMs") ? (Long) v.get("startTimeMs") : nowMs;
        parallelism = Math.toIntExact((Long) v.get("parallelism"));
        maxParallelism = Math.toIntExact((Long) v.get("maxParallelism"));
        checkpointIntervalMs = (Long) v.get("checkpointIntervalMs");
        checkpointingMode = (String) v.get("checkpointingMode");
        unaligned = (Boolean) v.get("unaligned");
        minPauseMs = (Long) v.get("minPauseMs");
        checkpointTimeoutMs = (Long) v.get("checkpointTimeoutMs");
        stateBackend = (String) v.get("stateBackend");
        incremental = (Boolean) v.get("incremental");
        windowSizeMs = (Long) v.get("windowSizeMs");
        windowSlideMs = (Long) v.get("windowSlideMs");
        count = (Long) v.get("count");
        probeAtMs = v.containsKey("probeAtMs") ? (Long) v.get("probeAtMs") : -1L;
        long[] failures =
                v.containsKey("failAtMs") ? ((long[]) v.get("failAtMs")).clone() : new long[0];
        Arrays.sort(failures);
        failAtMs = failures;
        failurePhasePermille =
                v.containsKey("failurePhasePermille")
                        ? ((long[]) v.get("failurePhasePermille")).clone()
                        : new long[0];
    }

    /** When the stateful operator throws its injected failures. */
    FailureSchedule failureSchedule() {
        return new FailureSchedule(
                failAtMs,
                failurePhasePermille,
                checkpointIntervalMs == null ? 0 : checkpointIntervalMs);
    }

    /**
     * Parses the job's arguments.
     *
     * @throws ParameterTable.InvalidParameterException naming the parameter, the value and what is
     *     allowed
     */
    public static JobParameters parse(String[] args) {
        return new JobParameters(ParameterTable.get().parse(args), System.currentTimeMillis());
    }

    /** Number of events the source emits: {@code count}, or practically unbounded. */
    public long eventCount() {
        return count != null ? count : Long.MAX_VALUE;
    }

    /**
     * Applies the checkpoint and state-backend options that were given; the rest stays the
     * cluster's.
     */
    public void applyTo(StreamExecutionEnvironment env) {
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        if (checkpointIntervalMs != null) {
            if (checkpointIntervalMs == 0) {
                checkpoints.disableCheckpointing();
            } else {
                env.enableCheckpointing(checkpointIntervalMs);
            }
        }
        if (checkpointingMode != null) {
            checkpoints.setCheckpointingMode(
                    CheckpointingMode.valueOf(checkpointingMode.toUpperCase(Locale.ROOT)));
        }
        if (unaligned != null) {
            checkpoints.enableUnalignedCheckpoints(unaligned);
        }
        if (minPauseMs != null) {
            checkpoints.setMinPauseBetweenCheckpoints(minPauseMs);
        }
        if (checkpointTimeoutMs != null) {
            checkpoints.setCheckpointTimeout(checkpointTimeoutMs);
        }
        if ("hashmap".equals(stateBackend)) {
            env.setStateBackend(new HashMapStateBackend());
        } else if ("rocksdb".equals(stateBackend)) {
            // UNDEFINED lets the cluster's state.backend.incremental decide.
            TernaryBoolean incrementalSetting =
                    incremental == null
                            ? TernaryBoolean.UNDEFINED
                            : TernaryBoolean.fromBoolean(incremental);
            env.setStateBackend(new EmbeddedRocksDBStateBackend(incrementalSetting));
        }
    }

    /** A short description for the job name. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "rate=%d/s bidders=%d keys=%d state=%s interval=%s",
                rate,
                bidders,
                keys,
                stateMode.name().toLowerCase(Locale.ROOT),
                checkpointIntervalMs == null
                        ? "cluster"
                        : checkpointIntervalMs == 0 ? "off" : checkpointIntervalMs + "ms");
    }
}
