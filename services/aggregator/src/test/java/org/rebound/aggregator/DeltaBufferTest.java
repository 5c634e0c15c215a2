package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.domain.Range;
import org.rebound.domain.impact.Impacts;

@DisplayName("per-task delta buffer")
class DeltaBufferTest {

    private static final Instant DAY_ONE = Instant.parse("2025-03-01T23:55:00Z");
    private static final long FIVE_MINUTES = 300_000;
    private static final WorldCells CELLS = new WorldCells();

    static {
        // Avro copies a record (Telemetry.newBuilder(other)) only into trusted classes: creating a codec trusts ours,
        // as the aggregator's serdes do before any reduce
        org.rebound.kafka.Topics.TELEMETRY.valueSerde();
    }

    private static ValuedTick tick(String dc, String region, Instant at, int period, Map<String, Long> requests) {
        return tick(dc, region, at, period, requests, Range.of(1));
    }

    /** @param energyRange the range of each kind's energy in the possible worlds (relative to its central 1) */
    private static ValuedTick tick(
            String dc, String region, Instant at, int period, Map<String, Long> requests, Range energyRange) {
        String[] kinds = requests.keySet().stream().sorted().toArray(String[]::new);
        long[] counts = java.util.Arrays.stream(kinds).mapToLong(requests::get).toArray();
        // 1 Wh a request, everything else zero: IT energy in kWh = requests / 1000
        Impacts[] impacts = java.util.Arrays.stream(counts)
                .mapToObj(n -> new Impacts(
                        energyRange.times(n / 1000.0),
                        Range.ZERO,
                        Range.ZERO,
                        Range.ZERO,
                        Range.ZERO,
                        Range.ZERO,
                        Range.ZERO,
                        Range.ZERO))
                .toArray(Impacts[]::new);
        LoadEvent event = new LoadEvent("r@1", "s", dc, at, FIVE_MINUTES, requests, null, null, null, List.of());
        // a counterfactual of half the requests (induced demand 2), at 2 Wh each, and 0.25 Wh each without rebound
        double[] counterfactual = new double[3 * counts.length];
        for (int i = 0; i < counts.length; i++) {
            counterfactual[3 * i] = counts[i] / 2.0;
            counterfactual[3 * i + 1] = counts[i] / 1000.0;
            counterfactual[3 * i + 2] = counts[i] / 8000.0;
        }
        // every coefficient certain: every world is the central one
        WorldCells.Cell[] cells = java.util.Arrays.stream(kinds)
                .map(kind -> CELLS.of(
                        7L, kind, energyRange, dc, Range.of(1), Range.ZERO, Range.ZERO, region, Range.ZERO, Range.ZERO))
                .toArray(WorldCells.Cell[]::new);
        return new ValuedTick(
                event,
                region,
                kinds,
                counts,
                flat(impacts),
                cells,
                new ValuedTick.Period(period, 0, 1),
                counterfactual,
                0,
                1,
                0,
                null,
                Double.NaN);
    }

    /** Impacts in {@link ValuedTick#impacts}' layout, kind after kind. */
    private static double[] flat(Impacts... kinds) {
        double[] flat = new double[kinds.length * org.rebound.domain.impact.ImpactModel.FLAT];
        for (int i = 0; i < kinds.length; i++) {
            ValuedTick.put(flat, i, kinds[i]);
        }
        return flat;
    }

