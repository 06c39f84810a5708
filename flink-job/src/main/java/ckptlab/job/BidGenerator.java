package ckptlab.job;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.MetricGroup;

/**
 * Bid {@code i} as a pure function of {@code i} and the seed, released on a wall-clock schedule:
 * event {@code i} is due at {@code startTimeMs + i / rate}. Due events go out as fast as the job
 * takes them and later ones wait, so after a restore the events that fell due during the outage
 * arrive as a backlog, as from a durable queue.
 *
 * <p>It is also the source's {@link RateLimiterStrategy}: the reader asks it before each event, and
 * it answers with a future that completes when the next event is due, so a source ahead of schedule
 * waits idle (and answers checkpoints) instead of sleeping in its task thread.
 */
public final class BidGenerator implements GeneratorFunction<Long, Bid>, RateLimiterStrategy {
    private static final long serialVersionUID = 1L;

    private static final long AUCTION_SALT = 1;
    private static final long BIDDER_SALT = 2;
    private static final long PRICE_SALT = 3;
    static final long MAX_PRICE = 5000;

    private final long seed;
    private final long keys;
    private final long bidders;
    private final long startTimeMs;
    private final long rate;

    /** From this time on every event is due (the capacity probe); negative: never. */
    private final long probeAtMs;

    /** Index of the next event to emit; -1 until the first one (read by the metric thread). */
    private transient volatile long position;

    private transient volatile long newestScheduledMs;

    /** The first index this attempt emitted: where it resumed after a restore. */
    private transient volatile long resumedAt;

    public BidGenerator(long seed, long keys, long bidders, long startTimeMs, long rate) {
        this(seed, keys, bidders, startTimeMs, rate, -1);
    }

    public BidGenerator(
            long seed, long keys, long bidders, long startTimeMs, long rate, long probeAtMs) {
        if (keys <= 0 || bidders <= 0 || rate <= 0) {
            throw new IllegalArgumentException("keys, bidders and rate must be positive");
        }
        this.seed = seed;
        this.keys = keys;
        this.bidders = bidders;
        this.startTimeMs = startTimeMs;
        this.rate = rate;
        this.probeAtMs = probeAtMs;
    }

    /** Whether the capacity probe has begun: the schedule no longer holds events back. */
    boolean probing(long nowMs) {
        return probeAtMs >= 0 && nowMs >= probeAtMs;
    }

    /**
     * How long event {@code index} must still wait at {@code nowMs}: 0 once it is due or the probe
     * runs.
     */
    long waitMs(long index, long nowMs) {
        return probing(nowMs) ? 0 : Math.max(0, scheduledTimeMs(index) - nowMs);
    }

    /** When event {@code index} is due, in epoch ms. */
    public long scheduledTimeMs(long index) {
        // index ≤ 2^53 keeps index * 1000 inside a long.
        return startTimeMs + index * 1000 / rate;
    }

    @Override
    public RateLimiter createRateLimiter(int parallelism) {
        // The source reader deserialises this object once for both roles, so this limiter sees the
        // position map() advances.
        return new RateLimiter() {
            @Override
            public CompletionStage<Void> acquire() {
                long next = position;
                long wait = next < 0 ? 0 : waitMs(next, System.currentTimeMillis());
                if (wait <= 0) {
                    return CompletableFuture.completedFuture(null);
                }
                Executor later = CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS);
                return CompletableFuture.runAsync(() -> {}, later);
            }
        };
    }

    /** Bid number {@code index}: the same for the same index and seed, whenever it is generated. */
    public Bid bidAt(long index) {
        return new Bid(
                Hashing.below(Hashing.hash(seed, AUCTION_SALT, index), keys),
                Hashing.below(Hashing.hash(seed, BIDDER_SALT, index), bidders),
                1 + Hashing.below(Hashing.hash(seed, PRICE_SALT, index), MAX_PRICE),
                scheduledTimeMs(index));
    }

    @Override
    public void open(SourceReaderContext context) {
        position = -1;
        resumedAt = -1;
        MetricGroup metrics = context.metricGroup();
        // Where this attempt started: 0 on a fresh start, the restored position after a restore.
        metrics.gauge("sourceResumedPosition", () -> resumedAt);
        // Number of events emitted so far, i.e. the index of the next one.
        metrics.gauge("sourcePosition", () -> Math.max(position, 0L));
        // now − due time of the newest emitted event: ~0 when keeping up, ≈ outage after a restore.
        metrics.gauge(
                "sourceLagMs",
                () ->
                        position < 0
                                ? 0L
                                : Math.max(0L, System.currentTimeMillis() - newestScheduledMs));
        // Events due by now but not yet emitted.
        metrics.gauge(
                "sourceBacklogRecords",
                () -> Math.max(0L, dueBy(System.currentTimeMillis()) - Math.max(position, 0L)));
    }

    /** Number of events due by {@code nowMs}: those with {@code scheduledTimeMs(i) <= nowMs}. */
    long dueBy(long nowMs) {
        if (nowMs < startTimeMs) {
            return 0;
        }
        // floor(i * 1000 / rate) <= d  ⟺  i < (d + 1) * rate / 1000
        return ((nowMs - startTimeMs + 1) * rate + 999) / 1000;
    }

    @Override
    public Bid map(Long index) throws InterruptedException {
        long due = scheduledTimeMs(index);
        long wait = waitMs(index, System.currentTimeMillis());
        if (wait > 0) {
            // Only the first event after a (re)start can get here early: the rate limiter holds
            // back every later one until it is due.
            Thread.sleep(wait);
        }
        Bid bid = bidAt(index);
        if (resumedAt < 0) {
            resumedAt = index;
        }
        newestScheduledMs = due;
        position = index + 1;
        return bid;
    }
}
