package ckptlab.job;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window stage under controlled processing time: exact counts per auction, every slide. */
class AuctionWindowCountsTest {

    private static final long SIZE_MS = 10_000;
    private static final long SLIDE_MS = 2_000;

    @Test
    void emitsExactCountsPerAuctionForEachWindowEverySlide() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Bid> bids = env.fromElements(Bid.class, new Bid());
        SingleOutputStreamOperator<AuctionCount> counts = AuctionWindowCounts.apply(bids, SIZE_MS, SLIDE_MS);
        @SuppressWarnings("unchecked")
        OneInputStreamOperator<Bid, AuctionCount> operator =
                ((OneInputTransformation<Bid, AuctionCount>) counts.getTransformation()).getOperator();

        // (processing time, auction) of each bid, in time order. A bid at a window's last ms would
        // race its timer in the harness, so the edge cases sit 2 ms before and right at a slide.
        long[][] arrivals = {{100, 1}, {500, 1}, {500, 2}, {1998, 1}, {2000, 2}, {3500, 3}, {7000, 1}, {11_998, 2}, {12_000, 3}, {19_000, 1}};
        List<AuctionCount> emitted = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<Long, Bid, AuctionCount> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(operator, new Bid.ByAuction(), Types.LONG)) {
            harness.open();
            harness.setProcessingTime(0);
            int next = 0;
            for (long now = 0; now <= 32_000; now += 250) {
                harness.setProcessingTime(now);
                while (next < arrivals.length && arrivals[next][0] == now) {
                    harness.processElement(new Bid(arrivals[next][1], 0, 1, 0), now);
                    next++;
                }
                // Feed each bid at its own time, not just on the 250 ms grid.
                while (next < arrivals.length && arrivals[next][0] < now + 250) {
                    harness.setProcessingTime(arrivals[next][0]);
                    harness.processElement(new Bid(arrivals[next][1], 0, 1, 0), arrivals[next][0]);
                    next++;
                }
            }
            emitted.addAll(harness.extractOutputValues());
        }

        List<AuctionCount> expected = new ArrayList<>();
        for (long end = SLIDE_MS; end <= 32_000; end += SLIDE_MS) {
            Map<Long, Long> perAuction = new TreeMap<>();
            for (long[] a : arrivals) {
                if (a[0] >= end - SIZE_MS && a[0] < end) {
                    perAuction.merge(a[1], 1L, Long::sum);
                }
            }
            for (Map.Entry<Long, Long> e : perAuction.entrySet()) {
                expected.add(new AuctionCount(e.getKey(), e.getValue(), end));
            }
        }
        Comparator<AuctionCount> order = Comparator.comparingLong((AuctionCount c) -> c.windowEndMs).thenComparingLong(c -> c.auctionId);
        emitted.sort(order);
        expected.sort(order);
        assertEquals(expected, emitted);
        // The reference itself is not trivial: a window every 2 s, counts above one.
        assertTrue(expected.stream().anyMatch(c -> c.count >= 3));
        // Every slide from the first bid's window to the last one's emitted something.
        assertEquals(
                java.util.stream.LongStream.rangeClosed(1, 14).map(k -> k * SLIDE_MS).boxed().collect(java.util.stream.Collectors.toList()),
                emitted.stream().map(c -> c.windowEndMs).distinct().collect(java.util.stream.Collectors.toList()));
    }
}
