package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("telemetry follower: a data centre's windows in time order")
class TelemetryFollowerInOrderTest {

    private static TelemetryWindow window(long start, double energy) {
        return new TelemetryWindow(start, start + 3_600_000, energy, energy, energy, null, null, null, null);
    }

    @Test
    @DisplayName("windows in order, updated late, out of order or twice in a row: the latest record of each start,"
            + " in time order, as the compacted topic keeps them")
    void latestOfEachStartInOrder() {
        Random random = new Random(20261206);
        for (int trial = 0; trial < 500; trial++) {
            TelemetryFollower.InOrder windows = new TelemetryFollower.InOrder();
            TreeMap<Long, TelemetryWindow> expected = new TreeMap<>();
            long next = 0;
            for (int i = 0; i < 200; i++) {
                long start;
                int draw = random.nextInt(10);
                if (draw < 6 || expected.isEmpty()) {
                    start = next; // the next window
                    next += 3_600_000L * (1 + random.nextInt(2));
                } else if (draw < 8) {
                    start = expected.lastKey(); // the last again (a window summed over two commits)
                } else {
                    start = 3_600_000L * random.nextInt((int) (next / 3_600_000L) + 3); // anywhere, new or known
                }
                TelemetryWindow window = window(start, i);
                windows.put(window);
                expected.put(start, window);
            }
            assertThat(windows.windows()).containsExactlyElementsOf(new ArrayList<>(expected.values()));
        }
    }
}
