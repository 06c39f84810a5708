package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The window stage under controlled processing time: exact counts per auction, every slide. */
class AuctionWindowCountsTest {

    private static final long SIZE_MS = 10_000;
    private static final long SLIDE_MS = 2_000;

    // (processing time, auction) of each bid, in time order. A bid at a window's last ms would
    // race its timer in the harness, so the edge cases sit 2 ms before and right at a slide.
    private static final long[][] ARRIVALS = {
        {100, 1},
        {500, 1},
        {500, 2},
        {1998, 1},
        {2000, 2},
        {3500, 3},
        {7000, 1},
        {11_998, 2},
        {12_000, 3},
        {19_000, 1}
    };

    @Test
    void emitsExactCountsPerAuctionForEachWindowEverySlide() throws Exception {
        List<AuctionCount> emitted = run(SIZE_MS, SLIDE_MS, ARRIVALS, 32_000);
        List<AuctionCount> expected = expected(SIZE_MS, SLIDE_MS, ARRIVALS, 32_000);
        assertEquals(expected, emitted);
        // The reference itself is not trivial: a window every 2 s, counts above one.
        assertTrue(expected.stream().anyMatch(c -> c.count >= 3));
        // Every slide from the first bid's window to the last one's emitted something.
        assertEquals(
                LongStream.rangeClosed(1, 14)
                        .map(k -> k * SLIDE_MS)
                        .boxed()
                        .collect(Collectors.toList()),
                emitted.stream().map(c -> c.windowEndMs).distinct().collect(Collectors.toList()));
    }

    @Test
    void aSlideThatDoesNotDivideTheSizeStillCountsEveryWindowExactly() throws Exception {
        // Slices are gcd(7 s, 3 s) = 1 s long; windows end every 3 s.
        List<AuctionCount> expected = expected(7_000, 3_000, ARRIVALS, 32_000);
        assertEquals(expected, run(7_000, 3_000, ARRIVALS, 32_000));
        assertTrue(expected.size() > 10);
    }

    @Test
    void anAuctionIdleForLongerThanTheRingStartsAfresh() throws Exception {
        // Bids 25 s apart on one auction: the ring (two windows of slices) wraps between them.
        long[][] arrivals = {{1_000, 5}, {1_500, 5}, {26_000, 5}, {60_000, 5}};
        assertEquals(
                expected(SIZE_MS, SLIDE_MS, arrivals, 80_000),
                run(SIZE_MS, SLIDE_MS, arrivals, 80_000));
    }

    /**
     * Feeds {@code arrivals} to the window stage under the harness's clock, up to {@code untilMs}.
     */
    private static List<AuctionCount> run(
            long sizeMs, long slideMs, long[][] arrivals, long untilMs) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Bid> bids = env.fromElements(Bid.class, new Bid());
        SingleOutputStreamOperator<AuctionCount> counts =
                AuctionWindowCounts.apply(bids, sizeMs, slideMs);
        @SuppressWarnings("unchecked")
        OneInputStreamOperator<Bid, AuctionCount> operator =
                ((OneInputTransformation<Bid, AuctionCount>) counts.getTransformation())
                        .getOperator();
        List<AuctionCount> emitted = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<Long, Bid, AuctionCount> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, new Bid.ByAuction(), Types.LONG)) {
            harness.open();
            harness.setProcessingTime(0);
            int next = 0;
            for (long now = 0; now <= untilMs; now += 250) {
                harness.setProcessingTime(now);
                // Feed each bid at its own time, not just on the 250 ms grid.
                while (next < arrivals.length && arrivals[next][0] < now + 250) {
                    harness.setProcessingTime(arrivals[next][0]);
                    harness.processElement(new Bid(arrivals[next][1], 0, 1, 0), arrivals[next][0]);
                    next++;
                }
            }
            emitted.addAll(harness.extractOutputValues());
        }
        emitted.sort(ORDER);
        return emitted;
    }

    /**
     * The definition: for each window end (a multiple of the slide), the bids in [end − size, end).
     */
    private static List<AuctionCount> expected(
            long sizeMs, long slideMs, long[][] arrivals, long untilMs) {
        List<AuctionCount> expected = new ArrayList<>();
        for (long end = slideMs; end <= untilMs; end += slideMs) {
            Map<Long, Long> perAuction = new TreeMap<>();
            for (long[] a : arrivals) {
                if (a[0] >= end - sizeMs && a[0] < end) {
                    perAuction.merge(a[1], 1L, Long::sum);
                }
            }
            for (Map.Entry<Long, Long> e : perAuction.entrySet()) {
                expected.add(new AuctionCount(e.getKey(), e.getValue(), end));
            }
        }
        expected.sort(ORDER);
        return expected;
    }

    private static final Comparator<AuctionCount> ORDER =
            Comparator.comparingLong((AuctionCount c) -> c.windowEndMs)
                    .thenComparingLong(c -> c.auctionId);
}
