package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.avro.TrainingCampaign;
import org.rebound.domain.Range;
import org.rebound.domain.impact.PossibleWorlds;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;

/**
 * The aggregates' likely ranges against world sums computed here by hand, event by event, from
 * the same draws of each coefficient ({@link PossibleWorlds#ratios}, tested on its own).
 */
@DisplayName("likely range (p5–p95) of the aggregates (topology)")
class LikelyRangeTopologyTest {

    private static final String RUN = "t@1";
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final long MINUTE = 60_000;
    private static final long SEED = 2026;
    private static final int N = PossibleWorlds.COUNT;

    // two data centres on two grids; text and image; every coefficient uncertain
    private static final Range TEXT_WH = new Range(0.1, 0.3, 3);
    private static final Range IMAGE_WH = new Range(1, 3, 10);
    private static final double IMAGE_FACTOR = 0.5;
    private static final Map<String, Range> PUE =
            Map.of("paris-1", new Range(1.1, 1.2, 1.4), "dub-1", new Range(1.2, 1.5, 1.8));
    private static final Map<String, Range> WUE =
            Map.of("paris-1", new Range(0, 0.5, 1.5), "dub-1", new Range(0.1, 0.2, 0.4));
    private static final Map<String, Range> EMBODIED =
            Map.of("paris-1", new Range(40, 80, 160), "dub-1", new Range(40, 80, 160));
    private static final Map<String, String> REGION = Map.of("paris-1", "FR", "dub-1", "IE");
    private static final Map<String, Range> CARBON =
            Map.of("FR", new Range(20, 56, 80), "IE", new Range(250, 300, 400));
    private static final Map<String, Range> WATER = Map.of("FR", new Range(2, 3.67, 5), "IE", new Range(0.5, 1, 2));

    private TopologyTestDriver driver;
    /** The data-centre states, carried by each data centre's next event as the generator does. */
    private CarriedStates datacentres;

    private CarriedStates.Requests requests;
    private Path stateDir;

    /** The world values of the eight impacts summed over the events piped so far: [quantity][world]. */
    private final double[][] worlds = new double[8][N];

    private final double[][] textWorlds = new double[8][N];

