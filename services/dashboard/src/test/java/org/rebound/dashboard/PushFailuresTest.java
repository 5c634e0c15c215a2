package org.rebound.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the dashboard's update loop: a failure is logged once per distinct cause")
class PushFailuresTest {

    @Test
    @DisplayName("the same failure every 250 ms counts as one cause; another message is another")
    void oncePerCause() {
        DashboardServer.PushFailures failures = new DashboardServer.PushFailures();
        for (int i = 0; i < 40; i++) {
            failures.failed(new IllegalStateException("begin -1, end 9, length 9"));
        }
        assertThat(failures.distinctCauses()).isEqualTo(1);
        failures.succeeded();
        failures.failed(new IllegalStateException("begin -1, end 9, length 9"));
        assertThat(failures.distinctCauses())
                .as("a cause seen before is not logged again")
                .isEqualTo(1);
        failures.failed(new IllegalArgumentException("other"));
        assertThat(failures.distinctCauses()).isEqualTo(2);
    }
}
