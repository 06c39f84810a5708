package ckptlab.job;

/** The state of one bidder: opaque payload bytes and how many bids updated it. */
public class BidderState {
    public byte[] payload;
    public long updates;

    public BidderState() {}

    public BidderState(byte[] payload, long updates) {
        this.payload = payload;
        this.updates = updates;
    }
}
