package ckptlab.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bid workload: a paced bid source → per-bidder state → sliding-window bid counts per auction →
 * a discarding sink. Arguments: see workload/parameters.json (or the README).
 */
public final class BidWorkloadJob {

    /** Uid of the source; the verifier reads its position from a savepoint by it. */
    static final String SOURCE_UID = "bid-source";

    /** Uid of the stateful stage; the verifier reads its state by it. */
    static final String STATE_UID = "bidder-state";

    private BidWorkloadJob() {}

    public static void main(String[] args) throws Exception {
        JobParameters params = JobParameters.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, params);
        env.execute("ckpt-lab bid workload: " + params.describe());
    }

    /** Adds the workload to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobParameters params) {
        params.applyTo(env);
        // Records must use Flink's own serializers: a Kryo fallback is an error.
        env.getConfig().disableGenericTypes();
        env.setParallelism(params.parallelism);
        // Fixed, so a prefilled state savepoint (StateBootstrap) always fits the job.
        env.setMaxParallelism(params.maxParallelism);

        DataStream<Bid> bids =
                env.fromSource(bidSource(params), WatermarkStrategy.noWatermarks(), "BidSource")
                        .uid(SOURCE_UID)
                        .setParallelism(1);

        DataStream<Bid> updated =
                bids.keyBy(new Bid.ByBidder())
                        .process(
                                new BidderStateFunction(
                                        params.stateMode, params.seed, params.failureSchedule()))
                        .uid(STATE_UID)
                        .name("BidderState");

        AuctionWindowCounts.apply(updated, params.windowSizeMs, params.windowSlideMs)
                .sinkTo(new AuctionCountSink())
                .uid("auction-count-sink")
                .name("AuctionCountSink");
    }

    /**
     * The paced source: one split, so its position is a single index (parallelism 1 suffices here).
     */
    static DataGeneratorSource<Bid> bidSource(JobParameters params) {
        BidGenerator generator =
                new BidGenerator(
                        params.seed,
                        params.keys,
                        params.bidders,
                        params.startTimeMs,
                        params.rate,
                        params.probeAtMs);
        // The generator paces itself: it is the rate limiter too.
        return new DataGeneratorSource<>(
                generator, params.eventCount(), generator, TypeInformation.of(Bid.class));
    }
}
