package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source's pacing on a real MiniCluster: a start time d seconds in the past is an outage of d
 * seconds; its backlog must arrive at once and drain faster than the rate, then the rate must hold.
 */
class PacingITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final long RATE = 1_000;
    private static final long OUTAGE_MS = 5_000;
    private static final long PACED_MS = 20_000;

    /** Stamps each bid with the wall-clock time it left the source (chained: same thread). */
    static final class StampArrival implements MapFunction<Bid, Tuple2<Long, Long>> {
        @Override
        public Tuple2<Long, Long> map(Bid bid) {
            return Tuple2.of(bid.scheduledTimeMs, System.currentTimeMillis());
        }
    }

    @Test
    void backlogArrivesAtOnceDrainsFastThenTheRateHolds() throws Exception {
        long startTimeMs = System.currentTimeMillis() - OUTAGE_MS;
        // Enough events to pace for PACED_MS after the outage plus a few seconds of job start-up.
        long count = RATE * (OUTAGE_MS + PACED_MS + 5_000) / 1000;
        JobParameters params =
                JobParameters.parse(
                        new String[] {
                            "--rate",
                            String.valueOf(RATE),
                            "--startTimeMs",
                            String.valueOf(startTimeMs),
                            "--count",
                            String.valueOf(count)
                        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<long[]> events = new ArrayList<>();
        try (CloseableIterator<Tuple2<Long, Long>> it =
                env.fromSource(
                                BidWorkloadJob.bidSource(params),
                                WatermarkStrategy.noWatermarks(),
                                "BidSource")
                        .map(new StampArrival())
                        .returns(Types.TUPLE(Types.LONG, Types.LONG))
                        .executeAndCollect("pacing")) {
            it.forEachRemaining(t -> events.add(new long[] {t.f0, t.f1}));
        }
        assertEquals(count, events.size());

        long firstArrival = events.get(0)[1];
        int backlog = 0;
        for (long[] e : events) {
            assertTrue(
                    e[1] >= e[0],
                    "no event leaves before it is due: due " + e[0] + ", left " + e[1]);
            if (e[0] <= firstArrival) {
                backlog++;
            }
        }
        long expectedBacklog = RATE * (firstArrival - startTimeMs) / 1000;
        assertTrue(expectedBacklog >= RATE * OUTAGE_MS / 1000);
        assertEquals(expectedBacklog, backlog, RATE / 100.0, "backlog ≈ rate × outage");

        // The backlog drains faster than the rate: well within the time it took to build up.
        long drainedAt = events.get(backlog - 1)[1];
        long drainMs = drainedAt - firstArrival;
        assertTrue(
                drainMs < (firstArrival - startTimeMs) / 2,
                "backlog of " + backlog + " drained in " + drainMs + " ms");

        // After catching up: the rate holds within 5 % over 20 s.
        long windowStart = drainedAt + 1_000;
        long windowEnd = windowStart + PACED_MS;
        long inWindow =
                events.stream().filter(e -> e[1] >= windowStart && e[1] < windowEnd).count();
        assertTrue(
                events.get(events.size() - 1)[1] >= windowEnd - 50,
                "the run covers the 20 s window");
        double measuredRate = inWindow * 1000.0 / PACED_MS;
        System.out.printf(
                "pacing: backlog %d drained in %d ms (%.0f events/s); paced rate %.1f events/s (target %d)%n",
                backlog, drainMs, backlog * 1000.0 / Math.max(1, drainMs), measuredRate, RATE);
        assertEquals(RATE, measuredRate, RATE * 0.05);
    }
}
