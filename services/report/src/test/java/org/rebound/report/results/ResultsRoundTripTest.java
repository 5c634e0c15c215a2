package org.rebound.report.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResultsRoundTripTest {

    private static ObjectNode fixture() throws IOException {
        try (InputStream in = ResultsRoundTripTest.class.getResourceAsStream("/report/summary-two-periods.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    /**
     * The hand-written fixture omits p5/p95 where it has no likely range; the run writes them as
     * null. The model reads both as null and writes null, so the fixture is compared with its
     * missing p5/p95 made explicit nulls (nothing else is changed).
     */
    private static void explicitPercentiles(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("low") && object.has("central") && object.has("high")) {
                if (!object.has("p5")) {
                    object.putNull("p5");
                }
                if (!object.has("p95")) {
                    object.putNull("p95");
                }
            }
            object.forEach(ResultsRoundTripTest::explicitPercentiles);
        } else if (node.isArray()) {
            node.forEach(ResultsRoundTripTest::explicitPercentiles);
        }
    }

    @Test
    @DisplayName("the report fixture reads into the typed results and writes back to the same JSON tree")
    void fixtureRoundTrips() throws IOException {
        ObjectNode summary = fixture();
        RunResults results = Results.read(summary);
        explicitPercentiles(summary);
        assertEquals(summary, Results.tree(results));
    }

    @Test
    @DisplayName("the typed results carry the fixture's figures")
    void fixtureFigures() throws IOException {
        RunResults results = Results.read(fixture());
        assertEquals("classroom-test", results.scenario());
        assertEquals(3000, results.requests());
        assertEquals(5.0, results.totals().facilityEnergyKwh().central());
        assertEquals(2.5, results.totals().facilityEnergyKwh().p5());
        assertNull(results.totals().itEnergyKwh().p5());
        assertEquals(1800, results.byDatacentre().get("ashburn-1").requests());
        assertEquals(
                10.71,
                results.byDatacentre().get("ashburn-1").impacts().waterL().central());
        assertEquals(2, results.periods().size());
        assertNull(results.periods().get(0).reboundEffect());
        assertNull(results.periods().get(0).decomposition());
        assertEquals(3.0, results.periods().get(1).reboundEffect());
        assertEquals(3.0, results.periods().get(1).perDay().facilityEnergyKwh().central());
        assertEquals(
                -0.7095112913514547, results.periods().get(1).decomposition().intensity());
        assertNull(results.training().inferenceOvertakesTrainingAt());
        assertEquals(
                "km driven in a petrol car",
                results.equivalences().get("petrol-car-km").unit());
        assertEquals(7.5, results.equivalences().get("petrol-car-km").amount().p5());
        assertNull(results.ledger().records());
        assertEquals(6.5, results.run().firstAggregateSeconds());
        assertNull(results.comparison());
    }

    @Test
    @DisplayName("a summary missing a required field fails loudly, naming the field, instead of reading as zero")
    void missingFieldFails() throws IOException {
        ObjectNode noRequests = fixture();
        noRequests.remove("requests");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Results.read(noRequests));
        assertTrue(e.getMessage().contains("requests"), e.getMessage());

        ObjectNode noCentral = fixture();
        ((ObjectNode) noCentral.path("totals").path("water_l")).remove("central");
        e = assertThrows(IllegalArgumentException.class, () -> Results.read(noCentral));
        assertTrue(e.getMessage().contains("central"), e.getMessage());

        ObjectNode noWater = fixture();
        ((ObjectNode) noWater.path("periods").path(1).path("per_day")).remove("onsite_water_l");
        e = assertThrows(IllegalArgumentException.class, () -> Results.read(noWater));
        assertTrue(e.getMessage().contains("onsite_water_l"), e.getMessage());

        ObjectNode noPeriodWater = fixture();
        ((ObjectNode) noPeriodWater.path("periods").path(0)).remove("water_l");
        e = assertThrows(IllegalArgumentException.class, () -> Results.read(noPeriodWater));
        assertTrue(e.getMessage().contains("water_l"), e.getMessage());
    }

    @Test
    @DisplayName("the report refuses a summary missing a required field instead of printing it as 0 or –")
    void reportRefusesMissingField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        ObjectNode summary = fixture();
        ((ObjectNode) summary.path("totals")).remove("co2e_kg");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> org.rebound.report.ReportWriter.writeHtml(summary, "t", null, dir.resolve("r.html")));
        assertTrue(e.getMessage().contains("co2e_kg"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> org.rebound.report.ReportWriter.writePeriodsCsv(summary, dir.resolve("p.csv")));
    }

    @Test
    @DisplayName("a misspelt field is an error, not ignored")
    void unknownFieldFails() throws IOException {
        ObjectNode summary = fixture();
        summary.put("reqests", 3);
        assertThrows(IllegalArgumentException.class, () -> Results.read(summary));
    }

    @Test
    @DisplayName("the declared quantities are the eight fields of Impacts, in their order")
    void quantitiesAreDeclaredOnce() throws IOException {
        List<String> declared =
                Arrays.stream(ImpactQuantity.values()).map(q -> q.field).toList();
        List<String> written = new java.util.ArrayList<>();
        Results.tree(Results.read(fixture())).path("totals").fieldNames().forEachRemaining(written::add);
        assertEquals(written, declared);
        RunResults results = Results.read(fixture());
        assertEquals(17.86, ImpactQuantity.WATER.of(results.totals()).central());
        assertEquals(2.2, results.totals().get(ImpactQuantity.ONSITE_WATER).central());
    }

    @Test
    @DisplayName("Impacts.of puts each declared quantity in its own field")
    void impactsOfEachDeclaration() {
        Impacts impacts = Impacts.of(q -> new Quantity(q.ordinal(), null, q.ordinal() + 0.5, null, q.ordinal() + 1));
        for (ImpactQuantity q : ImpactQuantity.values()) {
            assertEquals(q.ordinal() + 0.5, q.of(impacts).central(), q.field);
        }
        assertEquals(ImpactQuantity.values().length, Impacts.class.getRecordComponents().length);
    }

    @Test
    @DisplayName("a domain range is a quantity, p5 and p95 null without a likely range")
    void quantityOfRange() {
        assertEquals(
                new Quantity(1.0, 1.5, 2.0, 2.5, 3.0),
                Quantity.of(new org.rebound.domain.Range(1, 2, 3, new org.rebound.domain.LikelyRange(1.5, 2.5))));
        assertEquals(new Quantity(1.0, null, 2.0, null, 3.0), Quantity.of(new org.rebound.domain.Range(1, 2, 3)));
    }
}
