package ckptlab.job;

/** How many state bytes each bidder holds; the size is a pure function of seed and bidder. */
public enum StateMode {
    /** Uniform 20–200 KB per bidder: extreme state. */
    BIGSTATE,
    /** Uniform 0.5–1.5 KB per bidder: a user profile. */
    REALISTIC,
    /** 80 % of bidders 1 KB, 20 % 50 KB: a long tail. */
    HYBRID;

    private static final long SIZE_SALT = 0x5157_A7E5_12E5L;

    /** State bytes of {@code bidderId} in this mode. */
    public int stateBytes(long seed, long bidderId) {
        long h = Hashing.hash(seed, SIZE_SALT, bidderId);
        switch (this) {
            case BIGSTATE:
                return uniform(h, 20 * 1024, 200 * 1024);
            case REALISTIC:
                return uniform(h, 512, 1536);
            case HYBRID:
                return Hashing.below(h, 100) < 80 ? 1024 : 50 * 1024;
            default:
                throw new IllegalStateException(name());
        }
    }

    /** Uniform in [lo, hi] inclusive. */
    private static int uniform(long h, int lo, int hi) {
        return lo + (int) Hashing.below(h, hi - lo + 1);
    }
}
