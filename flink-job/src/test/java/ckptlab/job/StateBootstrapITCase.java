package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefilled state: every bidder has its initial state before the first bid, and the probe lifts
 * the schedule.
 */
class StateBootstrapITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long BIDDERS = 3_000;

    @Test
    void everyBidderHasItsNominalStateAndARunFromItKeepsExactlyOnce(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
        String prefill = dir.resolve("prefill").toUri().toString();
        JobParameters params =
                JobParameters.parse(
                        new String[] {
                            "--bidders",
                            String.valueOf(BIDDERS),
                            "--stateMode",
                            "hybrid",
                            "--seed",
                            "7"
                        });
        StreamExecutionEnvironment bootstrapEnv =
                StreamExecutionEnvironment.getExecutionEnvironment();
        StateBootstrap.write(bootstrapEnv, params, prefill);
        bootstrapEnv.execute("prefill");

        StateVerifier.Result written =
                StateVerifier.verify(StreamExecutionEnvironment.getExecutionEnvironment(), prefill);
        assertEquals(BIDDERS, written.bidders, "every bidder in [0, bidders) has state");
        assertEquals(0, written.counterSum, "no bid has updated the prefilled state");
        assertEquals(-1, written.sourcePosition, "the prefill holds no source position");
        assertEquals(1024, written.minStateBytes, "hybrid: the small bidders have 1 KB");
        assertEquals(50 * 1024, written.maxStateBytes, "hybrid: the large bidders have 50 KB");

        // A short run started from it: far fewer bids than bidders, yet every bidder still has
        // state.
        Configuration conf = new Configuration();
        conf.set(SavepointConfigOptions.SAVEPOINT_PATH, prefill);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        BidWorkloadJob.build(
                env,
                JobParameters.parse(
                        new String[] {
                            "--bidders",
                            String.valueOf(BIDDERS),
                            "--stateMode",
                            "hybrid",
                            "--seed",
                            "7",
                            "--rate",
                            "300",
                            "--keys",
                            "50",
                            "--checkpointIntervalMs",
                            "500",
                            "--stateBackend",
                            "rocksdb"
                        }));
        JobID jobId = env.executeAsync("from prefill").getJobID();
        Thread.sleep(3_000);
        String savepoint =
                client.stopWithSavepoint(
                                jobId,
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        StateVerifier.Result after =
                StateVerifier.verify(
                        StreamExecutionEnvironment.getExecutionEnvironment(), savepoint);
        System.out.printf(
                "prefill: %d bidders; after %d bids: %d bidders, counter sum %d%n",
                written.bidders, after.sourcePosition, after.bidders, after.counterSum);
        assertTrue(
                after.sourcePosition > 0 && after.sourcePosition < BIDDERS,
                "a short run: " + after.sourcePosition);
        assertEquals(
                BIDDERS, after.bidders, "the bidders no bid reached kept their prefilled state");
        assertEquals(
                after.sourcePosition,
                after.counterSum,
                "one update per emitted event, on top of counters that started at 0");
    }

    @Test
    void theProbeReleasesEveryEventAtOnce(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
        long rate = 100;
        long start = System.currentTimeMillis();
        long probeAt = start + 2_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BidWorkloadJob.build(
                env,
                JobParameters.parse(
                        new String[] {
                            "--bidders",
                            "1000",
                            "--keys",
                            "50",
                            "--rate",
                            String.valueOf(rate),
                            "--startTimeMs",
                            String.valueOf(start),
                            "--probeAtMs",
                            String.valueOf(probeAt),
                            "--stateBackend",
                            "hashmap",
                            "--checkpointIntervalMs",
                            "0"
                        }));
        JobID jobId = env.executeAsync("probe").getJobID();
        Thread.sleep(5_000);
        String savepoint =
                client.stopWithSavepoint(
                                jobId,
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        long elapsedMs = System.currentTimeMillis() - start;
        StateVerifier.Result result =
                StateVerifier.verify(
                        StreamExecutionEnvironment.getExecutionEnvironment(), savepoint);
        long paced = rate * elapsedMs / 1000;
        System.out.printf(
                "probe: %d events in %d ms (paced would be %d)%n",
                result.sourcePosition, elapsedMs, paced);
        assertTrue(
                result.sourcePosition > 10 * paced,
                "after probeAtMs the schedule no longer holds events back: "
                        + result.sourcePosition
                        + " vs paced "
                        + paced);
        assertEquals(result.sourcePosition, result.counterSum);
    }
}
