package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;

@DisplayName("telemetry windows summed (TelemetryMath)")
class TelemetryMathTest {

    private static final Instant HOUR = Instant.parse("2025-03-01T13:00:00Z");

    @org.junit.jupiter.api.BeforeAll
    static void trustTheGeneratedClasses() {
        // creating the codecs trusts the generated classes (Avro's builders deep-copy through them)
        assertThat(org.rebound.kafka.Topics.ALL).isNotEmpty();
    }

    private static Quantity q(double value) {
        return new Quantity(value, value, value, null, null);
    }

    /** A delta of a one-hour window: IT and facility kWh, and the values in force it reports. */
    private static Telemetry delta(double itKwh, double facilityKwh, double carbon, double pue, double wue) {
        return Telemetry.newBuilder()
                .setRun("r@1")
                .setScenario("s")
                .setDatacentre("paris-1")
                .setRegion("FR")
                .setStart(HOUR)
                .setEnd(HOUR.plusSeconds(3600))
                .setRequests(10)
                .setLoadEvents(1)
                .setItPowerKw(itKwh)
                .setFacilityPowerKw(facilityKwh)
                .setItEnergyKwh(q(itKwh))
                .setFacilityEnergyKwh(q(facilityKwh))
                .setCo2eKg(q(0))
                .setWaterL(q(0))
                .setGridCarbonGPerKwh(carbon)
                .setPue(pue)
                .setWueLPerKwh(wue)
                .build();
    }

    @Test
    @DisplayName("weights PUE and WUE by IT energy and grid carbon by facility energy, so PUE stays facility / IT")
    void energyWeighted() {
        // 1 kWh IT at PUE 1.2 (100 g/kWh), then 3 kWh IT at PUE 1.5 (40 g/kWh)
        Telemetry sum = TelemetryMath.plus(delta(1, 1.2, 100, 1.2, 0.5), delta(3, 4.5, 40, 1.5, 0.2));
        assertThat(sum.getRequests()).isEqualTo(20);
        assertThat(sum.getPue()).isCloseTo(5.7 / 4, within(1e-12));
        assertThat(sum.getPue() * sum.getItEnergyKwh().getCentral())
                .isCloseTo(sum.getFacilityEnergyKwh().getCentral(), within(1e-12));
        assertThat(sum.getWueLPerKwh()).isCloseTo((0.5 + 0.6) / 4, within(1e-12));
        // (1.2 × 100 + 4.5 × 40) / 5.7 g/kWh
        assertThat(sum.getGridCarbonGPerKwh()).isCloseTo(300 / 5.7, within(1e-12));
        assertThat(sum.getFacilityPowerKw()).isCloseTo(5.7, within(1e-12));
    }

    @Test
    @DisplayName(
            "keeps the values of the delta with energy when the other has none, and the later one when neither has")
    void withoutEnergy() {
        Telemetry some = delta(2, 2.2, 56, 1.1, 0.55);
        Telemetry none = delta(0, 0, 30, 1.3, 0.9);
        assertThat(TelemetryMath.plus(some, none).getPue()).isEqualTo(1.1);
        assertThat(TelemetryMath.plus(none, some).getGridCarbonGPerKwh()).isEqualTo(56);
        assertThat(TelemetryMath.plus(delta(0, 0, 10, 1.2, 0.1), none).getPue()).isEqualTo(1.3);
    }

    @Test
    @DisplayName("writes no world sums and leaves a delta without them as it is")
    void settle() {
        Telemetry plain = delta(1, 1.2, 100, 1.2, 0.5);
        assertThat(TelemetryMath.settle(plain)).isSameAs(plain);
        double[] worlds = new double[4 * org.rebound.domain.impact.PossibleWorlds.COUNT];
        java.util.Arrays.fill(worlds, 1.0);
        Telemetry settled = TelemetryMath.settle(
                Telemetry.newBuilder(plain).setWorlds(WorldSums.bytes(worlds)).build());
        assertThat(settled.getWorlds()).isNull();
        assertThat(settled.getItEnergyKwh().getP5()).isCloseTo(1.0, within(1e-12));
        assertThat(settled.getItEnergyKwh().getP95()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    @DisplayName(
            "a split window's outdoor temperature is its parts' averaged by their ticks; a part without one leaves the other's")
    void outdoor() {
        Telemetry cool = Telemetry.newBuilder(delta(1, 1.1, 50, 1.1, 0.3))
                .setOutdoorC(20.0)
                .build();
        Telemetry warm = Telemetry.newBuilder(delta(1, 1.1, 50, 1.1, 0.3))
                .setOutdoorC(30.0)
                .setLoadEvents(3)
                .build();
        assertThat(TelemetryMath.plus(cool, warm).getOutdoorC()).isCloseTo((20 + 3 * 30) / 4.0, within(1e-12));
        assertThat(TelemetryMath.plus(delta(1, 1.1, 50, 1.1, 0.3), warm).getOutdoorC())
                .isEqualTo(30.0);
        assertThat(TelemetryMath.plus(cool, delta(1, 1.1, 50, 1.1, 0.3)).getOutdoorC())
                .isEqualTo(20.0);
        assertThat(TelemetryMath.plus(delta(1, 1.1, 50, 1.1, 0.3), delta(1, 1.1, 50, 1.1, 0.3))
                        .getOutdoorC())
                .isNull();
    }
}
