package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BidGeneratorTest {

    @Test
    void fieldsStayInTheirRanges() {
        BidGenerator g = new BidGenerator(42, 10_000, 3_000_000, 0, 15_000);
        Set<Long> auctions = new HashSet<>();
        long minPrice = Long.MAX_VALUE;
        long maxPrice = 0;
        for (long i = 0; i < 200_000; i++) {
            Bid b = g.bidAt(i);
            assertTrue(b.auctionId >= 0 && b.auctionId < 10_000, b.toString());
            assertTrue(b.bidderId >= 0 && b.bidderId < 3_000_000, b.toString());
            assertTrue(b.price >= 1 && b.price <= 5000, b.toString());
            auctions.add(b.auctionId);
            minPrice = Math.min(minPrice, b.price);
            maxPrice = Math.max(maxPrice, b.price);
        }
        assertEquals(10_000, auctions.size(), "200k draws hit every one of 10k auctions");
        assertEquals(1, minPrice);
        assertEquals(5000, maxPrice);
    }

    @Test
    void sameIndexAndSeedGiveTheSameBid() {
        BidGenerator a = new BidGenerator(7, 100, 1000, 1_000, 200);
        BidGenerator b = new BidGenerator(7, 100, 1000, 1_000, 200);
        BidGenerator other = new BidGenerator(8, 100, 1000, 1_000, 200);
        int same = 0;
        for (long i = 0; i < 10_000; i++) {
            assertEquals(a.bidAt(i), b.bidAt(i));
            if (a.bidAt(i).equals(other.bidAt(i))) {
                same++;
            }
        }
        assertTrue(same < 10, "another seed gives another stream");
        assertNotEquals(a.bidAt(1), a.bidAt(2));
    }

    @Test
    void eventIIsDueAtStartPlusIOverRate() {
        BidGenerator g = new BidGenerator(1, 10, 10, 1_000_000, 4_000);
        assertEquals(1_000_000, g.scheduledTimeMs(0));
        assertEquals(1_000_000, g.scheduledTimeMs(3));
        assertEquals(1_000_001, g.scheduledTimeMs(4));
        assertEquals(1_001_000, g.scheduledTimeMs(4_000));
        assertEquals(0, g.dueBy(999_999));
        assertEquals(4, g.dueBy(1_000_000));
        assertEquals(4_004, g.dueBy(1_001_000));
        for (long t = 1_000_000; t < 1_000_050; t++) {
            long due = g.dueBy(t);
            assertTrue(
                    g.scheduledTimeMs(due - 1) <= t && g.scheduledTimeMs(due) > t,
                    "dueBy agrees with the schedule at " + t);
        }
        // The largest index the table allows still schedules without overflow.
        assertTrue(new BidGenerator(1, 1, 1, 0, 1).scheduledTimeMs(9_007_199_254_740_991L) > 0);
    }
}
