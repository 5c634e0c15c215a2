package org.rebound.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Param;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Telemetry;
import org.rebound.domain.Range;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.Impacts;
import org.rebound.domain.scenario.Arrival;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Profiles;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.Workload;

/**
 * Each benchmark, called through its JMH setup, computes what it claims to: a benchmark that
 * measured nothing, or the wrong thing, fails here. Expectations are computed from the scenario's
 * numbers by hand, not through the code under measurement.
 */
class BenchmarksTest {

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    /**
     * Expected requests of one data centre × kind cell of a 5-minute tick of global-year, from the
     * file's own formula: requests_per_day × tick / day × growth(middle) × share_d × mix_k ×
     * daily(local hour) × weekly(local day) (elasticity is 0; a 5-minute tick never straddles a
     * local hour).
     */
    private static double expectedCell(Scenario s, DataCentre dc, String kind, long tickStart, long tickMs) {
        Workload w = s.workload();
        double years = (tickStart + tickMs / 2.0 - s.clock().start().toEpochMilli()) / (365.25 * DAY_MS);
        double growth = Math.pow(1 + w.growth().ratePerYear(), years);
        long local = tickStart + Math.round(s.regionOf(dc).utcOffsetHours() * HOUR_MS);
        int hour = (int) Math.floorMod(Math.floorDiv(local, HOUR_MS), 24L);
        int day = (int) Math.floorMod(Math.floorDiv(local, DAY_MS) + 3, 7L); // 1970-01-01 was a Thursday
        return w.requestsPerDay()
                * tickMs
                / DAY_MS
                * growth
                * dc.share()
                * w.mix().get(kind)
                * w.dailyProfile()[hour]
                * w.weeklyProfile()[day];
    }

    /** Expected requests of a whole tick: {@link #expectedCell} summed over the cells (the mix sums to 1). */
    private static double expectedTick(Scenario s, long tickStart, long tickMs) {
        double sum = 0;
        for (DataCentre dc : s.datacentres()) {
            for (String kind : s.kinds().keySet()) {
                sum += expectedCell(s, dc, kind, tickStart, tickMs);
            }
        }
        return sum;
    }

    /** The benchmark's expectations of its last tick (one expectedAll per tick) are the scenario's, cell by cell. */
    private static void assertExpectationsOfTick(GeneratorTickBenchmark b, long tickStart) {
        Scenario s = b.scenario;
        assertThat(b.expected).hasSize(GlobalYear.CELLS);
        int kinds = s.kinds().size();
        int d = 0;
        for (DataCentre dc : s.datacentres()) {
            int k = 0;
            for (String kind : s.kinds().keySet()) {
                assertThat(b.expected[d * kinds + k])
                        .as(dc.id() + " × " + kind)
                        .isCloseTo(expectedCell(s, dc, kind, tickStart, b.tickMs), withinPercentage(1e-9));
                k++;
            }
            d++;
        }
    }

