package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
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
import org.rebound.avro.LaterTick;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;

@DisplayName("impact aggregator topology")
class ImpactTopologyTest {

    private static final String RUN = "t@1";
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final long MINUTE = 60_000;

    private TopologyTestDriver driver;
    /** The data-centre states, carried by each data centre's next event as the generator does. */
    private CarriedStates datacentres;

    private CarriedStates.Requests requests;
    private TestInputTopic<String, byte[]> rawRequests;
    private TestOutputTopic<String, Totals> totals;
    private TestOutputTopic<String, Totals> byDatacentre;
    private TestOutputTopic<String, Totals> byKind;
    private Path stateDir;

    @BeforeEach
    void setUp() throws Exception {
        stateDir = Files.createTempDirectory("topology-test");
        Properties config = ImpactAggregator.config(KafkaClients.of("unused:9092"), "topology-test", stateDir);
        driver = new TopologyTestDriver(ImpactTopology.build(), config, START);
        datacentres = new CarriedStates();
        requests = datacentres.requests(driver.createInputTopic(
                Topics.REQUESTS.name(), Topics.KEY.serializer(), Topics.LOAD_EVENT.serializer()));
        rawRequests = driver.createInputTopic(Topics.REQUESTS.name(), Topics.KEY.serializer(), (topic, bytes) -> bytes);
        totals = driver.createOutputTopic(
                Topics.TOTALS.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
        byDatacentre = driver.createOutputTopic(
                Topics.TOTALS_BY_DATACENTRE.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
        byKind = driver.createOutputTopic(
                Topics.TOTALS_BY_KIND.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
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

    /** A data centre on a flat grid with no trend, so every impact is a plain product. */
    private static DataCentre dc(String id, Instant validFrom, double pue, double textWh) {
        return dc(id, validFrom, pue, textWh, 1.0, 1.0, null);
    }

    /**
     * @param textFactor  text's energy_factor
     * @param textInduced text's induced demand (energy_factor^(−elasticity) in the generator)
     * @param cfPue       the counterfactual's PUE (null: the same as {@code pue})
     */
    private static DataCentre dc(
            String id,
            Instant validFrom,
            double pue,
            double textWh,
            double textFactor,
            double textInduced,
            Double cfPue) {
        GridElectricity grid =
                new GridElectricity("FR", q(50, 100, 200), q(2.0), Collections.nCopies(24, 1.0), 0.0, 0.0, START);
        // a 20-minute run in two 10-minute reporting periods
        return new DataCentre(
                RUN,
                "t",
                id,
                validFrom,
                START,
                START.plusMillis(20 * MINUTE),
                10 * MINUTE,
                q(pue),
                q(0.5),
                q(80),
                0.5,
                grid,
                Map.of(
                        "text",
                        new KindEnergy(q(textWh), textFactor, textInduced),
                        "image",
                        new KindEnergy(q(1, 3, 10), 0.5, 1.0)),
                0L,
                cfPue == null ? null : q(cfPue),
                null,
                null,
                null);
    }

    /** A one-minute tick's requests of one kind at a data centre, as the generator writes it. */
    private static LoadEvent load(String dc, String kind, Instant tick, long requestCount) {
        return load(dc, tick, Map.of(kind, requestCount), List.of());
    }

    /** A one-minute tick's requests of every kind at a data centre, and the later ticks the record holds. */
    private static LoadEvent load(String dc, Instant tick, Map<String, Long> requests, List<LaterTick> later) {
        return new LoadEvent(RUN, "t", dc, tick, MINUTE, requests, null, null, null, later);
    }

    private void event(String dc, String kind, long atMinute, long requestCount) {
        Instant tick = START.plusMillis(atMinute * MINUTE);
        requests.pipeInput(new TestRecord<>(RUN + "/" + dc, load(dc, kind, tick, requestCount), tick));
    }

    private static Map<String, Totals> latest(TestOutputTopic<String, Totals> topic) {
        return topic.readKeyValuesToMap();
    }

    @Test
    @DisplayName("values each event with its data centre and sums by data centre, by kind and overall")
    void sumsImpacts() {
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.2, 0.25), START));
        datacentres.pipeInput(new TestRecord<>(RUN + "/dub-1", dc("dub-1", START, 1.5, 0.5), START));
        event("paris-1", "text", 0, 1000);
        event("paris-1", "image", 1, 10);
        event("dub-1", "text", 1, 2000);

        Totals overall = latest(totals).get(RUN);
        assertThat(overall.getRequests()).isEqualTo(3010);
        assertThat(overall.getLoadEvents()).isEqualTo(3);
        // IT energy, computed by hand: 1000 × 0.25 Wh + 10 × 3 Wh × 0.5 + 2000 × 0.5 Wh = 1265 Wh
        assertThat(overall.getImpacts().getItEnergyKwh().getCentral()).isCloseTo(1.265, within(1e-12));
        // low: 1000 × 0.25 + 10 × 1 × 0.5 + 2000 × 0.5 = 1255 Wh; high: 250 + 50 + 1000 = 1300 Wh
        assertThat(overall.getImpacts().getItEnergyKwh().getLow()).isCloseTo(1.255, within(1e-12));
        assertThat(overall.getImpacts().getItEnergyKwh().getHigh()).isCloseTo(1.300, within(1e-12));
        // facility = IT × PUE per site: (0.25 + 0.015) × 1.2 + 1.0 × 1.5 = 1.818 kWh
        double facility = 0.265 * 1.2 + 1.0 * 1.5;
        assertThat(overall.getImpacts().getFacilityEnergyKwh().getCentral()).isCloseTo(facility, within(1e-12));
        // operational CO2e = facility × 100 g/kWh; embodied = IT × 80 g/kWh
        assertThat(overall.getImpacts().getOperationalCo2eKg().getCentral()).isCloseTo(facility * 0.1, within(1e-12));
        assertThat(overall.getImpacts().getEmbodiedCo2eKg().getCentral()).isCloseTo(1.265 * 0.08, within(1e-12));
        assertThat(overall.getImpacts().getCo2eKg().getCentral())
                .isCloseTo(facility * 0.1 + 1.265 * 0.08, within(1e-12));
        // water = IT × 0.5 L/kWh on site + facility × 2 L/kWh off site
        assertThat(overall.getImpacts().getWaterL().getCentral()).isCloseTo(1.265 * 0.5 + facility * 2, within(1e-12));
        assertThat(overall.getFirstEvent()).isEqualTo(START);
        assertThat(overall.getLastEvent()).isEqualTo(START.plusMillis(2 * MINUTE));

        Map<String, Totals> dcs = latest(byDatacentre);
        assertThat(dcs.get(RUN + "/paris-1").getRequests()).isEqualTo(1010);
        assertThat(dcs.get(RUN + "/dub-1").getRequests()).isEqualTo(2000);
        Map<String, Totals> kinds = latest(byKind);
        assertThat(kinds.get(RUN + "/text").getRequests()).isEqualTo(3000);
        assertThat(kinds.get(RUN + "/image").getRequests()).isEqualTo(10);
    }

    @Test
    @DisplayName("an event is valued with the data-centre state in force at its simulated time, not the latest one")
    void versionedJoin() {
        Instant later = START.plusMillis(10 * MINUTE);
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START));
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", later, 1.0, 2.0), later.minusMillis(1)));
        event("paris-1", "text", 5, 100); // before the change: 1 Wh each
        event("paris-1", "text", 10, 100); // exactly at the change: 2 Wh each

