package ckptlab.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes the prefilled state as a savepoint: every bidder in {@code [0, bidders)} with its initial
 * state (nominal size by mode, counter 0), under the workload job's stateful uid, so a run started
 * from it measures the same state size at every checkpoint interval. It runs as an ordinary job on
 * the cluster under test (submitted through REST), so the savepoint lands in that cluster's
 * storage.
 *
 * <p>Usage: {@code StateBootstrap --savepointPath <dir> [workload parameters: --bidders --stateMode
 * --seed --parallelism --maxParallelism]}
 */
public final class StateBootstrap {

    static final String PATH_FLAG = "--savepointPath";

    private StateBootstrap() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int at = rest.indexOf(PATH_FLAG);
        if (at < 0 || at + 1 >= rest.size()) {
            throw new IllegalArgumentException(
                    "Usage: StateBootstrap "
                            + PATH_FLAG
                            + " <dir> [workload parameters]; got "
                            + Arrays.toString(args));
        }
        String path = rest.remove(at + 1);
        rest.remove(at);
        JobParameters params = JobParameters.parse(rest.toArray(new String[0]));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        write(env, params, path);
        env.execute(
                String.format(
                        Locale.ROOT,
                        "ckpt-lab prefill: %d bidders, %s state",
                        params.bidders,
                        params.stateMode.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * Adds the savepoint-writing pipeline for {@code params} to {@code env}; {@code env.execute()}
     * runs it.
     */
    public static void write(StreamExecutionEnvironment env, JobParameters params, String path) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(params.parallelism);
        StateBootstrapTransformation<Long> bidders =
                OperatorTransformation.bootstrapWith(env.fromSequence(0, params.bidders - 1))
                        .keyBy(new Identity(), Types.LONG)
                        .transform(new InitialBidderState(params.stateMode, params.seed));
        // RocksDB: the state need not fit in the TaskManagers' heap; the savepoint is canonical
        // either way.
        SavepointWriter.newSavepoint(env, new EmbeddedRocksDBStateBackend(), params.maxParallelism)
                .withOperator(OperatorIdentifier.forUid(BidWorkloadJob.STATE_UID), bidders)
                .write(path);
    }

    /** The bidder id is the key, as {@link Bid.ByBidder} makes it in the job. */
    static final class Identity implements KeySelector<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(Long bidderId) {
            return bidderId;
        }
    }

    /** Gives each bidder the state the job would create on its first bid, before any bid. */
    static final class InitialBidderState extends KeyedStateBootstrapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final StateMode stateMode;
        private final long seed;
        private transient ValueState<BidderState> state;

        InitialBidderState(StateMode stateMode, long seed) {
            this.stateMode = stateMode;
            this.seed = seed;
        }

        @Override
        public void open(Configuration parameters) {
            state = getRuntimeContext().getState(BidderStateFunction.stateDescriptor());
        }

        @Override
        public void processElement(Long bidderId, Context ctx) throws Exception {
            state.update(BidderStateFunction.initialState(stateMode, seed, bidderId));
        }
    }
}
