package ckptlab.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Discards the window counts, keeping metrics: counts received and window emission delay. */
public final class AuctionCountSink implements Sink<AuctionCount> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<AuctionCount> createWriter(InitContext context) {
        return new Writer(context.metricGroup());
    }

    /** Counts and measures each record, then drops it. */
    static final class Writer implements SinkWriter<AuctionCount> {
        private final Counter received;
        private final Histogram emissionDelayMs;

        Writer(MetricGroup metrics) {
            received = metrics.counter("auctionCountsReceived");
            // now − window end: how late a window's result arrives.
            emissionDelayMs =
                    metrics.histogram(
                            "windowEmissionDelayMs", new DescriptiveStatisticsHistogram(10_000));
        }

        @Override
        public void write(AuctionCount element, Context context) {
            received.inc();
            emissionDelayMs.update(System.currentTimeMillis() - element.windowEndMs);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
