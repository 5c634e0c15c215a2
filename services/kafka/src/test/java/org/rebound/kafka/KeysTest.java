package org.rebound.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("record keys: a run, its members, its periods and its telemetry windows")
class KeysTest {

    @Test
    @DisplayName("a member's and a period's key: the run, '/', the member or the zero-padded period")
    void memberAndPeriod() {
        assertThat(Keys.member("quickstart@20250301T000000Z", "paris-1"))
                .isEqualTo("quickstart@20250301T000000Z/paris-1");
        assertThat(Keys.period("r@1", 42)).isEqualTo("r@1/000042");
    }

    @Test
    @DisplayName("a telemetry window's key ends with its start as Instant.toString writes it, over the years a"
            + " scenario may span and beyond")
    void windowStartAsToString() {
        assertThat(Keys.window(
                        "r@1", "paris-1", Instant.parse("2025-03-01T13:00:00Z").toEpochMilli()))
                .isEqualTo("r@1/paris-1/2025-03-01T13:00:00Z");
        java.util.Random random = new java.util.Random(20261206);
        for (int i = 0; i < 10_000; i++) {
            long start = i % 2 == 0
                    ? random.nextInt(200 * 8766) * 3_600_000L // whole hours of two centuries from 1970
                    : random.nextLong() % 400_000_000_000_000L; // any millisecond, years -10,700 to 14,600
            assertThat(Keys.window("r@1", "dc", start)).isEqualTo("r@1/dc/" + Instant.ofEpochMilli(start));
        }
    }
}