    @BeforeEach
    void setUp() throws Exception {
        stateDir = Files.createTempDirectory("likely-range-test");
        Properties config = ImpactAggregator.config(KafkaClients.of("unused:9092"), "likely-range-test", stateDir);
        driver = new TopologyTestDriver(ImpactTopology.build(), config, START);
        datacentres = new CarriedStates();
        requests = datacentres.requests(driver.createInputTopic(
                Topics.REQUESTS.name(), Topics.KEY.serializer(), Topics.LOAD_EVENT.serializer()));
        for (String dc : PUE.keySet()) {
            datacentres.pipeInput(new TestRecord<>(RUN + "/" + dc, dc(dc), START));
        }
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Quantity q(Range r) {
        return new Quantity(r.low(), r.central(), r.high(), null, null);
    }

    private static DataCentre dc(String id) {
        String region = REGION.get(id);
        GridElectricity grid = new GridElectricity(
                region, q(CARBON.get(region)), q(WATER.get(region)), Collections.nCopies(24, 1.0), 0.0, 0.0, START);
        return new DataCentre(
                RUN,
                "t",
                id,
                START,
                START,
                START.plusMillis(20 * MINUTE),
                10 * MINUTE,
                q(PUE.get(id)),
                q(WUE.get(id)),
                q(EMBODIED.get(id)),
                0.5,
                grid,
                Map.of(
                        "text",
                        new KindEnergy(q(TEXT_WH), 1.0, 1.0),
                        "image",
                        new KindEnergy(q(IMAGE_WH), IMAGE_FACTOR, 1.0)),
                SEED,
                null,
                null,
                null,
                null);
    }

    /** Pipes one event and adds its value in every world, by hand: each impact is central × its coefficients' ratios. */
    private void event(String dc, String kind, long atMinute, long n) {
        Instant tick = START.plusMillis(atMinute * MINUTE);
        requests.pipeInput(new TestRecord<>(
                RUN + "/" + dc,
                new LoadEvent(RUN, "t", dc, tick, MINUTE, Map.of(kind, n), null, null, null, List.of()),
                tick));
        Range energy = kind.equals("text") ? TEXT_WH : IMAGE_WH;
        double factor = kind.equals("text") ? 1.0 : IMAGE_FACTOR;
        String region = REGION.get(dc);
        double[] re = PossibleWorlds.ratios(SEED, "energy:" + kind, energy);
        double[] rp = PossibleWorlds.ratios(SEED, "pue:" + dc, PUE.get(dc));
        double[] rw = PossibleWorlds.ratios(SEED, "wue:" + dc, WUE.get(dc));
        double[] rm = PossibleWorlds.ratios(SEED, "embodied:" + dc, EMBODIED.get(dc));
        double[] rc = PossibleWorlds.ratios(SEED, "carbon:" + region, CARBON.get(region));
        double[] rx = PossibleWorlds.ratios(SEED, "water:" + region, WATER.get(region));
        for (int w = 0; w < N; w++) {
            double itKwh = n * energy.central() * re[w] * factor / 1000;
            double facilityKwh = itKwh * PUE.get(dc).central() * rp[w];
            double operationalKg = facilityKwh * CARBON.get(region).central() * rc[w] / 1000;
            double embodiedKg = itKwh * EMBODIED.get(dc).central() * rm[w] / 1000;
            double onsiteL = itKwh * WUE.get(dc).central() * rw[w];
            double offsiteL = facilityKwh * WATER.get(region).central() * rx[w];
            double[] values = {
                itKwh,
                facilityKwh,
                operationalKg,
                embodiedKg,
                operationalKg + embodiedKg,
                onsiteL,
                offsiteL,
                onsiteL + offsiteL
            };
            for (int i = 0; i < 8; i++) {
                worlds[i][w] += values[i];
                if (kind.equals("text")) {
                    textWorlds[i][w] += values[i];
                }
            }
        }
    }

    /** Hazen's percentile, written out: position p·64 − ½ among the sorted values, linear between. */
    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = p * sorted.length - 0.5;
        int below = (int) Math.floor(position);
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }

    private static void assertLikely(Quantity q, double[] worlds, double scale) {
        double p5 = percentile(worlds, 0.05) * scale;
        double p95 = percentile(worlds, 0.95) * scale;
        assertThat(q.getP5()).isCloseTo(p5, within(1e-9 * Math.abs(p95)));
        assertThat(q.getP95()).isCloseTo(p95, within(1e-9 * Math.abs(p95)));
        assertThat(q.getLow()).isLessThanOrEqualTo(q.getP5());
        assertThat(q.getP5()).isLessThanOrEqualTo(q.getP95());
        assertThat(q.getP95()).isLessThanOrEqualTo(q.getHigh());
    }

