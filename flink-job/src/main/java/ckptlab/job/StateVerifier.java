package ckptlab.job;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Reads a savepoint of the bid workload and prints JSON: bidders with state, the sum of their
 * update counters, state bytes per bidder (min/median/max) and the source position. {@code
 * counterSum == sourcePosition} proves that no update was lost and none applied twice.
 *
 * <p>Usage: {@code StateVerifier --savepoint <path>}
 */
public final class StateVerifier {

    private StateVerifier() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--savepoint")) {
            throw new IllegalArgumentException(
                    "Usage: StateVerifier --savepoint <path>; got " + Arrays.toString(args));
        }
        Result result = verify(StreamExecutionEnvironment.getExecutionEnvironment(), args[1]);
        System.out.println(result.toJson(args[1]));
    }

    /** What the savepoint holds. */
    public static final class Result {
        public final long bidders;
        public final long counterSum;
        public final long minStateBytes;
        public final long medianStateBytes;
        public final long maxStateBytes;

        /** Every bidder's state bytes added up: the payload the savepoint holds. */
        public final long totalStateBytes;

        /** Events the source had emitted; -1 if the savepoint holds no source split. */
        public final long sourcePosition;

        /** From the bidders' size histogram ({@code sizeCounts[b]}: bidders with b bytes). */
        Result(long bidders, long counterSum, long[] sizeCounts, long total, long sourcePosition) {
            this.bidders = bidders;
            this.counterSum = counterSum;
            this.minStateBytes = rank(sizeCounts, 0);
            this.medianStateBytes = rank(sizeCounts, bidders / 2);
            this.maxStateBytes = rank(sizeCounts, bidders - 1);
            this.totalStateBytes = total;
            this.sourcePosition = sourcePosition;
        }

        /** Exactly-once holds: every emitted event updated state exactly once. */
        public boolean ok() {
            return sourcePosition >= 0 && counterSum == sourcePosition;
        }

        String toJson(String savepoint) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("savepoint", savepoint);
            json.put("bidders", bidders);
            json.put("counterSum", counterSum);
            ObjectNode bytes = json.putObject("stateBytes");
            bytes.put("min", minStateBytes);
            bytes.put("median", medianStateBytes);
            bytes.put("max", maxStateBytes);
            bytes.put("total", totalStateBytes);
            json.put("sourcePosition", sourcePosition);
            json.put("ok", ok());
            return json.toString();
        }
    }

    /**
     * State bytes per bidder never exceed this (bigstate's maximum): the size histogram's range.
     */
    static final int MAX_STATE_BYTES = 200 * 1024;

    /**
     * Reads the savepoint at {@code path} with jobs on {@code env}. The state is read through
     * RocksDB and streamed into counters and a size histogram, so the verifier's memory does not
     * grow with the state.
     */
    public static Result verify(StreamExecutionEnvironment env, String path) throws Exception {
        SavepointReader savepoint =
                SavepointReader.read(env, path, new EmbeddedRocksDBStateBackend());

        long bidders = 0;
        long counterSum = 0;
        long totalBytes = 0;
        long[] sizeCounts = new long[MAX_STATE_BYTES + 1];
        try (CloseableIterator<BidderSummary> it =
                savepoint
                        .readKeyedState(
                                OperatorIdentifier.forUid(BidWorkloadJob.STATE_UID),
                                new ReadBidderState())
                        .executeAndCollect("ckpt-lab verifier: bidder state")) {
            while (it.hasNext()) {
                BidderSummary b = it.next();
                bidders++;
                counterSum += b.updates;
                totalBytes += b.stateBytes;
                sizeCounts[Math.min(b.stateBytes, MAX_STATE_BYTES)]++;
            }
        }

        SimpleVersionedSerializer<NumberSequenceSplit> splitSerializer =
                BidWorkloadJob.bidSource(JobParameters.parse(new String[0])).getSplitSerializer();
        long position = -1;
        if (hasOperator(path, BidWorkloadJob.SOURCE_UID)) {
            try (CloseableIterator<byte[]> it =
                    savepoint
                            .readListState(
                                    OperatorIdentifier.forUid(BidWorkloadJob.SOURCE_UID),
                                    "SourceReaderState",
                                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                            .executeAndCollect("ckpt-lab verifier: source position")) {
                while (it.hasNext()) {
                    // The source has one split starting at 0: its remaining range starts at the
                    // position.
                    NumberSequenceSplit split =
                            SimpleVersionedSerialization.readVersionAndDeSerialize(
                                    splitSerializer, it.next());
                    position = Math.max(position, split.from());
                }
            }
        }
        return new Result(bidders, counterSum, sizeCounts, totalBytes, position);
    }

    /**
     * The size at 0-based rank {@code r} of the sorted sizes the histogram counts; 0 when empty.
     */
    static long rank(long[] sizeCounts, long r) {
        long seen = 0;
        for (int size = 0; size < sizeCounts.length; size++) {
            seen += sizeCounts[size];
            if (seen > r) {
                return size;
            }
        }
        return 0;
    }

    /**
     * Whether the savepoint holds state of the operator {@code uid} (a prefill holds no source
     * position).
     */
    static boolean hasOperator(String path, String uid) throws IOException {
        OperatorID id = OperatorIdentifier.forUid(uid).getOperatorId();
        return SavepointLoader.loadSavepointMetadata(path).getOperatorStates().stream()
                .anyMatch(s -> s.getOperatorID().equals(id));
    }

    /** One bidder's state, summarised. */
    public static class BidderSummary {
        public long bidderId;
        public int stateBytes;
        public long updates;

        public BidderSummary() {}

        BidderSummary(long bidderId, int stateBytes, long updates) {
            this.bidderId = bidderId;
            this.stateBytes = stateBytes;
            this.updates = updates;
        }
    }

    /** Reads each bidder's state with the job's own descriptor. */
    static final class ReadBidderState extends KeyedStateReaderFunction<Long, BidderSummary> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<BidderState> state;

        @Override
        public void open(Configuration parameters) {
            state = getRuntimeContext().getState(BidderStateFunction.stateDescriptor());
        }

        @Override
        public void readKey(Long bidderId, Context ctx, Collector<BidderSummary> out)
                throws Exception {
            BidderState s = state.value();
            if (s != null) {
                out.collect(new BidderSummary(bidderId, s.payload.length, s.updates));
            }
        }
    }
}
