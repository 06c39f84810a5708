package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once state through failures: a task exception, then a TaskManager terminated, then
 * stop-with-savepoint; the verifier must find one state update per emitted event.
 */
class ExactlyOnceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(fastFailureDetection())
                            .build());

    /** A lost TaskManager is noticed within seconds, not the default 50 s heartbeat timeout. */
    private static Configuration fastFailureDetection() {
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, 500L);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, 5_000L);
        return conf;
    }

    private static final long RATE = 2_000;
    private static final long DEADLINE_MS = 60_000;

    @Test
    void counterSumEqualsSourcePositionAfterTaskFailureAndTaskManagerLoss(
            @InjectMiniCluster MiniCluster miniCluster,
            @InjectClusterClient ClusterClient<?> client,
            @TempDir Path dir)
            throws Exception {
        long failAt = System.currentTimeMillis() + 6_000;
        JobParameters params =
                JobParameters.parse(
                        new String[] {
                            "--rate", String.valueOf(RATE), "--bidders", "5000", "--keys", "100",
                                    "--stateMode", "realistic",
                            "--parallelism", "2", "--checkpointIntervalMs", "500", "--stateBackend",
                                    "rocksdb", "--incremental", "true",
                            "--failAtMs", String.valueOf(failAt)
                        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getCheckpointConfig()
                .setCheckpointStorage(dir.resolve("checkpoints").toUri().toString());
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(10, Time.milliseconds(200)));
        BidWorkloadJob.build(env, params);
        JobClient job = env.executeAsync("exactly-once");
        JobID jobId = job.getJobID();

        // 1. The injected task exception restarts the job, which then checkpoints again.
        long completedBefore =
                awaitGraph(
                        miniCluster,
                        jobId,
                        g -> allRunning(g) && completed(g) > 0,
                        "first checkpoints");
        awaitGraph(
                miniCluster,
                jobId,
                g -> attempt(g) >= 1 && allRunning(g),
                "restart after the task exception");
        assertTrue(
                System.currentTimeMillis() >= failAt, "the failure fired at its time, not before");
        long afterTaskFailure = completed(graph(miniCluster, jobId));
        awaitGraph(
                miniCluster,
                jobId,
                g -> completed(g) >= afterTaskFailure + 2,
                "checkpoints after the restart");

        // 2. Replacement TaskManagers start, then the two that ran the job terminate: wherever
        //    the tasks were placed after the first restart, they lose their TaskManager.
        miniCluster.startTaskManager();
        miniCluster.startTaskManager();
        miniCluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        miniCluster.terminateTaskManager(1).get(30, TimeUnit.SECONDS);
        awaitGraph(
                miniCluster,
                jobId,
                g -> attempt(g) >= 2 && allRunning(g),
                "restart after the TaskManager loss");
        long afterTmLoss = completed(graph(miniCluster, jobId));
        awaitGraph(
                miniCluster,
                jobId,
                g -> completed(g) >= afterTmLoss + 2,
                "checkpoints after the TaskManager loss");

        // 3. Stop with a savepoint and read it back.
        String savepoint =
                client.stopWithSavepoint(
                                jobId,
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        StateVerifier.Result result =
                StateVerifier.verify(
                        StreamExecutionEnvironment.getExecutionEnvironment(), savepoint);
        System.out.printf(
                "exactly-once: checkpoints %d, source position %d, counter sum %d, bidders %d, state bytes %d..%d (median %d)%n",
                completed(graph(miniCluster, jobId)),
                result.sourcePosition,
                result.counterSum,
                result.bidders,
                result.minStateBytes,
                result.maxStateBytes,
                result.medianStateBytes);

        assertTrue(completedBefore > 0);
        assertTrue(
                result.sourcePosition > RATE * 8,
                "the source ran through both failures: " + result.sourcePosition);
        assertEquals(
                result.sourcePosition, result.counterSum, "one state update per emitted event");
        assertTrue(result.ok());
        assertTrue(
                result.bidders > 4_000 && result.bidders <= 5_000,
                "bidders with state: " + result.bidders);
        assertTrue(result.minStateBytes >= 512 && result.maxStateBytes <= 1536, "realistic sizes");
    }

    private static AccessExecutionGraph graph(MiniCluster miniCluster, JobID jobId)
            throws Exception {
        return miniCluster.getExecutionGraph(jobId).get(10, TimeUnit.SECONDS);
    }

    private static long awaitGraph(
            MiniCluster miniCluster,
            JobID jobId,
            Predicate<AccessExecutionGraph> condition,
            String what)
            throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            AccessExecutionGraph g = graph(miniCluster, jobId);
            assertTrue(
                    !g.getState().isGloballyTerminalState(),
                    "job ended while waiting for " + what + ": " + g.getState());
            if (condition.test(g)) {
                return completed(g);
            }
            Thread.sleep(100);
        }
        AccessExecutionGraph g = graph(miniCluster, jobId);
        StringBuilder states = new StringBuilder();
        for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
            states.append(v.getTaskNameWithSubtaskIndex())
                    .append('=')
                    .append(v.getExecutionState())
                    .append('#')
                    .append(v.getCurrentExecutionAttempt().getAttemptNumber())
                    .append(' ');
        }
        throw new AssertionError(
                "timed out after "
                        + DEADLINE_MS
                        + " ms waiting for "
                        + what
                        + "; job "
                        + g.getState()
                        + ", checkpoints "
                        + completed(g)
                        + ", tasks "
                        + states);
    }

    private static boolean allRunning(AccessExecutionGraph g) {
        for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
            if (v.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    private static int attempt(AccessExecutionGraph g) {
        int attempt = 0;
        for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
            attempt = Math.max(attempt, v.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return attempt;
    }

    private static long completed(AccessExecutionGraph g) {
        return g.getCheckpointStatsSnapshot() == null
                ? 0
                : g.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }
}
