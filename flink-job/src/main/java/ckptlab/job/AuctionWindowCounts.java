package ckptlab.job;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** The window stage: bids per auction in sliding processing-time windows → (auctionId, count). */
public final class AuctionWindowCounts {

    /**
     * Uid of the window stage; a new uid since its state became slices (older savepoints hold
     * windows).
     */
    static final String UID = "auction-slice-counts";

    private AuctionWindowCounts() {}

    /**
     * Counts {@code bids} per auction in windows of {@code sizeMs} sliding every {@code slideMs}.
     */
    public static SingleOutputStreamOperator<AuctionCount> apply(
            DataStream<Bid> bids, long sizeMs, long slideMs) {
        return bids.keyBy(new Bid.ByAuction())
                .process(new SlicedSlidingCount(sizeMs, slideMs))
                .uid(UID)
                .name("AuctionWindowCounts");
    }
}
