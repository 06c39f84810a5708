package ckptlab.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class FailureScheduleTest {

    @Test
    void withoutPhasesAFailureFiresAtItsTimeOnItsAttemptOnly() {
        FailureSchedule s = new FailureSchedule(new long[] {1_000, 5_000}, new long[0], 0);
        assertFalse(s.isDue(0, 999, true));
        assertTrue(s.isDue(0, 1_000, true));
        assertFalse(s.isDue(1, 4_999, true), "the restarted attempt waits for the second failure");
        assertTrue(s.isDue(1, 5_000, true));
        assertFalse(s.isDue(2, 99_999, true), "no third failure");
    }

    @Test
    void aPhaseAimsIntoTheFirstCheckpointCycleAfterTheTime() {
        FailureSchedule s = new FailureSchedule(new long[] {10_000}, new long[] {900}, 2_000);
        s.onCheckpoint(9_000); // before the failure time: not the cycle
        assertFalse(s.isDue(0, 10_500, true));
        s.onCheckpoint(11_000);
        assertFalse(s.isDue(0, 12_700, true));
        assertEquals(11_000 + 1_800, s.aimedAtMs());
        assertTrue(s.isDue(0, 12_800, true));
    }

    @Test
    void anUnknownIntervalIsLearntFromTwoCheckpoints() {
        FailureSchedule s = new FailureSchedule(new long[] {10_000}, new long[] {100}, 0);
        s.onCheckpoint(10_200);
        assertFalse(s.isDue(0, 10_900, true));
        s.onCheckpoint(13_200);
        assertFalse(s.isDue(0, 13_400, true));
        assertEquals(13_200 + 300, s.aimedAtMs());
        assertTrue(s.isDue(0, 13_500, true));
    }

    @Test
    void aDeserialisedScheduleStillWaitsForItsCycle() throws Exception {
        // Operators reach the TaskManager serialised: transient fields come back as 0.
        FailureSchedule s =
                InstantiationUtil.clone(
                        new FailureSchedule(new long[] {10_000}, new long[] {500}, 2_000));
        assertFalse(s.isDue(0, 10_001, true), "no checkpoint seen yet: the cycle is unknown");
        s.onCheckpoint(11_000);
        assertFalse(s.isDue(0, 11_500, true));
        assertTrue(s.isDue(0, 12_000, true));
    }

    @Test
    void withCheckpointingOffItFiresAtTheTime() {
        FailureSchedule s = new FailureSchedule(new long[] {10_000}, new long[] {500}, 0);
        assertTrue(s.isDue(0, 10_000, false));
    }
}
