package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier streams the state through RocksDB: a savepoint several times larger than the
 * verifier's whole heap is read in full, in a JVM of its own as the bench runs it.
 */
class StateVerifierITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** bigstate: 20–200 KB per bidder, about 330 MB for these. */
    private static final long BIDDERS = 3_000;

    private static final int HEAP_MB = 96;

    @Test
    void readsASavepointFarLargerThanItsHeap(@TempDir Path dir) throws Exception {
        Path prefill = dir.resolve("prefill");
        JobParameters params =
                JobParameters.parse(
                        new String[] {
                            "--bidders",
                            String.valueOf(BIDDERS),
                            "--stateMode",
                            "bigstate",
                            "--seed",
                            "11"
                        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StateBootstrap.write(env, params, prefill.toUri().toString());
        env.execute("prefill for the verifier");
        long savepointBytes = directoryBytes(prefill);
        assertTrue(
                savepointBytes > 3L * HEAP_MB * 1024 * 1024,
                "the savepoint ("
                        + savepointBytes
                        + " bytes) is more than 3 × the verifier's heap");

        List<String> command =
                new ArrayList<>(
                        List.of(
                                Paths.get(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx" + HEAP_MB + "m",
                                "-XX:+ExitOnOutOfMemoryError"));
        // The Java 17 --add-opens this JVM got from the pom (flink.java17.opens), as the bench
        // passes them.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(command::add);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        StateVerifier.class.getName(),
                        "--savepoint",
                        prefill.toString()));
        long started = System.nanoTime();
        Process verifier = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output =
                new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verifier.waitFor(5, TimeUnit.MINUTES), "the verifier finished");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertEquals(
                0,
                verifier.exitValue(),
                "the verifier succeeded with a " + HEAP_MB + " MB heap:\n" + tail(output));

        String json =
                output.lines()
                        .filter(l -> l.startsWith("{"))
                        .reduce((a, b) -> b)
                        .orElseThrow(() -> new AssertionError("no JSON line:\n" + tail(output)));
        System.out.printf(
                "verifier: %d MB savepoint with a %d MB heap in %d s: %s%n",
                savepointBytes >> 20, HEAP_MB, seconds, json);
        assertTrue(json.contains("\"bidders\":" + BIDDERS + ","), "every bidder read: " + json);
        assertTrue(json.contains("\"counterSum\":0,"), "the prefill's counters: " + json);
        long min = longField(json, "min");
        long max = longField(json, "max");
        assertTrue(
                min >= 20 * 1024 && max <= 200 * 1024 && max - min > 100 * 1024,
                "bigstate sizes, 20–200 KB: " + json);
        // The payload the verifier added up is what the savepoint's files hold, less keys and
        // metadata.
        long total = longField(json, "total");
        assertTrue(
                total > 0.9 * savepointBytes && total <= savepointBytes,
                "state bytes " + total + " of a " + savepointBytes + "-byte savepoint");
    }

    private static long longField(String json, String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