        assertThat(latest(totals).get(RUN).getImpacts().getItEnergyKwh().getCentral())
                .isCloseTo(0.3, within(1e-12));
    }

    @Test
    @DisplayName(
            "the states come with the events: a late event takes the state before; a state carried again changes nothing")
    void carriedState() {
        Instant later = START.plusMillis(10 * MINUTE);
        DataCentre second = dc("paris-1", later, 1.0, 2.0);
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START.minusMillis(1)));
        event("paris-1", "text", 5, 100); // carries the first state: 0.1 kWh
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", second, later.minusMillis(1)));
        event("paris-1", "text", 10, 100); // carries the second: 0.2 kWh
        event("paris-1", "text", 11, 100); // 0.2 kWh
        event("paris-1", "text", 9, 100); // late, before the change: the first state, 0.1 kWh
        // the second state again (as a resumed generator sends it): the same version, nothing changes
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", second, later.minusMillis(1)));
        event("paris-1", "text", 12, 100); // 0.2 kWh
        event("paris-1", "text", 8, 100); // 0.1 kWh

        assertThat(latest(totals).get(RUN).getImpacts().getItEnergyKwh().getCentral())
                .isCloseTo(0.9, within(1e-12));
    }

    @Test
    @DisplayName(
            "an event before any state of its data centre is dead-lettered; a header that is not a state too, and nothing of either is added")
    void noStateAndBadHeader() {
        event("paris-1", "text", 0, 7); // no state has come with any event of paris-1
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START.minusMillis(1)));
        event("paris-1", "text", 1, 100); // 0.1 kWh
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1",
                load("paris-1", "text", START.plusMillis(2 * MINUTE), 9),
                new org.apache.kafka.common.header.internals.RecordHeaders()
                        .add(Topics.DATACENTRE_STATE_HEADER, new byte[] {1, 2, 3}),
                START.plusMillis(2 * MINUTE)));

        Totals overall = latest(totals).get(RUN);
        assertThat(overall.getRequests()).isEqualTo(100);
        assertThat(overall.getImpacts().getItEnergyKwh().getCentral()).isCloseTo(0.1, within(1e-12));
        List<TestRecord<byte[], byte[]>> letters = driver.createOutputTopic(
                        Topics.DEAD_LETTERS.name(), (t, b) -> b, (t, b) -> b)
                .readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(header(letters.get(0), "__streams.errors.message")).contains("unknown data centre 'paris-1'");
        assertThat(header(letters.get(1), "__streams.errors.message"))
                .contains("header " + Topics.DATACENTRE_STATE_HEADER + " is not a data-centre state");
    }

    @Test
    @DisplayName(
            "a state published after events were valued with the previous one applies to the events from its time on")
    void laterStateReplacesTheCachedOne() {
        Instant later = START.plusMillis(10 * MINUTE);
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START));
        event("paris-1", "text", 5, 100); // valued with the open-ended first state: 0.1 kWh
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", later, 1.0, 2.0), later));
        event("paris-1", "text", 10, 100); // the new state: 0.2 kWh
        event("paris-1", "text", 9, 100); // late, before the change: the first state again, 0.1 kWh

        assertThat(latest(totals).get(RUN).getImpacts().getItEnergyKwh().getCentral())
                .isCloseTo(0.4, within(1e-12));
    }

    @Test
    @DisplayName(
            "one record carries every kind of a data centre's tick: each kind is valued with its own energy and counted as a load event")
    void everyKindInOneRecord() {
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.2, 0.25), START));
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1", load("paris-1", START, Map.of("text", 1000L, "image", 10L), List.of()), START));

        Totals overall = latest(totals).get(RUN);
        assertThat(overall.getRequests()).isEqualTo(1010);
        assertThat(overall.getLoadEvents()).isEqualTo(2);
        // 1000 × 0.25 Wh + 10 × 3 Wh × 0.5 = 265 Wh
        assertThat(overall.getImpacts().getItEnergyKwh().getCentral()).isCloseTo(0.265, within(1e-12));
        Map<String, Totals> kinds = latest(byKind);
        assertThat(kinds.get(RUN + "/text").getImpacts().getItEnergyKwh().getCentral())
                .isCloseTo(0.25, within(1e-12));
        assertThat(kinds.get(RUN + "/text").getLoadEvents()).isEqualTo(1);
        assertThat(kinds.get(RUN + "/image").getImpacts().getItEnergyKwh().getCentral())
                .isCloseTo(0.015, within(1e-12));
        assertThat(latest(byDatacentre).get(RUN + "/paris-1").getLoadEvents()).isEqualTo(2);
        TestOutputTopic<String, Totals> daily = driver.createOutputTopic(
                Topics.TOTALS_DAILY.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
        Totals day = latest(daily).get(RUN + "/2025-03-01");
        assertThat(day.getMember()).isEqualTo("2025-03-01");
        assertThat(day.getRequests()).isEqualTo(1010);
    }

    @Test
    @DisplayName(
            "a record of several ticks (v4 later_ticks) sums exactly as the same ticks one per record, each valued with the state and period of its own instant")
    void severalTicksPerRecord() {
        Instant later = START.plusMillis(10 * MINUTE);
        for (String dc : List.of("paris-1", "dub-1")) {
            datacentres.pipeInput(new TestRecord<>(RUN + "/" + dc, dc(dc, START, 1.2, 0.25), START));
            datacentres.pipeInput(new TestRecord<>(RUN + "/" + dc, dc(dc, later, 1.1, 0.5), later));
        }
        // paris-1: minutes 8 to 11 in one record (across the change at 10 and the period boundary)
        List<LaterTick> ticks = new ArrayList<>();
        for (int minute = 9; minute <= 11; minute++) {
            ticks.add(new LaterTick(
                    START.plusMillis(minute * MINUTE), MINUTE, Map.of("text", 100L * minute, "image", 3L), null));
        }
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1",
                load("paris-1", START.plusMillis(8 * MINUTE), Map.of("text", 800L, "image", 3L), ticks),
                START.plusMillis(8 * MINUTE)));
        // dub-1: the same ticks, one record each
        for (int minute = 8; minute <= 11; minute++) {
            Instant tick = START.plusMillis(minute * MINUTE);
            requests.pipeInput(new TestRecord<>(
                    RUN + "/dub-1", load("dub-1", tick, Map.of("text", 100L * minute, "image", 3L), List.of()), tick));
        }

        Map<String, Totals> dcs = latest(byDatacentre);
        Totals paris = dcs.get(RUN + "/paris-1");
        Totals dub = dcs.get(RUN + "/dub-1");
        assertThat(paris.getRequests()).isEqualTo(100 * (8 + 9 + 10 + 11) + 4 * 3);
        assertThat(paris.getLoadEvents()).isEqualTo(8);
        // low, central, high, p5, p95 of every quantity; the sums' order may differ (one delta
        // of four ticks, or four deltas), as it does between commits: equal to rounding
        org.rebound.avro.Impacts parisImpacts = paris.getImpacts();
        org.rebound.avro.Impacts dubImpacts = dub.getImpacts();
        for (int field = 0; field < parisImpacts.getSchema().getFields().size(); field++) {
            Quantity a = (Quantity) parisImpacts.get(field);
            Quantity b = (Quantity) dubImpacts.get(field);
            for (int bound = 0; bound < a.getSchema().getFields().size(); bound++) {
                double x = (Double) a.get(bound);
                assertThat(x)
                        .as(
                                "%s.%s",
                                parisImpacts.getSchema().getFields().get(field).name(), bound)
                        .isCloseTo((Double) b.get(bound), within(Math.abs(x) * 1e-12));
            }
        }
        assertThat(paris.getFirstEvent()).isEqualTo(dub.getFirstEvent());
        assertThat(paris.getLastEvent()).isEqualTo(dub.getLastEvent());
        // text: minutes 8, 9 at 0.25 Wh, 10, 11 at 0.5 Wh (the state of their own instant)
        double textWh = (800 + 900) * 0.25 + (1000 + 1100) * 0.5;
        assertThat(latest(byKind)
                        .get(RUN + "/text")
                        .getImpacts()
                        .getItEnergyKwh()
                        .getCentral())
                .isCloseTo(2 * textWh / 1000, within(1e-12));
        // each period has each data centre's two ticks before, or after, the change
        Map<String, org.rebound.avro.PeriodTotals> periods = periodRows();
        assertThat(periods.get(RUN + "/000000").getLoadEvents()).isEqualTo(8);
        assertThat(periods.get(RUN + "/000001").getLoadEvents()).isEqualTo(8);
    }

    @Test
    @DisplayName(
            "a record of several ticks one of which cannot be valued is dead-lettered whole: nothing of it is added")
    void severalTicksOneBad() {
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START));
        event("paris-1", "text", 0, 10);
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1",
                load(
                        "paris-1",
                        START.plusMillis(MINUTE),
                        Map.of("text", 20L),
                        List.of(
                                new LaterTick(START.plusMillis(2 * MINUTE), MINUTE, Map.of("text", 30L), null),
                                new LaterTick(START.plusMillis(3 * MINUTE), MINUTE, Map.of("hologram", 40L), null))),
                START.plusMillis(MINUTE)));
        event("paris-1", "text", 4, 50);

        Totals overall = latest(totals).get(RUN);
        assertThat(overall.getRequests()).isEqualTo(60);
        assertThat(overall.getLoadEvents()).isEqualTo(2);
        List<TestRecord<byte[], byte[]>> letters = driver.createOutputTopic(
                        Topics.DEAD_LETTERS.name(), (t, b) -> b, (t, b) -> b)
                .readRecordsToList();
        assertThat(letters)
                .singleElement()
                .satisfies(letter -> assertThat(header(letter, "__streams.errors.message"))
                        .contains("unknown request kind 'hologram'"));
        assertThat(Topics.LOAD_EVENT
                        .deserializer()
                        .deserialize("t", letters.get(0).value())
                        .getLaterTicks())
                .hasSize(2);
    }

    @Test
    @DisplayName(
            "a version-1 record (one kind in kind and requests) is still valued; a record with both layouts or no request is dead-lettered")
    void versionOneRecords() {
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START));
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1",
                new LoadEvent(RUN, "t", "paris-1", START, MINUTE, Map.of(), "text", 100L, null, List.of()),
                START));
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1",
                new LoadEvent(RUN, "t", "paris-1", START, MINUTE, Map.of("text", 5L), "text", 5L, null, List.of()),
                START));
        requests.pipeInput(new TestRecord<>(
                RUN + "/paris-1",
                new LoadEvent(RUN, "t", "paris-1", START, MINUTE, Map.of(), null, null, null, List.of()),
                START));

        Totals overall = latest(totals).get(RUN);
        assertThat(overall.getRequests()).isEqualTo(100);
        assertThat(overall.getImpacts().getItEnergyKwh().getCentral()).isCloseTo(0.1, within(1e-12));
        TestOutputTopic<byte[], byte[]> dead =
                driver.createOutputTopic(Topics.DEAD_LETTERS.name(), (t, b) -> b, (t, b) -> b);
        List<TestRecord<byte[], byte[]>> letters = dead.readRecordsToList();
        assertThat(letters).hasSize(2);
        assertThat(header(letters.get(0), "__streams.errors.message"))
                .contains("both requests_by_kind and kind/requests");
        assertThat(header(letters.get(1), "__streams.errors.message")).contains("without requests");
    }

    @Test
    @DisplayName(
            "unknown data centres, unknown kinds and negative counts go to the dead-letter topic and change no total")
    void deadLetters() {
        // (Undecodable bytes are covered against the real broker: the test driver does not
        // forward the deserialization handler's dead letters.)
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START));
        event("paris-1", "text", 0, 10);
        rawRequests.pipeInput(RUN + "/paris-1", new byte[] {1, 2, 3});
        event("nowhere-1", "text", 1, 10);
        event("paris-1", "hologram", 1, 10);
        event("paris-1", "text", 2, -5);
        event("paris-1", "text", 3, 10);

        assertThat(latest(totals).get(RUN).getRequests()).isEqualTo(20);
        TestOutputTopic<byte[], byte[]> dead =
                driver.createOutputTopic(Topics.DEAD_LETTERS.name(), (t, b) -> b, (t, b) -> b);
        List<TestRecord<byte[], byte[]>> letters = dead.readRecordsToList();
        assertThat(letters).hasSize(3);
        assertThat(letters)
                .allSatisfy(letter ->
                        assertThat(header(letter, "__streams.errors.topic")).isEqualTo(Topics.REQUESTS.name()));
        assertThat(header(letters.get(0), "__streams.errors.message")).contains("unknown data centre 'nowhere-1'");
        assertThat(header(letters.get(1), "__streams.errors.message")).contains("unknown request kind 'hologram'");
        assertThat(header(letters.get(2), "__streams.errors.message")).contains("requests=-5");
        // the original bytes are kept: the dead letter decodes to the event that was sent
        assertThat(Topics.LOAD_EVENT
                        .deserializer()
                        .deserialize("t", letters.get(0).value())
                        .getDatacentre())
                .isEqualTo("nowhere-1");
        // the layout docs/topics.md describes: original key and timestamp, where it came from (offsets
        // of the requests topic: 0 event, 1 garbage, 2 nowhere-1), the exception's class, message and stack trace
        TestRecord<byte[], byte[]> first = letters.get(0);
        assertThat(new String(first.key(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(RUN + "/nowhere-1");
        assertThat(first.timestamp()).isEqualTo(START.plusMillis(MINUTE).toEpochMilli());
        assertThat(header(first, "__streams.errors.partition")).isEqualTo("0");
        assertThat(header(first, "__streams.errors.offset")).isEqualTo("2");
        assertThat(header(first, "__streams.errors.exception")).isEqualTo(InvalidLoadEventException.class.getName());
        assertThat(header(first, "__streams.errors.stacktrace")).startsWith(InvalidLoadEventException.class.getName());
        assertThat(header(letters.get(2), "__streams.errors.offset")).isEqualTo("4");
    }

    private Map<String, org.rebound.avro.PeriodTotals> periodRows() {
        return driver.createOutputTopic(
                        Topics.PERIODS.name(), Topics.KEY.deserializer(), Topics.PERIOD_TOTALS.deserializer())
                .readKeyValuesToMap();
    }

    @Test
    @DisplayName(
            "the period table gives per-day figures, energy per request and, without growth or mix change, the rebound effect of the first-period comparison")
    void periodTable() {
        Instant later = START.plusMillis(10 * MINUTE);
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.0, 1.0), START.minusMillis(1)));
        // text's energy halved, demand ∝ e^-2: induced demand 0.5^-2 = 4
        datacentres.pipeInput(new TestRecord<>(
                RUN + "/paris-1", dc("paris-1", later, 1.0, 1.0, 0.5, 4.0, 1.0), later.minusMillis(1)));
        event("paris-1", "text", 0, 600); // period 0: 1,000 requests at 1 Wh
        event("paris-1", "text", 5, 400);
        event("paris-1", "text", 10, 4000); // period 1: 4,000 requests at 0.5 Wh
        Map<String, org.rebound.avro.PeriodTotals> rows = periodRows();
        org.rebound.avro.PeriodTotals first = rows.get(RUN + "/000000");
        org.rebound.avro.PeriodTotals second = rows.get(RUN + "/000001");
        assertThat(first.getRequests()).isEqualTo(1000);
        assertThat(first.getDays()).isCloseTo(10.0 / 1440, within(1e-12));
        assertThat(first.getRequestsPerDay()).isCloseTo(1000 * 144.0, within(1e-6));
        assertThat(first.getWhPerRequest().getCentral()).isCloseTo(1.0, within(1e-12));
        assertThat(first.getReboundEffect()).isNull();
        assertThat(first.getDecomposition()).isNull();
        assertThat(second.getWhPerRequest().getCentral()).isCloseTo(0.5, within(1e-12));
        // by hand, the first-period comparison: RE = 1 - (e0 Q0 - e1 Q1) / ((e0 - e1) Q0) = 1 - (1000 - 2000) / 500 =
        // 3;
        // against the counterfactual (1,000 requests at 1 Wh; no rebound: 1,000 at 0.5 Wh): (2 - 0.5) / (1 - 0.5) = 3
        assertThat(second.getCounterfactualRequests()).isCloseTo(1000, within(1e-9));
        assertThat(second.getCounterfactualFacilityEnergyKwh()).isCloseTo(1.0, within(1e-12));
        assertThat(second.getNoReboundFacilityEnergyKwh()).isCloseTo(0.5, within(1e-12));
        assertThat(second.getReboundEffect()).isCloseTo(3.0, within(1e-9));
        assertThat(second.getBackfire()).isTrue();
        assertThat(second.getImpactsPerDay().getFacilityEnergyKwh().getCentral())
                .isCloseTo(2.0 * 144, within(1e-9));
    }

    @Test
    @DisplayName(
            "the rebound effect counts only the induced demand: growth and a better PUE are in the counterfactual too; the decomposition sums to the change")
    void counterfactualPeriods() {
        Instant later = START.plusMillis(10 * MINUTE);
        // period 0: 1 Wh a text request, PUE 1.2; period 1: energy factor 0.5, PUE 1.1 (the counterfactual keeps 1.2),
        // elasticity 1.5: induced demand 0.5^-1.5 = 2^1.5
        double induced = Math.pow(2, 1.5);
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.2, 1.0), START.minusMillis(1)));
        datacentres.pipeInput(new TestRecord<>(
                RUN + "/paris-1", dc("paris-1", later, 1.1, 1.0, 0.5, induced, 1.2), later.minusMillis(1)));
        event("paris-1", "text", 0, 1000);
        event("paris-1", "text", 10, 4000); // whatever the growth: the counterfactual scales the realised count
        Map<String, org.rebound.avro.PeriodTotals> rows = periodRows();
        org.rebound.avro.PeriodTotals first = rows.get(RUN + "/000000");
        org.rebound.avro.PeriodTotals second = rows.get(RUN + "/000001");
        double actualKwh = 4000 * 1.0 * 0.5 * 1.1 / 1000; // 2.2 kWh
        double counterfactualRequests = 4000 / induced; // 1,414.2
        double counterfactualKwh = counterfactualRequests * 1.0 * 1.2 / 1000;
        double noReboundKwh = counterfactualRequests * 1.0 * 0.5 * 1.1 / 1000;
        assertThat(second.getImpacts().getFacilityEnergyKwh().getCentral()).isCloseTo(actualKwh, within(1e-12));
        assertThat(second.getCounterfactualFacilityEnergyKwh()).isCloseTo(counterfactualKwh, within(1e-12));
        assertThat(second.getReboundEffect())
                .isCloseTo((actualKwh - noReboundKwh) / (counterfactualKwh - noReboundKwh), within(1e-9));
        assertThat(second.getCells()).hasSize(1);
        assertThat(second.getCells().get(0).getCounterfactualRequests())
                .isCloseTo(counterfactualRequests, within(1e-9));
        // one cell, so no mix effect; per day (144 periods of 10 minutes): E0 = 1.2 × 144, E1 = 2.2 × 144,
        // Q 1,000 -> 1,414.2, R 1 -> 2^1.5, I 1.2 -> 0.55 Wh a request
        double e0 = 1.2 * 144;
        double e1 = actualKwh * 144;
        double weight = (e1 - e0) / Math.log(e1 / e0);
        org.rebound.avro.Decomposition d = second.getDecomposition();
        assertThat(d.getActivity()).isCloseTo(weight * Math.log(counterfactualRequests / 1000), within(1e-9));
        assertThat(d.getMix()).isCloseTo(0, within(1e-9));
        assertThat(d.getRebound()).isCloseTo(weight * Math.log(induced), within(1e-9));
        assertThat(d.getIntensity()).isCloseTo(weight * Math.log(0.55 / 1.2), within(1e-9));
        assertThat(d.getActivity() + d.getMix() + d.getIntensity() + d.getRebound())
                .isCloseTo(
                        second.getImpactsPerDay().getFacilityEnergyKwh().getCentral()
                                - first.getImpactsPerDay()
                                        .getFacilityEnergyKwh()
                                        .getCentral(),
                        within(1e-9));
    }

    @Test
    @DisplayName("no rebound effect when energy per request rises (energy factor 5): there is no saving to take back")
    void worseEfficiency() {
        Instant later = START.plusMillis(10 * MINUTE);
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", START, 1.2, 1.0), START.minusMillis(1)));
        datacentres.pipeInput(new TestRecord<>(
                RUN + "/paris-1", dc("paris-1", later, 1.2, 1.0, 5.0, Math.pow(5, -1.15), 1.2), later.minusMillis(1)));
        event("paris-1", "text", 0, 1000);
        event("paris-1", "text", 10, 160);
        Map<String, org.rebound.avro.PeriodTotals> rows = periodRows();
        assertThat(rows.get(RUN + "/000000").getReboundEffect()).isNull();
        assertThat(rows.get(RUN + "/000001").getReboundEffect()).isNull();
        assertThat(rows.get(RUN + "/000001").getBackfire()).isFalse();
        assertThat(rows.get(RUN + "/000001").getDecomposition()).isNotNull();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
