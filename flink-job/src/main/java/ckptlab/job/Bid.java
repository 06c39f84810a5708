package ckptlab.job;

import org.apache.flink.api.java.functions.KeySelector;

/** One bid: a bidder bids a price on an auction; {@code scheduledTimeMs} is when it was due. */
public class Bid {
    public long auctionId;
    public long bidderId;
    public long price;
    public long scheduledTimeMs;

    public Bid() {}

    public Bid(long auctionId, long bidderId, long price, long scheduledTimeMs) {
        this.auctionId = auctionId;
        this.bidderId = bidderId;
        this.price = price;
        this.scheduledTimeMs = scheduledTimeMs;
    }

    @Override
    public String toString() {
        return "Bid{auction="
                + auctionId
                + ", bidder="
                + bidderId
                + ", price="
                + price
                + ", due="
                + scheduledTimeMs
                + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bid)) {
            return false;
        }
        Bid b = (Bid) o;
        return auctionId == b.auctionId
                && bidderId == b.bidderId
                && price == b.price
                && scheduledTimeMs == b.scheduledTimeMs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(Hashing.mix(auctionId * 31 + bidderId) ^ price ^ scheduledTimeMs);
    }

    /** Keys bids by bidder (the stateful stage). */
    public static final class ByBidder implements KeySelector<Bid, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(Bid bid) {
            return bid.bidderId;
        }
    }

    /** Keys bids by auction (the window stage). */
    public static final class ByAuction implements KeySelector<Bid, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(Bid bid) {
            return bid.auctionId;
        }
    }
}