    @Test
    @DisplayName("sums many ticks into one delta per aggregate, keyed for its topic, and is empty once drained")
    void oneDeltaPerAggregate() {
        DeltaBuffer buffer = new DeltaBuffer();
        Instant dayTwo = DAY_ONE.plusMillis(FIVE_MINUTES);
        buffer.add(tick("paris-1", "FR", DAY_ONE, 0, Map.of("text", 100L, "image", 10L)), DAY_ONE.toEpochMilli());
        buffer.add(tick("paris-1", "FR", dayTwo, 1, Map.of("text", 200L)), dayTwo.toEpochMilli());
        buffer.add(tick("dub-1", "IE", dayTwo, 1, Map.of("text", 1000L, "video", 1L)), dayTwo.toEpochMilli());

        Map<String, SpecificRecord> deltas =
                buffer.drain().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.value()));
        assertThat(buffer.size()).isZero();
        assertThat(buffer.drain()).isEmpty();
        assertThat(deltas.keySet())
                .containsExactlyInAnyOrder(
                        "OVERALL|r@1",
                        "DATACENTRE|r@1/paris-1",
                        "DATACENTRE|r@1/dub-1",
                        "KIND|r@1/text",
                        "KIND|r@1/image",
                        "KIND|r@1/video",
                        "REGION|r@1/FR",
                        "REGION|r@1/IE",
                        "DAY|r@1/2025-03-01",
                        "DAY|r@1/2025-03-02",
                        "r@1/000000",
                        "r@1/000001",
                        "r@1/paris-1/2025-03-01T23:00:00Z",
                        "r@1/paris-1/2025-03-02T00:00:00Z",
                        "r@1/dub-1/2025-03-02T00:00:00Z");
        Totals overall = (Totals) deltas.get("OVERALL|r@1");
        assertThat(overall.getRequests()).isEqualTo(1311);
        assertThat(overall.getLoadEvents()).isEqualTo(5);
        assertThat(overall.getMember()).isEqualTo("s");
        assertThat(overall.getImpacts().getItEnergyKwh().getCentral()).isCloseTo(1.311, within(1e-12));
        assertThat(overall.getFirstEvent()).isEqualTo(DAY_ONE);
        assertThat(overall.getLastEvent()).isEqualTo(dayTwo.plusMillis(FIVE_MINUTES));
        assertThat(((Totals) deltas.get("KIND|r@1/text")).getRequests()).isEqualTo(1300);
        assertThat(((Totals) deltas.get("KIND|r@1/text")).getLoadEvents()).isEqualTo(3);
        assertThat(((Totals) deltas.get("DATACENTRE|r@1/paris-1")).getRequests())
                .isEqualTo(310);
        assertThat(((Totals) deltas.get("REGION|r@1/IE")).getRequests()).isEqualTo(1001);
        assertThat(((Totals) deltas.get("DAY|r@1/2025-03-01")).getRequests()).isEqualTo(110);
        assertThat(((Totals) deltas.get("DAY|r@1/2025-03-02")).getMember()).isEqualTo("2025-03-02");
        PeriodTotals period = (PeriodTotals) deltas.get("r@1/000001");
        assertThat(period.getRequests()).isEqualTo(1201);
        assertThat(period.getCounterfactualRequests()).isCloseTo(1201 / 2.0, within(1e-12));
        assertThat(period.getCounterfactualFacilityEnergyKwh()).isCloseTo(1.201, within(1e-12));
        assertThat(period.getNoReboundFacilityEnergyKwh()).isCloseTo(1201 / 8000.0, within(1e-12));
        // one cell per kind and data centre of the period: paris-1 text 200, dub-1 text 1,000 and video 1
        assertThat(period.getCells())
                .extracting(c -> c.getDatacentre() + "/" + c.getKind() + "=" + c.getRequests() + "/"
                        + c.getCounterfactualRequests())
                .containsExactlyInAnyOrder("paris-1/text=200/100.0", "dub-1/text=1000/500.0", "dub-1/video=1/0.5");
        // a telemetry window: the simulated hour containing the tick's start, whatever day the totals count it in
        Telemetry lateWindow = (Telemetry) deltas.get("r@1/paris-1/2025-03-02T00:00:00Z");
        assertThat(lateWindow.getRequests()).isEqualTo(200);
        assertThat(lateWindow.getStart()).isEqualTo(Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(lateWindow.getEnd()).isEqualTo(Instant.parse("2025-03-02T01:00:00Z"));
        assertThat(lateWindow.getItEnergyKwh().getCentral()).isCloseTo(0.2, within(1e-12));
        assertThat(lateWindow.getItPowerKw()).isCloseTo(0.2, within(1e-12));
        assertThat(DeltaBuffer.outputKey("DAY|r@1/2025-03-02")).isEqualTo("r@1/2025-03-02");
        assertThat(DeltaBuffer.outputKey("OVERALL|r@1")).isEqualTo("r@1");
    }

    @Test
    @DisplayName("a telemetry window whole in one delta carries its likely range and no worlds; one split between"
            + " deltas carries their worlds, and their sum has the same likely range")
    void wholeWindowsSettleAtDrain() {
        Range uncertain = new Range(0.5, 1, 2);
        Instant ten = Instant.parse("2025-03-02T10:00:00Z");
        DeltaBuffer split = new DeltaBuffer();
        DeltaBuffer once = new DeltaBuffer();
        for (int i = 0; i <= 12; i++) { // 10:00 to 11:00: the 10:00 window whole, then the 11:00 window begun
            Instant at = ten.plusMillis(i * FIVE_MINUTES);
            split.add(tick("paris-1", "FR", at, 0, Map.of("text", 100L + i, "image", 3L), uncertain), 0);
        }
        Map<String, SpecificRecord> first =
                split.drain().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.value()));
        for (int i = 12; i <= 24; i++) { // 11:00 to 12:00, all at once in a fresh buffer
            Instant at = ten.plusMillis(i * FIVE_MINUTES);
            ValuedTick tick = tick("paris-1", "FR", at, 0, Map.of("text", 100L + i, "image", 3L), uncertain);
            once.add(tick, 0);
            if (i > 12) {
                split.add(tick, 0);
            }
        }
        Map<String, SpecificRecord> second =
                split.drain().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.value()));
        Map<String, SpecificRecord> whole =
                once.drain().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.value()));

        Telemetry ten00 = (Telemetry) first.get("r@1/paris-1/2025-03-02T10:00:00Z");
        assertThat(ten00.getWorlds()).as("whole: no worlds to carry").isNull();
        assertThat(ten00.getItEnergyKwh().getP5())
                .isNotNull()
                .isLessThan(ten00.getItEnergyKwh().getCentral());
        assertThat(ten00.getItEnergyKwh().getP95())
                .isGreaterThan(ten00.getItEnergyKwh().getCentral());
        Telemetry head = (Telemetry) first.get("r@1/paris-1/2025-03-02T11:00:00Z");
        Telemetry tail = (Telemetry) second.get("r@1/paris-1/2025-03-02T11:00:00Z");
        assertThat(head.getWorlds())
                .as("not complete yet: a later tick may follow")
                .isNotNull();
        assertThat(tail.getWorlds())
                .as("its first tick was in an earlier delta")
                .isNotNull();
        Telemetry summed = TelemetryMath.settle(TelemetryMath.plus(head, tail));
        Telemetry reference = (Telemetry) whole.get("r@1/paris-1/2025-03-02T11:00:00Z");
        assertThat(reference.getWorlds()).isNull();
        assertThat(summed.getRequests()).isEqualTo(reference.getRequests());
        for (var quantity : List.<java.util.function.Function<Telemetry, org.rebound.avro.Quantity>>of(
                Telemetry::getItEnergyKwh,
                Telemetry::getFacilityEnergyKwh,
                Telemetry::getCo2eKg,
                Telemetry::getWaterL)) {
            assertThat(quantity.apply(summed).getCentral())
                    .isCloseTo(quantity.apply(reference).getCentral(), within(1e-12));
            assertThat(quantity.apply(summed).getP5())
                    .isCloseTo(quantity.apply(reference).getP5(), within(1e-12));
            assertThat(quantity.apply(summed).getP95())
                    .isCloseTo(quantity.apply(reference).getP95(), within(1e-12));
        }
        // a whole window meeting another delta (never expected) loses its likely range rather than giving a wrong one
        Telemetry odd = TelemetryMath.settle(TelemetryMath.plus(ten00, head));
        assertThat(odd.getItEnergyKwh().getP5()).isNull();
    }

    @Test
    @DisplayName("whatever the commits, its deltas sum to the deltas of each tick alone: random ticks of three data"
            + " centres across hours, days, periods and changes of state")
    void sumsAsEachTickAlone() {
        java.util.Random random = new java.util.Random(20261206);
        for (int trial = 0; trial < 40; trial++) {
            DeltaBuffer buffered = new DeltaBuffer();
            DeltaBuffer alone = new DeltaBuffer();
            Map<String, SpecificRecord> fromBuffered = new java.util.HashMap<>();
            Map<String, SpecificRecord> fromAlone = new java.util.HashMap<>();
            String[] dcs = {"paris-1", "lyon-1", "dublin-1"};
            String[] regions = {"FR", "FR", "IE"};
            long[] next = new long[dcs.length];
            java.util.Arrays.fill(next, DAY_ONE.toEpochMilli() - 20 * FIVE_MINUTES);
            Range[] states = {Range.of(1), new Range(0.5, 1, 2)};
            int[] state = new int[dcs.length];
            for (int t = 0; t < 400; t++) {
                int d = random.nextInt(dcs.length);
                long at = next[d];
                next[d] += FIVE_MINUTES * (1 + (random.nextInt(10) == 0 ? random.nextInt(30) : 0));
                if (random.nextInt(25) == 0) {
                    state[d] = 1 - state[d]; // a new state: other ratio cells
                }
                Map<String, Long> requests = new java.util.HashMap<>();
                requests.put("text", (long) random.nextInt(1000));
                if (random.nextBoolean()) {
                    requests.put("image", (long) random.nextInt(50));
                }
                int period = (int) Math.floorDiv(at - DAY_ONE.toEpochMilli(), 7 * FIVE_MINUTES * 12 / 5);
                ValuedTick tick =
                        tick(dcs[d], regions[d], Instant.ofEpochMilli(at), period, requests, states[state[d]]);
                buffered.add(tick, at);
                alone.add(tick, at);
                reduce(alone.drain(), fromAlone);
                if (random.nextInt(60) == 0) {
                    reduce(buffered.drain(), fromBuffered);
                }
            }
            reduce(buffered.drain(), fromBuffered);
            assertThat(fromBuffered.keySet()).isEqualTo(fromAlone.keySet());
            for (String key : fromAlone.keySet()) {
                SpecificRecord expected = fromAlone.get(key);
                SpecificRecord actual = fromBuffered.get(key);
                if (expected instanceof Totals e) {
                    Totals a = (Totals) actual;
                    assertThat(a.getRequests()).as(key).isEqualTo(e.getRequests());
                    assertThat(a.getLoadEvents()).as(key).isEqualTo(e.getLoadEvents());
                    assertThat(a.getFirstEvent()).as(key).isEqualTo(e.getFirstEvent());
                    assertThat(a.getLastEvent()).as(key).isEqualTo(e.getLastEvent());
                    assertClose(
                            key, a.getImpacts().getItEnergyKwh(), e.getImpacts().getItEnergyKwh());
                    double[] worlds = WorldSums.array(a.getWorlds());
                    double[] expectedWorlds = WorldSums.array(e.getWorlds());
                    for (int w = 0; w < worlds.length; w++) {
                        assertThat(worlds[w]).as(key + " world " + w).isCloseTo(expectedWorlds[w], within(1e-9));
                    }
                } else if (expected instanceof PeriodTotals e) {
                    PeriodTotals a = (PeriodTotals) actual;
                    assertThat(a.getRequests()).as(key).isEqualTo(e.getRequests());
                    assertThat(a.getLoadEvents()).as(key).isEqualTo(e.getLoadEvents());
                    assertClose(
                            key, a.getImpacts().getItEnergyKwh(), e.getImpacts().getItEnergyKwh());
                    assertThat(a.getCounterfactualRequests())
                            .as(key)
                            .isCloseTo(e.getCounterfactualRequests(), within(1e-9));
                } else {
                    Telemetry e = (Telemetry) expected;
                    Telemetry a = (Telemetry) actual;
                    assertThat(a.getRequests()).as(key).isEqualTo(e.getRequests());
                    assertThat(a.getLoadEvents()).as(key).isEqualTo(e.getLoadEvents());
                    assertThat(a.getEnd()).as(key).isEqualTo(e.getEnd());
                    assertThat(a.getItEnergyKwh().getCentral())
                            .as(key)
                            .isCloseTo(e.getItEnergyKwh().getCentral(), within(1e-9));
                }
            }
        }
    }

    private static void assertClose(String key, org.rebound.avro.Quantity actual, org.rebound.avro.Quantity expected) {
        assertThat(actual.getLow()).as(key).isCloseTo(expected.getLow(), within(1e-9));
        assertThat(actual.getCentral()).as(key).isCloseTo(expected.getCentral(), within(1e-9));
        assertThat(actual.getHigh()).as(key).isCloseTo(expected.getHigh(), within(1e-9));
    }

    /** Adds deltas to the aggregates, as the reduces downstream do. */
    private static void reduce(
            List<KeyValue<String, DeltaBuffer.TimestampedDelta>> deltas, Map<String, SpecificRecord> into) {
        for (KeyValue<String, DeltaBuffer.TimestampedDelta> delta : deltas) {
            into.merge(delta.key, delta.value.value(), (a, b) -> {
                if (a instanceof Totals totals) {
                    return TotalsMath.plus(totals, (Totals) b);
                }
                if (a instanceof PeriodTotals period) {
                    return PeriodTable.plus(period, (PeriodTotals) b);
                }
                return TelemetryMath.plus((Telemetry) a, (Telemetry) b);
            });
        }
    }

    @Test
    @DisplayName("forgets its sums when cleared (a dirty close: their transaction is aborted), and sums again after")
    void clearForgets() {
        DeltaBuffer buffer = new DeltaBuffer();
        assertThat(buffer.drain()).as("nothing to forward").isEmpty();
        buffer.add(tick("paris-1", "FR", DAY_ONE, 0, Map.of("text", 100L)), DAY_ONE.toEpochMilli());
        buffer.clear();
        assertThat(buffer.drain()).isEmpty();
        buffer.add(tick("paris-1", "FR", DAY_ONE, 0, Map.of("text", 7L)), DAY_ONE.toEpochMilli());
        // one tick of one kind feeds seven aggregates: run, data centre, kind, region, day, period, telemetry window
        List<KeyValue<String, DeltaBuffer.TimestampedDelta>> deltas = buffer.drain();
        assertThat(deltas).hasSize(7);
        assertThat(((Totals) deltas.stream()
                                .filter(kv -> kv.key.equals("OVERALL|r@1"))
                                .findFirst()
                                .orElseThrow()
                                .value
                                .value())
                        .getRequests())
                .as("only what was added after the clear")
                .isEqualTo(7);
    }
}
