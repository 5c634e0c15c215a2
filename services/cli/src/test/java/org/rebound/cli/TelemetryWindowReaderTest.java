package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.kafka.Topics;

/** The projection the summary reads telemetry through gives what the whole record gives, and refuses what is not one. */
@DisplayName("telemetry windows read through a projection")
class TelemetryWindowReaderTest {

    private static Telemetry.Builder window() {
        return Telemetry.newBuilder()
                .setRun("run@1")
                .setScenario("s")
                .setDatacentre("paris-1")
                .setRegion("FR")
                .setStart(Instant.parse("2025-03-01T13:00:00Z"))
                .setEnd(Instant.parse("2025-03-01T14:00:00Z"))
                .setRequests(1_000)
                .setLoadEvents(60)
                .setItPowerKw(93.75)
                .setFacilityPowerKw(103.125)
                .setItEnergyKwh(new Quantity(20.0, 93.75, 900.0, 50.0, 300.0))
                .setFacilityEnergyKwh(new Quantity(21.6, 103.125, 1080.0, null, null))
                .setCo2eKg(new Quantity(1.0, 5.775, 30.0, 3.0, 9.0))
                .setWaterL(new Quantity(60.0, 430.0, 4000.0, 200.0, 900.0))
                .setGridCarbonGPerKwh(56)
                .setPue(1.1)
                .setWueLPerKwh(0.55);
    }

    private static byte[] encoded(Telemetry t) {
        return Topics.TELEMETRY.valueSerde().serializer().serialize(Topics.TELEMETRY.name(), t);
    }

    @Test
    @DisplayName("a window without a fleet, and one with: the same as from the whole record")
    void sameAsTheWholeRecord() {
        TelemetryWindowReader reader = new TelemetryWindowReader();
        Telemetry plain = window().build();
        Telemetry fleet = window().setDatacentre("dc-1")
                .setUtilisation(0.5)
                .setCapacityServerHours(10.0)
                .setServersInService(10L)
                .setBacklog(20_000L)
                .build();
        // twice each, in turn: the reader reuses its record and decoder
        for (int i = 0; i < 2; i++) {
            assertThat(reader.read(encoded(plain)))
                    .isEqualTo(new TelemetryWindowReader.Read("paris-1", TelemetryWindow.of(plain)));
            TelemetryWindowReader.Read read = reader.read(encoded(fleet));
            assertThat(read).isEqualTo(new TelemetryWindowReader.Read("dc-1", TelemetryWindow.of(fleet)));
            assertThat(read.window().utilisation()).isEqualTo(0.5);
            assertThat(read.window().facilityEnergyKwh()).isEqualTo(103.125);
            assertThat(read.window().startMs())
                    .isEqualTo(Instant.parse("2025-03-01T13:00:00Z").toEpochMilli());
        }
    }

    @Test
    @DisplayName("bytes that are not a single-object Telemetry record: an error naming the topic")
    void refusesOtherBytes() {
        TelemetryWindowReader reader = new TelemetryWindowReader();
        assertThatThrownBy(() -> reader.read("not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rebound.telemetry");
        byte[] unknown = encoded(window().build());
        unknown[5] ^= 0x5A; // another fingerprint
        assertThatThrownBy(() -> reader.read(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown writer schema");
    }
}
