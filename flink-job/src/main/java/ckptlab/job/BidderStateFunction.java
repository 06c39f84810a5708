package ckptlab.job;

import java.util.SplittableRandom;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.Collector;

/**
 * The stateful stage: one {@link BidderState} per bidder, sized by the state mode, its bytes random
 * from the start (incompressible) and mutated and written back on every bid.
 */
public final class BidderStateFunction extends KeyedProcessFunction<Long, Bid, Bid>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    static final String STATE_NAME = "bidder-state";

    /** Bytes changed per bid. */
    static final int MUTATED_BYTES_PER_BID = 16;

    /** Samples the latency histogram keeps. */
    private static final int LATENCY_WINDOW = 10_000;

    private static final long PAYLOAD_SALT = 4;

    private final StateMode stateMode;
    private final long seed;
    private final FailureSchedule failures;

    private transient ValueState<BidderState> state;
    private transient Histogram latencyMs;
    private transient SplittableRandom random;

    public BidderStateFunction(StateMode stateMode, long seed, FailureSchedule failures) {
        this.stateMode = stateMode;
        this.seed = seed;
        this.failures = failures;
    }

    /** The state's descriptor; the verifier reads the savepoint with the same one. */
    static ValueStateDescriptor<BidderState> stateDescriptor() {
        return new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(BidderState.class));
    }

    /** A bidder's state before its first bid: nominal size by mode, random bytes, no updates. */
    static BidderState initialState(StateMode stateMode, long seed, long bidderId) {
        byte[] payload = new byte[stateMode.stateBytes(seed, bidderId)];
        new SplittableRandom(Hashing.hash(seed, PAYLOAD_SALT, bidderId)).nextBytes(payload);
        return new BidderState(payload, 0);
    }

    @Override
    public void open(Configuration parameters) {
        state = getRuntimeContext().getState(stateDescriptor());
        latencyMs =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram(
                                "eventLatencyMs",
                                new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        random =
                new SplittableRandom(
                        Hashing.hash(
                                seed, PAYLOAD_SALT, getRuntimeContext().getIndexOfThisSubtask()));
    }

    @Override
    public void processElement(Bid bid, Context ctx, Collector<Bid> out) throws Exception {
        long now = System.currentTimeMillis();
        failIfDue(now);
        BidderState current = state.value();
        if (current == null) {
            current = initialState(stateMode, seed, bid.bidderId);
        }
        byte[] payload = current.payload;
        for (int i = 0; i < MUTATED_BYTES_PER_BID; i++) {
            payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
        }
        current.updates++;
        state.update(current);
        latencyMs.update(now - bid.scheduledTimeMs);
        out.collect(bid);
    }

    /** Throws the injected failure that is due, on subtask 0 only (one failure, one restart). */
    private void failIfDue(long now) {
        int attempt = getRuntimeContext().getAttemptNumber();
        boolean checkpointing =
                ((StreamingRuntimeContext) getRuntimeContext()).isCheckpointingEnabled();
        if (getRuntimeContext().getIndexOfThisSubtask() == 0
                && failures.isDue(attempt, now, checkpointing)) {
            throw new InjectedFailureException(
                    "Injected task failure #"
                            + (attempt + 1)
                            + " thrown at "
                            + now
                            + " (aimed at "
                            + failures.aimedAtMs()
                            + ")");
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        failures.onCheckpoint(context.getCheckpointTimestamp());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    /** The exception an injected task failure throws. */
    public static final class InjectedFailureException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailureException(String message) {
            super(message);
        }
    }
}
