package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.DataCentre;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.KindEnergy;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;

/**
 * The telemetry windows ({@code rebound.telemetry}) on the topology test driver, every expectation
 * computed by hand from the figures below: a flat grid of 100 g/kWh central (50–200), 2 L/kWh
 * off-site; WUE 0.5 L/kWh, embodied 80 g/kWh; text at 0.25 Wh (paris-1) and 0.5 Wh (dub-1), all
 * certain except the grid's carbon. The driver commits after every record, so each tick is its
 * own delta and a window is summed by the reduce, as across commits on a broker.
 */
@DisplayName("telemetry windows (topology)")
class TelemetryTopologyTest {

    private static final String RUN = "t@1";
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private TopologyTestDriver driver;
    /** The data-centre states, carried by each data centre's next event as the generator does. */
    private CarriedStates datacentres;

    private CarriedStates.Requests requests;
    private TestOutputTopic<String, Telemetry> telemetry;
    private TestOutputTopic<String, Telemetry> telemetryJson;
    private TestOutputTopic<String, Totals> byDatacentre;
    private Path stateDir;

    @BeforeEach
    void setUp() throws Exception {
        stateDir = Files.createTempDirectory("telemetry-test");
        Properties config = ImpactAggregator.config(KafkaClients.of("unused:9092"), "telemetry-test", stateDir);
        driver = new TopologyTestDriver(ImpactTopology.build(), config, START);
        datacentres = new CarriedStates();
        requests = datacentres.requests(driver.createInputTopic(
                Topics.REQUESTS.name(), Topics.KEY.serializer(), Topics.LOAD_EVENT.serializer()));
        telemetry = driver.createOutputTopic(
                Topics.TELEMETRY.name(), Topics.KEY.deserializer(), Topics.TELEMETRY_SERDE.deserializer());
        telemetryJson = driver.createOutputTopic(
                Topics.TELEMETRY_JSON.name(),
                Topics.KEY.deserializer(),
                Topics.TELEMETRY_JSON.valueSerde().deserializer());
        byDatacentre = driver.createOutputTopic(
                Topics.TOTALS_BY_DATACENTRE.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Quantity q(double low, double central, double high) {
        return new Quantity(low, central, high, null, null);
    }

    private static Quantity q(double value) {
        return q(value, value, value);
    }

    /** A data centre in force from {@code validFrom}, on a flat grid (no daily profile, no trend): a two-day run. */
    private static DataCentre dc(String id, Instant validFrom, double pue, double textWh) {
        GridElectricity grid =
                new GridElectricity("FR", q(50, 100, 200), q(2.0), Collections.nCopies(24, 1.0), 0.0, 0.0, START);
        return new DataCentre(
                RUN,
                "t",
                id,
                validFrom,
                START,
                START.plusMillis(48 * HOUR),
                0L,
                q(pue),
                q(0.5),
                q(80),
                0.5,
                grid,
                Map.of("text", new KindEnergy(q(textWh), 1.0, 1.0)),
                0L,
                null,
                null,
                null,
                null);
    }

    /** A state as the generator sends it: carried by the data centre's next event. */
    private void state(DataCentre dc) {
        datacentres.pipeInput(
                new TestRecord<>(RUN + "/" + dc.getId(), dc, dc.getValidFrom().minusMillis(1)));
    }

    private void tick(String dc, long atMinute, long tickMillis, long textRequests) {
        Instant at = START.plusMillis(atMinute * MINUTE);
        requests.pipeInput(new TestRecord<>(
                RUN + "/" + dc,
                new LoadEvent(RUN, "t", dc, at, tickMillis, Map.of("text", textRequests), null, null, null, List.of()),
                at));
    }

    @Test
    @DisplayName(
            "sums each data centre's 15-minute ticks by simulated hour, with average power and the PUE weighted by IT energy across a change")
    void hourlyWindowsAcrossAPueChange() {
        state(dc("paris-1", START, 1.2, 0.25));
        state(dc("paris-1", START.plusMillis(30 * MINUTE), 1.5, 0.25)); // PUE 1.2 → 1.5 at 00:30
        state(dc("dub-1", START, 1.5, 0.5));
        long quarter = 15 * MINUTE;
        tick("paris-1", 0, quarter, 1000);
        tick("dub-1", 0, quarter, 1000);
        tick("paris-1", 15, quarter, 2000);
        tick("paris-1", 30, quarter, 4000);
        tick("paris-1", 45, quarter, 8000);
        tick("dub-1", 45, quarter, 1000);
        tick("paris-1", 60, quarter, 1000); // the next hour

        Map<String, Telemetry> windows = telemetry.readKeyValuesToMap();
        assertThat(windows)
                .containsOnlyKeys(
                        RUN + "/paris-1/2025-03-01T00:00:00Z",
                        RUN + "/paris-1/2025-03-01T01:00:00Z",
                        RUN + "/dub-1/2025-03-01T00:00:00Z");

        Telemetry paris = windows.get(RUN + "/paris-1/2025-03-01T00:00:00Z");
        assertThat(paris.getDatacentre()).isEqualTo("paris-1");
        assertThat(paris.getRegion()).isEqualTo("FR");
        assertThat(paris.getStart()).isEqualTo(START);
        assertThat(paris.getEnd()).isEqualTo(START.plusMillis(HOUR));
        assertThat(paris.getRequests()).isEqualTo(15_000);
        assertThat(paris.getLoadEvents()).isEqualTo(4);
        // IT: 15,000 × 0.25 Wh = 3.75 kWh; facility: 3,000 × 0.25 Wh × 1.2 + 12,000 × 0.25 Wh × 1.5 = 0.9 + 4.5 = 5.4
        // kWh
        assertThat(paris.getItEnergyKwh().getCentral()).isCloseTo(3.75, within(1e-12));
        assertThat(paris.getFacilityEnergyKwh().getCentral()).isCloseTo(5.4, within(1e-12));
        // over one hour, kW = kWh
        assertThat(paris.getItPowerKw()).isCloseTo(3.75, within(1e-12));
        assertThat(paris.getFacilityPowerKw()).isCloseTo(5.4, within(1e-12));
        // PUE weighted by IT energy: (0.75 × 1.2 + 3.0 × 1.5) / 3.75 = 1.44, neither 1.2 nor 1.5 nor their mean
        assertThat(paris.getPue()).isCloseTo(1.44, within(1e-12));
        assertThat(paris.getGridCarbonGPerKwh()).isCloseTo(100, within(1e-9));
        assertThat(paris.getWueLPerKwh()).isCloseTo(0.5, within(1e-12));
        // CO₂e: 5.4 kWh × 50/100/200 g + 3.75 kWh × 80 g = 0.57 / 0.84 / 1.38 kg
        assertThat(paris.getCo2eKg().getLow()).isCloseTo(0.57, within(1e-12));
        assertThat(paris.getCo2eKg().getCentral()).isCloseTo(0.84, within(1e-12));
        assertThat(paris.getCo2eKg().getHigh()).isCloseTo(1.38, within(1e-12));
        // water: 3.75 kWh × 0.5 L + 5.4 kWh × 2 L = 12.675 L
        assertThat(paris.getWaterL().getCentral()).isCloseTo(12.675, within(1e-12));
        // the likely range exists and lies within the bounds; the energies are certain, so it is their value
        assertThat(paris.getCo2eKg().getP5()).isBetween(0.57 - 1e-12, 0.84 + 1e-12);
        assertThat(paris.getCo2eKg().getP95()).isBetween(0.84 - 1e-12, 1.38 + 1e-12);
        assertThat(paris.getFacilityEnergyKwh().getP5()).isCloseTo(5.4, within(1e-12));
        assertThat(paris.getFacilityEnergyKwh().getP95()).isCloseTo(5.4, within(1e-12));
        assertThat(paris.getWorlds())
                .as("internal world sums stay in the aggregator")
                .isNull();
        // no server fleet, no weather yet
        assertThat(paris.getUtilisation()).isNull();
        assertThat(paris.getServersInService()).isNull();
        assertThat(paris.getBacklog()).isNull();
        assertThat(paris.getOutdoorC()).isNull();

        Telemetry parisLater = windows.get(RUN + "/paris-1/2025-03-01T01:00:00Z");
        // 1,000 × 0.25 Wh × 1.5 = 0.375 kWh in force after the change
        assertThat(parisLater.getRequests()).isEqualTo(1000);
        assertThat(parisLater.getFacilityPowerKw()).isCloseTo(0.375, within(1e-12));
        assertThat(parisLater.getPue()).isCloseTo(1.5, within(1e-12));

        Telemetry dublin = windows.get(RUN + "/dub-1/2025-03-01T00:00:00Z");
        // 2,000 × 0.5 Wh = 1 kWh IT, × 1.5 = 1.5 kWh facility
        assertThat(dublin.getRequests()).isEqualTo(2000);
        assertThat(dublin.getItPowerKw()).isCloseTo(1.0, within(1e-12));
        assertThat(dublin.getFacilityPowerKw()).isCloseTo(1.5, within(1e-12));
        assertThat(dublin.getPue()).isCloseTo(1.5, within(1e-12));

        // conservation: each data centre's windows sum to its totals
        Map<String, Totals> totals = byDatacentre.readKeyValuesToMap();
        for (String dc : new String[] {"paris-1", "dub-1"}) {
            double windowsKwh = windows.values().stream()
                    .filter(t -> t.getDatacentre().equals(dc))
                    .mapToDouble(t -> t.getFacilityEnergyKwh().getCentral())
                    .sum();
            long windowsRequests = windows.values().stream()
                    .filter(t -> t.getDatacentre().equals(dc))
                    .mapToLong(Telemetry::getRequests)
                    .sum();
            Totals total = totals.get(RUN + "/" + dc);
            assertThat(windowsKwh)
                    .as(dc)
                    .isCloseTo(total.getImpacts().getFacilityEnergyKwh().getCentral(), within(1e-12));
            assertThat(windowsRequests).as(dc).isEqualTo(total.getRequests());
        }

        // the JSON mirror carries the same records
        assertThat(telemetryJson.readKeyValuesToMap()).isEqualTo(windows);
    }

    @Test
    @DisplayName("makes each tick its own window when ticks are longer than an hour, its power averaged over the tick")
    void longTicksAreTheirOwnWindow() {
        state(dc("paris-1", START, 1.2, 0.25));
        tick("paris-1", 30, 2 * HOUR, 8000); // 00:30 to 02:30

        Map<String, Telemetry> windows = telemetry.readKeyValuesToMap();
        Telemetry window = windows.get(RUN + "/paris-1/2025-03-01T00:30:00Z");
        assertThat(windows).hasSize(1);
        assertThat(window.getStart()).isEqualTo(START.plusMillis(30 * MINUTE));
        assertThat(window.getEnd()).isEqualTo(START.plusMillis(150 * MINUTE));
        // 8,000 × 0.25 Wh = 2 kWh IT, 2.4 kWh facility, over two hours
        assertThat(window.getItPowerKw()).isCloseTo(1.0, within(1e-12));
        assertThat(window.getFacilityPowerKw()).isCloseTo(1.2, within(1e-12));
    }
}
