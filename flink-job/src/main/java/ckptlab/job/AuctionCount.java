package ckptlab.job;

/** Bids on one auction in one window; the window ended at {@code windowEndMs}. */
public class AuctionCount {
    public long auctionId;
    public long count;
    public long windowEndMs;

    public AuctionCount() {}

    public AuctionCount(long auctionId, long count, long windowEndMs) {
        this.auctionId = auctionId;
        this.count = count;
        this.windowEndMs = windowEndMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuctionCount)) {
            return false;
        }
        AuctionCount c = (AuctionCount) o;
        return auctionId == c.auctionId && count == c.count && windowEndMs == c.windowEndMs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(auctionId * 31 + count * 17 + windowEndMs);
    }

    @Override
    public String toString() {
        return "(" + auctionId + ", " + count + ") @" + windowEndMs;
    }
}
