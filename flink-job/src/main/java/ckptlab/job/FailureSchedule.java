package ckptlab.job;

import java.io.Serializable;

/**
 * When the stateful operator throws its injected failures. Failure {@code k} fires on attempt
 * {@code k} (so a restarted job does not fail again for the same one), once its time {@code
 * failAtMs[k]} has come — at once, or at phase {@code phasePermille[k]} of the first checkpoint
 * cycle that starts after it, so that replay can be compared with the model.
 */
final class FailureSchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] failAtMs;
    private final long[] phasePermille;

    /** The checkpoint interval if the job sets it; 0: learn it from two consecutive checkpoints. */
    private final long intervalMs;

    // Transient, so 0 after deserialisation: 0 means "not known yet" (real times are epoch ms).
    private transient long previousCheckpointMs;
    private transient long lastCheckpointMs;
    private transient long throwAtMs;

    FailureSchedule(long[] failAtMs, long[] phasePermille, long intervalMs) {
        this.failAtMs = failAtMs.clone();
        this.phasePermille = phasePermille.clone();
        this.intervalMs = intervalMs;
    }

    /** A checkpoint was triggered at {@code triggerMs} (its barrier reached the operator). */
    void onCheckpoint(long triggerMs) {
        previousCheckpointMs = lastCheckpointMs;
        lastCheckpointMs = triggerMs;
    }

    /** Whether failure number {@code attempt} is due at {@code nowMs}. */
    boolean isDue(int attempt, long nowMs, boolean checkpointing) {
        if (attempt >= failAtMs.length || nowMs < failAtMs[attempt]) {
            return false;
        }
        if (!checkpointing || phasePermille.length == 0) {
            return true;
        }
        if (throwAtMs == 0) {
            long cycleStart = lastCheckpointMs;
            long interval = intervalMs > 0 ? intervalMs : lastCheckpointMs - previousCheckpointMs;
            boolean cycleKnown =
                    intervalMs > 0
                            ? cycleStart >= failAtMs[attempt]
                            : previousCheckpointMs >= failAtMs[attempt];
            if (cycleStart == 0 || !cycleKnown || interval <= 0) {
                return false;
            }
            long phase = phasePermille[Math.min(attempt, phasePermille.length - 1)];
            throwAtMs = cycleStart + interval * phase / 1000;
        }
        return nowMs >= throwAtMs;
    }

    /** The time the current failure was aimed at, or 0 before it is known. */
    long aimedAtMs() {
        return throwAtMs;
    }
}
