package ckptlab.job;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Bids per auction in sliding processing-time windows, counted once per bid: a bid adds one to its
 * slice (gcd(size, slide) long), and a window's count is the sum of its slices, emitted at the
 * window's end. This is how Flink SQL evaluates sliding windows; the DataStream window operator
 * instead adds each bid to all size/slide windows it belongs to, one state update and one timer
 * each, which made it the job's bottleneck at the seed's scale. The output is the same: for every
 * window end (a multiple of the slide) with bids in it, (auctionId, count, windowEndMs).
 *
 * <p>State per auction: one {@code long[]} ring, {@code [latestSlice, count per slice…]}, with room
 * for two windows of slices, so a window still sums right when its timer fires after bids of the
 * next slices have arrived (timers are mail, and can trail the input under load).
 */
final class SlicedSlidingCount extends KeyedProcessFunction<Long, Bid, AuctionCount> {
    private static final long serialVersionUID = 1L;

    private final long sizeMs;
    private final long slideMs;
    private final long sliceMs;
    private final int ringSlices;

    private transient ValueState<long[]> ring;

    SlicedSlidingCount(long sizeMs, long slideMs) {
        if (sizeMs <= 0 || slideMs <= 0 || slideMs > sizeMs) {
            throw new IllegalArgumentException(
                    "window size "
                            + sizeMs
                            + " ms and slide "
                            + slideMs
                            + " ms: need 0 < slide ≤ size");
        }
        this.sizeMs = sizeMs;
        this.slideMs = slideMs;
        this.sliceMs = gcd(sizeMs, slideMs);
        this.ringSlices = 2 * Math.toIntExact(sizeMs / sliceMs);
    }

    @Override
    public void open(Configuration parameters) {
        ring =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "slice-counts",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Bid bid, Context ctx, Collector<AuctionCount> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        long slice = Math.floorDiv(now, sliceMs);
        long[] counts = ring.value();
        if (counts == null) {
            counts = new long[1 + ringSlices];
            counts[0] = slice;
        } else if (slice > counts[0]) {
            // Slots between the latest slice and this one hold counts a full ring old.
            for (long s = counts[0] + 1; s <= slice && s <= counts[0] + ringSlices; s++) {
                counts[slot(s)] = 0;
            }
            counts[0] = slice;
        }
        if (slice > counts[0] - ringSlices) {
            counts[slot(slice)]++;
        }
        ring.update(counts);
        // The first window holding this bid ends at the next multiple of the slide; timers at one
        // time per key are kept once, so this costs one timer per auction and slide, not per bid.
        ctx.timerService().registerProcessingTimeTimer(firstWindowEndAfter(now) - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AuctionCount> out)
            throws Exception {
        long[] counts = ring.value();
        if (counts == null) {
            return;
        }
        long windowEndMs = timestamp + 1;
        long count = sum(counts, windowEndMs - sizeMs, windowEndMs);
        if (count > 0) {
            out.collect(new AuctionCount(ctx.getCurrentKey(), count, windowEndMs));
        }
        long nextEndMs = windowEndMs + slideMs;
        if (sum(counts, nextEndMs - sizeMs, nextEndMs) > 0) {
            ctx.timerService().registerProcessingTimeTimer(nextEndMs - 1);
        } else if (counts[0] < Math.floorDiv(windowEndMs, sliceMs)) {
            // No bid since this window's end and none left for the next: the auction is idle.
            ring.clear();
        }
    }

    /** Bids counted in slices lying in [fromMs, toMs) that the ring still holds. */
    private long sum(long[] counts, long fromMs, long toMs) {
        long latest = counts[0];
        long first = Math.max(Math.floorDiv(fromMs, sliceMs), latest - ringSlices + 1);
        long last = Math.min(Math.floorDiv(toMs, sliceMs) - 1, latest);
        long total = 0;
        for (long s = first; s <= last; s++) {
            total += counts[slot(s)];
        }
        return total;
    }

    private int slot(long slice) {
        return 1 + (int) Math.floorMod(slice, (long) ringSlices);
    }

    /** The end of the first window (ends are multiples of the slide) that holds time {@code t}. */
    long firstWindowEndAfter(long t) {
        return (Math.floorDiv(t, slideMs) + 1) * slideMs;
    }

    static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
