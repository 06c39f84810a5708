package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateModeTest {

    private static final int SAMPLE = 20_000;

    @Test
    void bigstateIsUniformBetween20And200Kb() {
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (long bidder = 0; bidder < SAMPLE; bidder++) {
            int bytes = StateMode.BIGSTATE.stateBytes(42, bidder);
            assertTrue(bytes >= 20 * 1024 && bytes <= 200 * 1024, "bigstate size " + bytes);
            sum += bytes;
            min = Math.min(min, bytes);
            max = Math.max(max, bytes);
        }
        assertEquals(110 * 1024, sum / (double) SAMPLE, 2 * 1024, "mean of uniform 20–200 KB");
        assertTrue(min < 22 * 1024 && max > 198 * 1024, "spans the range: " + min + ".." + max);
    }

    @Test
    void realisticIsUniformBetweenHalfAndOneAndAHalfKb() {
        long sum = 0;
        for (long bidder = 0; bidder < SAMPLE; bidder++) {
            int bytes = StateMode.REALISTIC.stateBytes(7, bidder);
            assertTrue(bytes >= 512 && bytes <= 1536, "realistic size " + bytes);
            sum += bytes;
        }
        assertEquals(1024, sum / (double) SAMPLE, 10);
    }

    @Test
    void hybridIsEightyPercentOneKbAndTwentyPercentFiftyKb() {
        int small = 0;
        for (long bidder = 0; bidder < SAMPLE; bidder++) {
            int bytes = StateMode.HYBRID.stateBytes(1, bidder);
            assertTrue(bytes == 1024 || bytes == 50 * 1024, "hybrid size " + bytes);
            if (bytes == 1024) {
                small++;
            }
        }
        assertEquals(0.8, small / (double) SAMPLE, 0.01);
    }

    @Test
    void sizeIsAFunctionOfSeedAndBidder() {
        for (long bidder = 0; bidder < 1000; bidder++) {
            assertEquals(
                    StateMode.BIGSTATE.stateBytes(9, bidder),
                    StateMode.BIGSTATE.stateBytes(9, bidder));
        }
        int differing = 0;
        for (long bidder = 0; bidder < 1000; bidder++) {
            if (StateMode.BIGSTATE.stateBytes(9, bidder)
                    != StateMode.BIGSTATE.stateBytes(10, bidder)) {
                differing++;
            }
        }
        assertTrue(differing > 990, "another seed gives other sizes");
    }
}
