package ckptlab.job.bench;

import ckptlab.job.BidWorkloadJob;
import ckptlab.job.JobParameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's maximum throughput on a MiniCluster (2 TaskManagers, parallelism 2): the source starts
 * with an endless backlog, so it emits as fast as the job takes events; the slope of the source
 * position over the steady window is the capacity μ. Checkpointing off and on (30 s, RocksDB
 * incremental) alternate in one run, so drift hits both alike. A benchmark, not a test: it prints.
 *
 * <p>Args: {@code [rounds=2] [warmupSeconds=30] [measureSeconds=60] [bidders=3000000]
 * [intervalsMs=0,30000]}
 */
public final class MaxThroughputBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int warmupS = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int measureS = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        long bidders = args.length > 3 ? Long.parseLong(args[3]) : 3_000_000L;
        String[] settings = args.length > 4 ? args[4].split(",") : new String[] {"0", "30000"};
        List<List<Double>> results = new ArrayList<>();
        for (String ignored : settings) {
            results.add(new ArrayList<>());
        }
        System.out.printf(
                "MiniCluster max throughput: %d cores, realistic state, %d bidders, RocksDB incremental, parallelism 2, warm-up %d s, window %d s%n",
                Runtime.getRuntime().availableProcessors(), bidders, warmupS, measureS);
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < settings.length; s++) {
                double eventsPerSec = measure(settings[s], warmupS, measureS, bidders);
                results.get(s).add(eventsPerSec);
                System.out.printf(
                        Locale.ROOT,
                        "round %d, checkpointIntervalMs=%s: %.0f events/s%n",
                        round + 1,
                        settings[s],
                        eventsPerSec);
            }
        }
        for (int s = 0; s < settings.length; s++) {
            System.out.printf(
                    Locale.ROOT,
                    "median: checkpointIntervalMs=%s %.0f events/s%n",
                    settings[s],
                    median(results.get(s)));
        }
        if (settings.length == 2) {
            System.out.printf(
                    Locale.ROOT,
                    "on/off = %.3f%n",
                    median(results.get(1)) / median(results.get(0)));
        }
    }

    private static double measure(String intervalMs, int warmupS, int measureS, long bidders)
            throws Exception {
        Path dir = Files.createTempDirectory("ckpt-bench");
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, 0);
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, 500L);
        // MiniCluster's default managed memory (128 MB) starves RocksDB into constant flushes.
        conf.set(
                TaskManagerOptions.MANAGED_MEMORY_SIZE,
                MemorySize.parse(System.getProperty("managedMemory", "1g")));
        // The RocksDB options, slot placement and managed memory of a cluster's flink-conf.yaml
        // (-DflinkConfDir, as infra/flinkConf.ts renders it), so the benchmark measures the cluster
        // it is
        // compared with. RocksDB's speed depends on its memory: 1 GB vs 2.9 GB measured 43.8k vs
        // 35.1k events/s.
        String confDir = System.getProperty("flinkConfDir");
        if (confDir != null) {
            Configuration file = GlobalConfiguration.loadConfiguration(confDir);
            if (System.getProperty("managedMemory") == null) {
                // Flink's own arithmetic: the managed memory a TaskManager of that process size
                // gets.
                conf.set(
                        TaskManagerOptions.MANAGED_MEMORY_SIZE,
                        TaskExecutorProcessUtils.processSpecFromConfig(file)
                                .getManagedMemorySize());
            }
            for (String key : file.keySet()) {
                boolean rocksdb =
                        key.startsWith("state.backend.rocksdb.")
                                && !key.equals("state.backend.rocksdb.localdir");
                if (rocksdb || key.equals("cluster.evenly-spread-out-slots")) {
                    conf.setString(key, file.getString(key, null));
                }
            }
        }
        MiniClusterConfiguration cfg =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(2)
                        .setNumSlotsPerTaskManager(2)
                        .build();
        try (MiniCluster cluster = new MiniCluster(cfg)) {
            cluster.start();
            JobParameters params =
                    JobParameters.parse(
                            new String[] {
                                // A start time long past: an endless backlog, so the source never
                                // waits.
                                "--rate",
                                "10000000",
                                "--startTimeMs",
                                String.valueOf(System.currentTimeMillis() - 3_600_000L),
                                "--bidders",
                                String.valueOf(bidders),
                                "--stateMode",
                                "realistic",
                                "--parallelism",
                                "2",
                                "--checkpointIntervalMs",
                                intervalMs,
                                "--stateBackend",
                                System.getProperty("backend", "rocksdb"),
                                "--incremental",
                                "true"
                            });
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.getCheckpointConfig().setCheckpointStorage(dir.toUri().toString());
            BidWorkloadJob.build(env, params);
            JobGraph graph = env.getStreamGraph().getJobGraph();
            JobID jobId = cluster.submitJob(graph).get().getJobID();
            String rest = cluster.getRestAddress().get().toString();
            String sourceVertex =
                    graph.getVerticesSortedTopologicallyFromSources().get(0).getID().toString();

            // Poll every second through warm-up and window; the slope over the window's samples is
            // the
            // throughput (the fetcher's lag of up to a second is the same at both ends).
            List<long[]> samples = new ArrayList<>();
            long windowStart = System.currentTimeMillis() + warmupS * 1000L;
            long windowEnd = windowStart + measureS * 1000L;
            while (System.currentTimeMillis() < windowEnd) {
                long[] sample = position(rest, jobId, sourceVertex);
                if (sample[0] >= windowStart) {
                    samples.add(sample);
                }
                Thread.sleep(1000);
            }
            cluster.cancelJob(jobId).get();
            return slopePerSecond(samples);
        }
    }

    /** {time, source position} as the REST API reports it (the metric fetcher fills in lazily). */
    private static long[] position(String rest, JobID jobId, String vertex) throws Exception {
        String base = rest + "/jobs/" + jobId + "/vertices/" + vertex + "/metrics";
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode m : get(base)) {
                String name = m.get("id").asText();
                if (name.endsWith(".sourcePosition")) {
                    JsonNode values = get(base + "?get=" + name);
                    return new long[] {
                        System.currentTimeMillis(), values.get(0).get("value").asLong()
                    };
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no sourcePosition metric at " + base);
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Least-squares slope of position over time, per second. */
    private static double slopePerSecond(List<long[]> samples) {
        double n = samples.size();
        double mt = samples.stream().mapToDouble(x -> x[0]).sum() / n;
        double mp = samples.stream().mapToDouble(x -> x[1]).sum() / n;
        double num = 0;
        double den = 0;
        for (long[] x : samples) {
            num += (x[0] - mt) * (x[1] - mp);
            den += (x[0] - mt) * (x[0] - mt);
        }
        return num / den * 1000.0;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
