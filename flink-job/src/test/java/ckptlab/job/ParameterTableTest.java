package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterTableTest {

    private static String refusal(String... args) {
        return assertThrows(
                        ParameterTable.InvalidParameterException.class,
                        () -> JobParameters.parse(args))
                .getMessage();
    }

    @Test
    void defaultsComeFromTheTable() {
        JobParameters p = JobParameters.parse(new String[0]);
        assertEquals(15_000, p.rate);
        assertEquals(10_000, p.keys);
        assertEquals(3_000_000, p.bidders);
        assertEquals(StateMode.REALISTIC, p.stateMode);
        assertEquals(10_000, p.windowSizeMs);
        assertEquals(2_000, p.windowSlideMs);
        assertNull(p.checkpointIntervalMs, "unset checkpoint interval keeps the cluster's");
        assertNull(p.stateBackend);
        assertNull(p.count);
        assertEquals(0, p.failAtMs.length);
        assertTrue(
                Math.abs(System.currentTimeMillis() - p.startTimeMs) < 10_000,
                "startTimeMs defaults to now");
    }

    @Test
    void givenValuesAreTyped() {
        JobParameters p =
                JobParameters.parse(
                        new String[] {
                            "--rate",
                            "500",
                            "--stateMode",
                            "bigstate",
                            "--checkpointIntervalMs",
                            "0",
                            "--unaligned",
                            "--incremental",
                            "false",
                            "--stateBackend",
                            "rocksdb",
                            "--failAtMs",
                            "30,10",
                            "--startTimeMs",
                            "123"
                        });
        assertEquals(500, p.rate);
        assertEquals(StateMode.BIGSTATE, p.stateMode);
        assertEquals(0L, p.checkpointIntervalMs);
        assertEquals(Boolean.TRUE, p.unaligned);
        assertEquals(Boolean.FALSE, p.incremental);
        assertEquals(123, p.startTimeMs);
        assertArrayEquals(new long[] {10, 30}, p.failAtMs);
    }

    @Test
    void outOfRangeValuesNameParameterValueAndRange() {
        assertEquals(
                "Invalid value for --rate: '0'. Allowed: an integer from 1 to 10000000.",
                refusal("--rate", "0"));
        assertEquals(
                "Invalid value for --checkpointIntervalMs: '5'. Allowed: an integer from 10 to 604800000 or 0.",
                refusal("--checkpointIntervalMs", "5"));
        assertEquals(
                "Invalid value for --stateMode: 'huge'. Allowed: one of bigstate, realistic, hybrid.",
                refusal("--stateMode", "huge"));
        assertEquals(
                "Invalid value for --unaligned: 'yes'. Allowed: true or false.",
                refusal("--unaligned", "yes"));
        assertTrue(refusal("--keys", "12abc").startsWith("Invalid value for --keys: '12abc'"));
        assertTrue(
                refusal("--bidders", "99999999999999999999")
                        .startsWith("Invalid value for --bidders"));
        assertTrue(
                refusal("--failAtMs", "1,,2").startsWith("Invalid value for --failAtMs: '1,,2'"));
    }

    @Test
    void unknownMissingAndRepeatedParametersAreRefused() {
        String unknown = refusal("--rate", "10", "--speed", "3");
        assertTrue(
                unknown.startsWith("Unknown parameter --speed. Allowed parameters: --rate, --keys"),
                unknown);
        assertEquals(
                "Missing value for --rate. Allowed: an integer from 1 to 10000000.",
                refusal("--rate"));
        assertEquals("Parameter --rate is given twice.", refusal("--rate", "1", "--rate", "2"));
        assertTrue(refusal("rate", "1").startsWith("Unexpected argument 'rate'"));
    }

    @Test
    void crossParameterRulesHold() {
        assertEquals(
                "Invalid value for --windowSlideMs: '20000'. Allowed: at most --windowSizeMs (10000).",
                refusal("--windowSlideMs", "20000"));
        assertEquals(
                "Invalid value for --incremental: 'true'. Allowed: only together with --stateBackend.",
                refusal("--incremental", "true"));
        Map<String, Object> ok =
                ParameterTable.get()
                        .parse(new String[] {"--windowSizeMs", "2000", "--windowSlideMs", "2000"});
        assertEquals(2000L, ok.get("windowSlideMs"));
        assertFalse(ok.containsKey("count"));
    }
}