    @Test
    void theScenarioIsGlobalYear() {
        Scenario s = GlobalYear.load();
        assertThat(s.name()).isEqualTo("global-year");
        assertThat(s.datacentres()).hasSize(24);
        assertThat(s.kinds()).hasSize(4);
        assertThat(s.clock().tick().toMinutes()).isEqualTo(5);
        assertThat(s.workload().arrival()).isEqualTo(Arrival.POISSON);
        assertThat(s.workload().growth().model().name()).isEqualTo("EXPONENTIAL");
        assertThat(s.workload().elasticity()).isZero();
        assertThat(s.workload().mix().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(1, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POISSON", "EXACT"})
    void aGeneratorTickCountsTheScenariosRequests(String arrival) {
        GeneratorTickBenchmark b = new GeneratorTickBenchmark();
        b.arrival = Arrival.valueOf(arrival);
        b.setUp();
        assertThat(b.ticks).as("5-minute ticks in 365 days").isEqualTo(105_120);

        long first = b.tick();
        assertExpectationsOfTick(b, b.startMs);
        double expectedFirst = expectedTick(b.scenario, b.startMs, b.tickMs);
        assertThat(expectedFirst).as("2.5e9 a day: millions a tick").isGreaterThan(1e6);
        // Poisson: 96 cells, standard deviation sqrt(~1e7) ≈ 0.03 %; exact: rounding, ± 96 requests
        assertThat((double) first).isCloseTo(expectedFirst, withinPercentage(1));
        assertThat(b.nextTick).as("the benchmark walks the year").isEqualTo(1);

        // mid-year (another hour of the day, a day of growth): the count follows the scenario
        long t = 52_000;
        long tickStart = b.startMs + t * b.tickMs;
        b.nextTick = t;
        long mid = b.tick();
        assertExpectationsOfTick(b, tickStart);
        assertThat((double) mid).isCloseTo(expectedTick(b.scenario, tickStart, b.tickMs), withinPercentage(1));
        assertThat(mid).isNotEqualTo(first);

        b.nextTick = b.ticks - 1;
        assertThat(b.tick()).isPositive();
        assertThat(b.nextTick).as("wraps at the end of the year").isZero();
    }

    @Test
    void theArrivalBenchmarkCoversBothSidesOfTheNormalApproximationsThreshold() throws Exception {
        // ArrivalProcess.Poisson.LARGE_MEAN (package-private) is 1e4: exact draws below, normal approximation from it
        String[] means = ArrivalBenchmark.class
                .getField("mean")
                .getAnnotation(Param.class)
                .value();
        assertThat(Arrays.stream(means).mapToDouble(Double::parseDouble).toArray())
                .containsExactly(10, 1000, 9999, 10_000, 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 1000, 9999, 10_000, 1_000_000})
    void poissonArrivalsHaveTheirMean(double mean) {
        ArrivalBenchmark b = new ArrivalBenchmark();
        b.mean = mean;
        b.setUp();
        int n = 400;
        double sum = 0;
        long previous = -1;
        int repeats = 0;
        for (int i = 0; i < n; i++) {
            long count = b.poisson();
            assertThat(count).isNotNegative();
            repeats += count == previous ? 1 : 0;
            previous = count;
            sum += count;
        }
        assertThat(b.nextTick).isEqualTo(n);
        // the sample mean is within 6 standard errors (sqrt(mean / n)) of the mean
        assertThat(sum / n).isCloseTo(mean, within(6 * Math.sqrt(mean / n)));
        if (mean >= 1000) {
            assertThat(repeats).as("fresh draws, not one value again and again").isLessThan(n / 10);
        }
    }

    @Test
    void impactsOfOneCellFollowTheModel() {
        ImpactBenchmark b = new ImpactBenchmark();
        b.setUp();
        Scenario s = GlobalYear.load();
        DataCentre dc = s.datacentres().get(0);
        assertThat(dc.id()).isEqualTo("ashburn-1");
        // ashburn-1 × text: 2.5e9/day × 5 min × share 0.08 × mix 0.90 × evening profile at 19:00 local
        double perTick = 2.5e9 * 300_000 / DAY_MS * 0.08 * 0.90 * s.workload().dailyProfile()[19];
        assertThat((double) b.requests).isCloseTo(perTick, withinPercentage(0.01));

        Impacts i = b.impacts();
        Range it = i.itEnergyKwh();
        double itKwh = b.requests * b.energyWh.central() * b.energyFactor / 1000;
        assertThat(it.central()).isCloseTo(itKwh, withinPercentage(1e-9));
        assertThat(i.facilityEnergyKwh().central()).isCloseTo(itKwh * b.pue.central(), withinPercentage(1e-9));
        double operational = itKwh * b.pue.central() * b.carbon.central() / 1000;
        double embodied = itKwh * b.embodied.central() / 1000;
        assertThat(i.co2eKg().central()).isCloseTo(operational + embodied, withinPercentage(1e-9));
        assertThat(i.waterL().central())
                .isCloseTo(
                        itKwh * b.wue.central() + itKwh * b.pue.central() * b.water.central(), withinPercentage(1e-9));
        // US-VA at 380 gCO2e/kWh, 0.25 Wh a text request: about 1e-4 kg CO2e a request
        assertThat(i.co2eKg().central() / b.requests).isBetween(5e-5, 2e-4);
        for (Range r : new Range[] {i.itEnergyKwh(), i.facilityEnergyKwh(), i.co2eKg(), i.waterL()}) {
            assertThat(r.low()).isPositive();
            assertThat(r.high()).isGreaterThan(r.low());
        }
    }

    @Test
    void carbonMultiplierFollowsTheGridsProfileAndTrend() {
        GridClockBenchmark flat = new GridClockBenchmark();
        flat.grid = "global-year";
        flat.setUp();
        assertThat(flat.ticks).isEqualTo(105_120);
        for (int i = 0; i < 300; i++) {
            assertThat(flat.carbonMultiplier())
                    .isCloseTo(1.0, within(1e-12)); // every grid of global-year is flat, no trend
        }

        GridClockBenchmark solar = new GridClockBenchmark();
        solar.grid = "solar-trend";
        solar.setUp();
        double[] profile = Profiles.GRID_DAILY.get("solar");
        double min = Double.MAX_VALUE;
        double max = 0;
        for (long t = 0; t < 24 * 12; t++) {
            long start = solar.originMs + t * solar.tickMs;
            long local = start + Math.round(solar.utcOffsetHours * HOUR_MS);
            double trend = Math.pow(
                    1 + GridClockBenchmark.SOLAR_TREND_PER_YEAR,
                    (start + solar.tickMs / 2.0 - solar.originMs) / GridClock.YEAR_MS);
            double expected = profile[(int) Math.floorMod(Math.floorDiv(local, HOUR_MS), 24L)] * trend;
            double boxed = solar.carbonMultiplierFromBoxedProfile();
            solar.nextTick = t;
            double primitive = solar.carbonMultiplier();
            assertThat(primitive).isCloseTo(expected, within(1e-12));
            assertThat(boxed).isEqualTo(primitive);
            min = Math.min(min, primitive);
            max = Math.max(max, primitive);
        }
        assertThat(max - min).as("the solar profile moves through the day").isGreaterThan(0.2);
    }

    @Test
    void aTelemetryWindowIsWrittenAsAvroWritesIt() throws Exception {
        TelemetryCodecBenchmark b = new TelemetryCodecBenchmark();
        b.setUp();
        assertThat(b.codec.hasCompiledWriter())
                .as("the codec's own writer, not Avro's")
                .isTrue();
        java.nio.ByteBuffer avro = b.avro();
        byte[] expected = new byte[avro.remaining()];
        avro.get(expected);
        assertThat(b.codec()).startsWith((byte) 0xC3, (byte) 0x01).isEqualTo(expected);
        assertThat(b.codec.decode(b.codec()).getItEnergyKwh().getP95()).isEqualTo(2_290.04);
        assertThat(org.rebound.kafka.AvroJson.read(b.json(), Telemetry.getClassSchema()))
                .as("the JSON mirror reads back to the window")
                .isEqualTo(b.window);
    }

    @Test
    void aLoadEventSurvivesEncodeAndDecode() {
        LoadEventCodecBenchmark b = new LoadEventCodecBenchmark();
        b.setUp();
        assertThat(b.event.getRequestsByKind())
                .as("a global-year record: the four kinds")
                .hasSize(4);
        byte[] bytes = b.encode();
        assertThat(bytes).startsWith((byte) 0xC3, (byte) 0x01).isEqualTo(b.bytes);
        assertThat(b.encode())
                .as("a new array each time, same bytes")
                .isNotSameAs(bytes)
                .isEqualTo(bytes);
        LoadEvent decoded = b.codec.decode(bytes);
        assertThat(decoded).isEqualTo(b.event);
        assertThat(decoded.getRun()).isEqualTo("global-year@2026-11-29T09:30:42.123Z");
        assertThat(decoded.getDatacentre()).isEqualTo("ashburn-1");
        assertThat(decoded.getTickStart()).isEqualTo(Instant.parse("2025-03-01T10:05:00Z"));
        assertThat(decoded.getTickMillis()).isEqualTo(300_000L);
        assertThat(decoded.getRequestsByKind())
                .isEqualTo(Map.of("text", 412_345L, "reasoning", 61_234L, "image", 30_456L, "video", 2_345L));
        assertThat(decoded.getKind()).isNull();
        assertThat(decoded.getRequests()).isNull();
        assertThat(b.decode()).as("the decode benchmark reads the same event").isEqualTo(b.event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "fleet"})
    void bothDecodersReadTheSameLoadEvent(String fleet) throws Exception {
        assertThat(LoadEventDecoderBenchmark.class
                        .getField("fleet")
                        .getAnnotation(Param.class)
                        .value())
                .containsExactly("none", "fleet");
        LoadEventDecoderBenchmark b = new LoadEventDecoderBenchmark();
        b.fleet = fleet;
        b.setUp();
        assertThat(b.event.getFleet() != null).isEqualTo(fleet.equals("fleet"));
        assertThat(b.avro()).isEqualTo(b.event);
        assertThat(b.fast()).isEqualTo(b.event).isNotSameAs(b.fast());
    }
}
