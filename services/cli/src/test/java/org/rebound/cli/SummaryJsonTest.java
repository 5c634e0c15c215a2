package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.avro.Decomposition;
import org.rebound.avro.Dimension;
import org.rebound.avro.Impacts;
import org.rebound.avro.PeriodCell;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.generator.Ledger;
import org.rebound.generator.LedgerFixture;
import org.rebound.report.results.Results;

/**
 * The summary JSON a run writes, from fixed aggregates (no Kafka), compared with golden files
 * (src/test/resources/summary): same keys, same order, same values, same nulls, same rounding. The
 * process figures of {@code run} (peak heap and RSS) differ from one JVM to the next: the test
 * blanks them on both sides. {@code -Drebound.golden.update=true} rewrites the golden files.
 */
class SummaryJsonTest {

    private static final Path GOLDEN = Path.of("src/test/resources/summary");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    // ---- fixed inputs -------------------------------------------------------------------------

    private static Quantity q(double low, double central, double high, Double p5, Double p95) {
        return new Quantity(low, central, high, p5, p95);
    }

    /** Eight distinct quantities around {@code base}; with a likely range, or with none, or (odd) with p5 only. */
    private static Impacts impacts(double base, String likely) {
        List<Quantity> qs = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            double c = base * i / 3.0;
            Double p5 = likely.equals("none") ? null : c * 0.9;
            Double p95 = likely.equals("both") ? c * 1.1 : null;
            qs.add(q(c * 0.5, c, c * 1.7, p5, p95));
        }
        return new Impacts(qs.get(0), qs.get(1), qs.get(2), qs.get(3), qs.get(4), qs.get(5), qs.get(6), qs.get(7));
    }

    private static Totals totals(
            Dimension dimension,
            String member,
            long requests,
            long loadEvents,
            Impacts impacts,
            String first,
            String last) {
        return Totals.newBuilder()
                .setRun("run-1")
                .setScenario("quickstart")
                .setDimension(dimension)
                .setMember(member)
                .setRequests(requests)
                .setLoadEvents(loadEvents)
                .setImpacts(impacts)
                .setFirstEvent(Instant.parse(first))
                .setLastEvent(Instant.parse(last))
                .build();
    }

    /** One hour of telemetry: central IT and facility kWh; with a fleet, its utilisation over capacity server-hours. */
    private static TelemetryWindow window(
            String start, double itKwh, double facilityKwh, Double utilisation, Double capacityServerHours) {
        long from = Instant.parse(start).toEpochMilli();
        boolean fleet = utilisation != null;
        return new TelemetryWindow(
                from,
                from + 3_600_000L,
                itKwh,
                facilityKwh,
                itKwh,
                utilisation,
                capacityServerHours,
                fleet ? 10L : null,
                fleet ? 120L : null);
    }

    private static PeriodTotals.Builder period(int index, String start, String end, long requests, double days) {
        return PeriodTotals.newBuilder()
                .setRun("run-1")
                .setScenario("quickstart")
                .setPeriod(index)
                .setStart(Instant.parse(start))
                .setEnd(Instant.parse(end))
                .setRequests(requests)
                .setLoadEvents(requests / 7)
                .setImpacts(impacts(requests / 1000.0, "both"))
                .setDays(days)
                .setRequestsPerDay(days > 0 ? requests / days : 0)
                .setImpactsPerDay(impacts(days > 0 ? requests / 1000.0 / days : 0, "both"))
                .setCounterfactualRequests(requests * 0.8123)
                .setCounterfactualFacilityEnergyKwh(requests * 0.0017)
                .setNoReboundFacilityEnergyKwh(requests * 0.0011)
                .setCells(List.of());
    }

    private static PeriodCell cell(String kind, String dc, long requests) {
        return new PeriodCell(
                kind, dc, requests, requests * 0.77, requests * 0.0013, requests * 0.0019, requests * 0.0009);
    }

    private static Scenario scenario() {
        try {
            return ScenarioLoader.load(Path.of("../../scenarios/quickstart.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A full run: training (overtaken within a day), two periods (the second with RE and decomposition), regions,
     * telemetry.
     */
    private static Summary summaryFull() {
        Totals overall = totals(
                Dimension.OVERALL,
                "quickstart",
                1_000_003,
                3,
                impacts(12.345, "both"),
                "2025-03-01T00:00:00Z",
                "2025-03-02T00:00:00Z");
        Map<String, Totals> byDc = new LinkedHashMap<>();
        byDc.put(
                "paris-1",
                totals(
                        Dimension.DATACENTRE,
                        "paris-1",
                        500_001,
                        7_200,
                        impacts(2.5, "both"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-02T00:00:00Z"));
        byDc.put(
                "ashburn-1",
                totals(
                        Dimension.DATACENTRE,
                        "ashburn-1",
                        500_002,
                        7_201,
                        impacts(9.845, "p5"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-02T00:00:00Z"));
        Map<String, Totals> byKind = new LinkedHashMap<>();
        byKind.put(
                "text",
                totals(
                        Dimension.KIND,
                        "text",
                        980_003,
                        7_201,
                        impacts(7.1, "none"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-02T00:00:00Z"));
        byKind.put(
                "video",
                totals(
                        Dimension.KIND,
                        "video",
                        20_000,
                        7_200,
                        impacts(5.245, "both"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-02T00:00:00Z"));
        Map<String, Totals> byRegion = new LinkedHashMap<>();
        byRegion.put(
                "FR",
                totals(
                        Dimension.REGION,
                        "FR",
                        500_001,
                        7_200,
                        impacts(2.5, "both"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-02T00:00:00Z"));
        byRegion.put(
                "US-VA",
                totals(
                        Dimension.REGION,
                        "US-VA",
                        500_002,
                        7_201,
                        impacts(9.845, "none"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-02T00:00:00Z"));
        Totals training = totals(
                Dimension.TRAINING,
                "quickstart",
                0,
                1,
                impacts(3.3, "both"),
                "2025-02-15T00:00:00Z",
                "2025-02-15T00:00:00Z");
        List<Totals> daily = List.of(
                totals(
                        Dimension.DAY,
                        "2025-03-01",
                        600_000,
                        8_000,
                        impacts(1.234567, "both"),
                        "2025-03-01T00:00:00Z",
                        "2025-03-01T23:59:00Z"),
                totals(
                        Dimension.DAY,
                        "2025-03-02",
                        400_003,
                        6_401,
                        impacts(11.1, "both"),
                        "2025-03-02T00:00:00Z",
                        "2025-03-02T23:59:00Z"));
        List<PeriodTotals> periods = List.of(
                period(0, "2025-03-01T00:00:00Z", "2025-03-01T12:00:00Z", 480_001, 0.5)
                        .setCells(List.of(cell("text", "paris-1", 235_000), cell("video", "ashburn-1", 5_001)))
                        .build(),
                period(1, "2025-03-01T12:00:00Z", "2025-03-02T00:00:00Z", 520_002, 0.5)
                        .setWhPerRequest(q(0.31, 0.333333333, 0.41, 0.32, 0.4))
                        .setReboundEffect(1.2345678)
                        .setBackfire(true)
                        .setCells(List.of(cell("text", "paris-1", 255_000)))
                        .setDecomposition(new Decomposition(1.0 / 3, -0.25, -2.0 / 7, 0.125))
                        .build());
        // telemetry without a fleet: paris-1 three hours, ashburn-1 two (none at 01:00: no request then)
        Map<String, List<TelemetryWindow>> telemetry = new LinkedHashMap<>();
        telemetry.put(
                "paris-1",
                List.of(
                        window("2025-03-01T00:00:00Z", 0.8, 0.88, null, null),
                        window("2025-03-01T01:00:00Z", 0.4, 0.44, null, null),
                        window("2025-03-01T02:00:00Z", 1.0 / 3, 1.1 / 3, null, null)));
        telemetry.put(
                "ashburn-1",
                List.of(
                        window("2025-03-01T00:00:00Z", 2.5, 3.0, null, null),
                        window("2025-03-01T02:00:00Z", 2.0, 2.4, null, null)));
        Aggregates aggregates = new Aggregates(overall, byDc, byKind, byRegion, training, daily, periods, telemetry);
        Ledger ledger = LedgerFixture.ledger(
                List.of("paris-1", "ashburn-1"),
                List.of("text", "video"),
                new long[][] {{0, 0, 480_001}, {0, 1, 20_000}, {1, 0, 500_002}},
                9);
        return new Summary(scenario(), "run-1", aggregates, ledger, 3, 12.3456789, 1.23456);
    }

    /** No aggregate at all (zero requests): no training, no periods, no first aggregate; the ledger does not match. */
    private static Summary summaryEmpty() {
        Aggregates aggregates = new Aggregates(null, Map.of(), Map.of(), Map.of(), null, List.of(), List.of());
        Ledger ledger = LedgerFixture.ledger(List.of("paris-1"), List.of("text"), new long[][] {{0, 0, 5}}, 1);
        return new Summary(scenario(), "run-2", aggregates, ledger, 0, 0.5, null);
    }

    /**
     * Overall totals with zero requests, no likely ranges; training with zero CO₂e never overtaken;
     * one period without per-request energy, rebound effect nor decomposition, and one without cells.
     */
    private static Summary summaryZeroRequests() {
        Totals overall = totals(
                Dimension.OVERALL,
                "quickstart",
                0,
                0,
                impacts(0, "none"),
                "2025-03-01T00:00:00Z",
                "2025-03-01T00:00:00Z");
        Totals training = totals(
                Dimension.TRAINING,
                "quickstart",
                0,
                1,
                impacts(0, "none"),
                "2025-02-15T00:00:00Z",
                "2025-02-15T00:00:00Z");
        List<PeriodTotals> periods = List.of(
                period(0, "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", 0, 1).build(),
                period(1, "2025-03-02T00:00:00Z", "2025-03-02T00:00:00Z", 0, 0)
                        .setReboundEffect(0.0)
                        .build());
        Aggregates aggregates = new Aggregates(overall, Map.of(), Map.of(), Map.of(), training, List.of(), periods);
        Ledger ledger = LedgerFixture.ledger(List.of("paris-1"), List.of("text"), new long[][] {}, 0);
        return new Summary(scenario(), "run-3", aggregates, ledger, 0, 2, 0.0004);
    }

    /** Training with CO₂e the run's inference never reaches. */
    private static Summary summaryTrainingNotOvertaken() {
        Totals overall = totals(
                Dimension.OVERALL,
                "quickstart",
                7,
                1,
                impacts(0.001, "p5"),
                "2025-03-01T00:00:00Z",
                "2025-03-01T00:01:00Z");
        Totals training = totals(
                Dimension.TRAINING,
                "quickstart",
                0,
                1,
                impacts(1000, "both"),
                "2025-02-15T00:00:00Z",
                "2025-02-15T00:00:00Z");
        List<Totals> daily = List.of(totals(
                Dimension.DAY,
                "2025-03-01",
                7,
                1,
                impacts(0.001, "p5"),
                "2025-03-01T00:00:00Z",
                "2025-03-01T00:01:00Z"));
        Map<String, Totals> byDc = Map.of("paris-1", overall);
        Map<String, Totals> byKind = Map.of("text", overall);
        Aggregates aggregates = new Aggregates(overall, byDc, byKind, Map.of(), training, daily, List.of());
        Ledger ledger = LedgerFixture.ledger(List.of("paris-1"), List.of("text"), new long[][] {{0, 0, 7}}, 1);
        return new Summary(scenario(), "run-4", aggregates, ledger, 0, 1, null);
    }

    /**
     * A data centre with a fleet beside one without: the fleet's table and both in the power series,
     * with utilisation for the fleet only; the fleet's mean utilisation is weighted by server-hours:
     * (0.5 × 10 + 0.875 × 40) / 50 = 0.8.
     */
    private static Summary summaryFleet() {
        Totals overall = totals(
                Dimension.OVERALL,
                "quickstart",
                90_000,
                4,
                impacts(0.05, "both"),
                "2025-03-01T00:00:00Z",
                "2025-03-01T02:00:00Z");
        Map<String, List<TelemetryWindow>> telemetry = new LinkedHashMap<>();
        telemetry.put(
                "paris-1",
                List.of(
                        window("2025-03-01T00:00:00Z", 20.0, 24.0, 0.5, 10.0),
                        window("2025-03-01T01:00:00Z", 36.0, 43.2, 0.875, 40.0)));
        telemetry.put("ashburn-1", List.of(window("2025-03-01T01:00:00Z", 0.25, 0.3, null, null)));
        Aggregates aggregates =
                new Aggregates(overall, Map.of(), Map.of(), Map.of(), null, List.of(), List.of(), telemetry);
        Ledger ledger = LedgerFixture.ledger(List.of("paris-1"), List.of("text"), new long[][] {}, 0);
        return new Summary(scenario(), "run-6", aggregates, ledger, 0, 3, 1.5);
    }

    // ---- checks -------------------------------------------------------------------------------

    /** The process's memory peaks, the only figures that depend on the JVM running the test. */
    private static String blankProcessFigures(String json) {
        return json.replaceAll("(\"peak_(heap|rss)_mib\" : )[0-9.E-]+", "$1\"(process)\"");
    }

    private void check(String name, Summary summary) throws IOException {
        Path written = dir.resolve(name + ".json");
        summary.write(written);
        String text = blankProcessFigures(Files.readString(written, StandardCharsets.UTF_8));
        Path golden = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("rebound.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, text, StandardCharsets.UTF_8);
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        // the file, byte for byte (keys, order, values, nulls, rounding)
        assertThat(text).isEqualTo(expected);
        // the tree callers add a comparison to, written the same way
        Path viaTree = dir.resolve(name + "-tree.json");
        Summary.write(summary.json(), viaTree);
        assertThat(blankProcessFigures(Files.readString(viaTree, StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        // the typed results are the same document
        JsonNode typed = Results.tree(summary.results());
        assertThat(blankProcessFigures(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(typed)))
                .isEqualTo(blankProcessFigures(
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text))));
    }

    @Test
    @DisplayName(
            "a full run's summary: training overtaken, periods with and without RE and decomposition, p5/p95 present and null")
    void full() throws IOException {
        Summary summary = summaryFull();
        assertThat(summary.ledgerMatches()).isTrue();
        check("full", summary);
    }

    @Test
    @DisplayName("a run with no aggregate: zero requests, no training, no periods")
    void empty() throws IOException {
        Summary summary = summaryEmpty();
        assertThat(summary.ledgerMatches()).isFalse();
        check("empty", summary);
    }

    @Test
    @DisplayName("overall totals of zero requests, training never overtaken, a period without figures")
    void zeroRequests() throws IOException {
        check("zero-requests", summaryZeroRequests());
    }

    @Test
    @DisplayName("training the run's inference never overtakes")
    void trainingNotOvertaken() throws IOException {
        Summary summary = summaryTrainingNotOvertaken();
        assertThat(summary.ledgerMatches()).isTrue();
        check("training-not-overtaken", summary);
    }

    @Test
    @DisplayName(
            "a fleet beside a data centre without: fleets, and both data centres' power with the fleet's utilisation")
    void fleet() throws IOException {
        check("fleet", summaryFleet());
    }

    @Test
    @DisplayName("a period without per-day impacts does not fit the summary: the run fails, loudly")
    void periodWithoutPerDayFails() {
        PeriodTotals period = period(0, "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", 10, 1)
                .setImpactsPerDay(null)
                .build();
        Aggregates aggregates = new Aggregates(null, Map.of(), Map.of(), Map.of(), null, List.of(), List.of(period));
        Ledger ledger = LedgerFixture.ledger(List.of("paris-1"), List.of("text"), new long[][] {}, 0);
        assertThatThrownBy(() -> new Summary(scenario(), "run-5", aggregates, ledger, 0, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a run summary");
    }

    @Test
    @DisplayName(
            "the Avro Impacts record has the summary's eight quantities, named and ordered as ImpactQuantity declares them")
    void avroImpactsAreTheDeclaredQuantities() {
        assertThat(Impacts.getClassSchema().getFields().stream()
                        .map(org.apache.avro.Schema.Field::name)
                        .toList())
                .containsExactlyElementsOf(java.util.Arrays.stream(org.rebound.report.results.ImpactQuantity.values())
                        .map(q -> q.field)
                        .toList());
    }
}
