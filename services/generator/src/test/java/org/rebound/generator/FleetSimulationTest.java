package org.rebound.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;
import org.rebound.domain.scenario.Capacity;
import org.rebound.domain.scenario.Kind;

@DisplayName("a data centre's fleet, tick by tick")
class FleetSimulationTest {

    private static final long HOUR = 3_600_000L;
    private static final Kind TEXT = new Kind("text", Range.of(0.3), "", 1);
    private static final Kind VIDEO = new Kind("video", Range.of(300), "", 1);

    @Test
    @DisplayName("serves what it can, keeps the rest waiting kind by kind, and serves it later: nothing lost")
    void backlog() {
        // 10 servers; 1,000 text or 10 videos a server-hour
        Capacity capacity = new Capacity(10, 1000, 3000, Map.of("text", 1000.0, "video", 10.0), null);
        FleetSimulation fleet = new FleetSimulation(capacity, new Kind[] {TEXT, VIDEO});

        FleetSimulation.Tick half = fleet.serve(HOUR, new long[] {4_000, 10});
        assertThat(half.serverHours).containsExactly(4.0, 1.0);
        assertThat(half.availableServerHours(HOUR)).isEqualTo(10);
        assertThat(half.backlog).isZero();

        // 16,000 text and 40 videos ask 20 server-hours of 10: half of each kind served, half waits
        FleetSimulation.Tick full = fleet.serve(HOUR, new long[] {16_000, 40});
        assertThat(full.serverHours[0]).isCloseTo(8, within(1e-12));
        assertThat(full.serverHours[1]).isCloseTo(2, within(1e-12));
        assertThat(full.backlog).isCloseTo(8_020, within(1e-9));

        // nothing new: the 8,000 text and 20 videos waiting (10 server-hours) are served now
        FleetSimulation.Tick after = fleet.serve(HOUR, new long[] {0, 0});
        assertThat(after.serverHours[0] + after.serverHours[1]).isCloseTo(10, within(1e-9));
        assertThat(after.backlog).isZero();
        assertThat(fleet.serve(HOUR, new long[] {0, 0}).serverHours).containsExactly(0.0, 0.0);
    }

    @Test
    @DisplayName("without a declared rate, a server serves its maximum power over the kind's energy per request,"
            + " and a more efficient kind more")
    void derivedRate() {
        Capacity capacity = new Capacity(1, 1000, 3000, Map.of(), null);
        assertThat(capacity.rate(TEXT)).isCloseTo(10_000, within(1e-9)); // 3,000 Wh / 0.3 Wh
        assertThat(capacity.rate(new Kind("text", Range.of(0.3), "", 0.5))).isCloseTo(20_000, within(1e-9));
        // at full utilisation the fleet costs exactly the kind's energy per request
        assertThat(capacity.serverPowerW(1) / capacity.rate(TEXT)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    @DisplayName("adds servers after the utilisation stayed above its threshold for the time set, then counts again")
    void buildOut() {
        Capacity capacity = new Capacity(
                2, 100, 300, Map.of("text", 100.0), new Capacity.BuildOut(0.8, Duration.ofHours(3), 2, 1500));
        FleetSimulation fleet = new FleetSimulation(capacity, new Kind[] {TEXT});
        long[] busy = {190}; // 0.95 of 2 servers
        assertThat(fleet.serve(HOUR, busy).serversAdded).isZero();
        assertThat(fleet.serve(HOUR, new long[] {100}).serversAdded)
                .as("0.5: the count starts again")
                .isZero();
        assertThat(fleet.serve(HOUR, busy).serversAdded).isZero();
        assertThat(fleet.serve(HOUR, busy).serversAdded).isZero();
        FleetSimulation.Tick third = fleet.serve(HOUR, busy);
        assertThat(third.serversAdded).isEqualTo(2);
        assertThat(third.servers).as("in service from the next tick").isEqualTo(2);
        assertThat(fleet.serve(HOUR, busy).servers).isEqualTo(4);
        assertThat(fleet.servers()).isEqualTo(4);
    }
}