    @Test
    @DisplayName("totals overall and by kind carry the p5 and p95 of their sums over the 64 worlds, and no world sums")
    void totals() {
        event("paris-1", "text", 0, 1000);
        event("paris-1", "image", 1, 10);
        event("dub-1", "text", 2, 2000);
        event("dub-1", "image", 3, 40);

        TestOutputTopic<String, Totals> totals = driver.createOutputTopic(
                Topics.TOTALS.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
        Totals overall = totals.readKeyValuesToMap().get(RUN);
        assertThat(overall.getWorlds()).isNull();
        assertLikely(overall.getImpacts().getItEnergyKwh(), worlds[0], 1);
        assertLikely(overall.getImpacts().getFacilityEnergyKwh(), worlds[1], 1);
        assertLikely(overall.getImpacts().getOperationalCo2eKg(), worlds[2], 1);
        assertLikely(overall.getImpacts().getEmbodiedCo2eKg(), worlds[3], 1);
        assertLikely(overall.getImpacts().getCo2eKg(), worlds[4], 1);
        assertLikely(overall.getImpacts().getOnsiteWaterL(), worlds[5], 1);
        assertLikely(overall.getImpacts().getOffsiteWaterL(), worlds[6], 1);
        assertLikely(overall.getImpacts().getWaterL(), worlds[7], 1);
        // the likely range is narrower than the bounds (independent coefficients rarely all sit at an end)
        assertThat(overall.getImpacts().getCo2eKg().getP95())
                .isLessThan(overall.getImpacts().getCo2eKg().getHigh());

        TestOutputTopic<String, Totals> byKind = driver.createOutputTopic(
                Topics.TOTALS_BY_KIND.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
        Totals text = byKind.readKeyValuesToMap().get(RUN + "/text");
        assertThat(text.getWorlds()).isNull();
        assertLikely(text.getImpacts().getCo2eKg(), textWorlds[4], 1);
        assertLikely(text.getImpacts().getWaterL(), textWorlds[7], 1);
    }

    @Test
    @DisplayName(
            "a period's row: p5/p95 of its totals, per day (÷ days) and per request (÷ requests), without world sums")
    void periods() {
        event("paris-1", "text", 0, 1000);
        event("dub-1", "image", 4, 40);

        TestOutputTopic<String, PeriodTotals> periods = driver.createOutputTopic(
                Topics.PERIODS.name(), Topics.KEY.deserializer(), Topics.PERIOD_TOTALS.deserializer());
        PeriodTotals first = periods.readKeyValuesToMap().values().stream()
                .filter(p -> p.getPeriod() == 0)
                .findFirst()
                .orElseThrow();
        assertThat(first.getWorlds()).isNull();
        double days = 10.0 / (24 * 60);
        assertLikely(first.getImpacts().getCo2eKg(), worlds[4], 1);
        assertLikely(first.getImpactsPerDay().getCo2eKg(), worlds[4], 1 / days);
        assertLikely(first.getImpactsPerDay().getWaterL(), worlds[7], 1 / days);
        assertLikely(first.getWhPerRequest(), worlds[1], 1000.0 / 1040);
    }

    @Test
    @DisplayName(
            "a training campaign: its energy and its grid's carbon are drawn per world, the grid's draw shared with inference")
    void training() {
        Range energyMwh = new Range(1000, 1287, 1500);
        TestInputTopic<String, TrainingCampaign> training = driver.createInputTopic(
                Topics.TRAINING.name(), Topics.KEY.serializer(), Topics.TRAINING_CAMPAIGN.serializer());
        GridElectricity grid = new GridElectricity(
                "FR", q(CARBON.get("FR")), q(WATER.get("FR")), Collections.nCopies(24, 1.0), 0.0, 0.0, START);
        training.pipeInput(
                new TestRecord<>(RUN, new TrainingCampaign(RUN, "t", START, q(energyMwh), grid, SEED), START));

        double[] re = PossibleWorlds.ratios(SEED, "training:t", energyMwh);
        double[] rc = PossibleWorlds.ratios(SEED, "carbon:FR", CARBON.get("FR"));
        double[] co2eKg = new double[N];
        for (int w = 0; w < N; w++) {
            co2eKg[w] = 1287 * 1000 * re[w] * 56 * rc[w] / 1000; // MWh → kWh, g → kg
        }
        TestOutputTopic<String, Totals> out = driver.createOutputTopic(
                Topics.TOTALS_TRAINING.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer());
        Totals totals = out.readKeyValuesToMap().get(RUN);
        assertThat(totals.getWorlds()).isNull();
        assertLikely(totals.getImpacts().getCo2eKg(), co2eKg, 1);
        assertThat(totals.getImpacts().getEmbodiedCo2eKg().getP95()).isEqualTo(0.0);
    }
}
