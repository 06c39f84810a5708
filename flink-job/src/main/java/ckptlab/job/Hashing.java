package ckptlab.job;

/** Deterministic 64-bit hashing (SplitMix64's finaliser): every generated value comes from here. */
final class Hashing {

    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private Hashing() {}

    /** SplitMix64's mixing function: a bijection on longs with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** A hash of (seed, salt, index); different salts give independent streams. */
    static long hash(long seed, long salt, long index) {
        return mix(mix(seed * GOLDEN + salt) + index * GOLDEN);
    }

    /** Uniform in [0, bound). The bias is below bound / 2^64. */
    static long below(long hash, long bound) {
        return Long.remainderUnsigned(hash, bound);
    }
}
