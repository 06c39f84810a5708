package ckptlab.job;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The window stage: bids per auction in sliding processing-time windows → (auctionId, count). */
public final class AuctionWindowCounts {

    private AuctionWindowCounts() {}

    /** Counts {@code bids} per auction in windows of {@code sizeMs} sliding every {@code slideMs}. */
    public static SingleOutputStreamOperator<AuctionCount> apply(DataStream<Bid> bids, long sizeMs, long slideMs) {
        return bids.keyBy(new Bid.ByAuction())
                .window(SlidingProcessingTimeWindows.of(Time.milliseconds(sizeMs), Time.milliseconds(slideMs)))
                .aggregate(new CountBids(), new EmitAuctionCount())
                .uid("auction-window-counts")
                .name("AuctionWindowCounts");
    }

    /** Counts bids incrementally, so a window holds one long per auction. */
    static final class CountBids implements AggregateFunction<Bid, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Bid bid, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Attaches the auction and the window's end to the count. */
    static final class EmitAuctionCount extends ProcessWindowFunction<Long, AuctionCount, Long, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Long auctionId, Context ctx, Iterable<Long> counts, Collector<AuctionCount> out) {
            out.collect(new AuctionCount(auctionId, counts.iterator().next(), ctx.window().getEnd()));
        }
    }
}
