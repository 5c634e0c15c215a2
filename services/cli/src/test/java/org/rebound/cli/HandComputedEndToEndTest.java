package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/**
 * An exact-arrival scenario with a timeline change, demand elasticity and a training campaign,
 * run through the real pipeline, against totals computed by hand below (not with the code
 * under test) for all three bands.
 */
@DisplayName("a scenario with a timeline and a training campaign, against a hand computation")
class HandComputedEndToEndTest {

    static final String SCENARIO = """
            name: hand
            title: "Hand computation"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h}
            regions:
              FR: {carbon_g_per_kwh: {low: 40, central: 56, high: 80}, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: {low: 322, central: 380, high: 411}, water_l_per_kwh: 3.13}
            datacentres:
              - {id: paris-1, region: FR, pue: {low: 1.08, central: 1.1, high: 1.2}, wue_l_per_kwh: {low: 0.09, central: 0.55, high: 1.8}, embodied_g_per_kwh: {low: 45, central: 90, high: 180}, share: 0.4}
              - {id: ashburn-1, region: US-VA, pue: 1.2, wue_l_per_kwh: 0.5, embodied_g_per_kwh: 90, share: 0.6}
            kinds:
              text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
              video: {energy_wh: {low: 19, central: 100, high: 944}}
            workload:
              requests_per_day: 48000
              arrival: exact
              mix: {text: 0.9, video: 0.1}
              elasticity: 1.0
            timeline:
              - at: 2025-01-02T00:00:00Z
                set: {kinds.video.energy_factor: 0.5, datacentres.ashburn-1.pue: 1.1, regions.FR.carbon_g_per_kwh: 30}
                note: "video gets twice as efficient; demand for it doubles (elasticity 1)"
            training: {energy_mwh: {low: 0.2, central: 0.4, high: 0.8}, at: 2025-01-01T00:00:00Z, region: US-VA}
            """;

    String bootstrapServers() {
        return SharedBroker.bootstrapServers();
    }

    /** The eight quantities of one band, accumulated by hand. */
    static final class Band {
        double it;
        double facility;
        double operational;
        double embodied;
        double onsite;
        double offsite;

        void add(
                double requests,
                double wh,
                double factor,
                double pue,
                double carbon,
                double embodiedG,
                double wue,
                double ewif) {
            double itKwh = requests * wh * factor / 1000;
            it += itKwh;
            facility += itKwh * pue;
            operational += itKwh * pue * carbon / 1000;
            embodied += itKwh * embodiedG / 1000;
            onsite += itKwh * wue;
            offsite += itKwh * pue * ewif;
        }

        Map<String, Double> quantities() {
            return Map.of(
                    "it_energy_kwh",
                    it,
                    "facility_energy_kwh",
                    facility,
                    "operational_co2e_kg",
                    operational,
                    "embodied_co2e_kg",
                    embodied,
                    "co2e_kg",
                    operational + embodied,
                    "onsite_water_l",
                    onsite,
                    "offsite_water_l",
                    offsite,
                    "water_l",
                    onsite + offsite);
        }
    }

    @Test
    @DisplayName("summary == hand computation for low, central and high, before and after the change")
    void handComputation() throws Exception {
        JsonNode summary = ScenarioRun.execute(
                        ScenarioLoader.parse(SCENARIO, "hand.yaml"),
                        KafkaClients.of(bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();

        // Requests per day and site: 48,000 × share × mix; exact arrival gives whole numbers per hour.
        // Day 2: video energy_factor 0.5 with elasticity 1 multiplies video demand by 0.5^-1 = 2.
        double parisText = 48_000 * 0.4 * 0.9;
        double parisVideo = 48_000 * 0.4 * 0.1;
        double ashText = 48_000 * 0.6 * 0.9;
        double ashVideo = 48_000 * 0.6 * 0.1;
        double[] textWh = {0.04, 0.25, 4};
        double[] videoWh = {19, 100, 944};
        double[] parisPue = {1.08, 1.1, 1.2};
        double[] parisWue = {0.09, 0.55, 1.8};
        double[] parisEmbodied = {45, 90, 180};
        double[] frCarbonDay1 = {40, 56, 80};
        double[] vaCarbon = {322, 380, 411};
        Band[] bands = {new Band(), new Band(), new Band()};
        Band[] day1 = {new Band(), new Band(), new Band()};
        for (int b = 0; b < 3; b++) {
            for (Band band : new Band[] {bands[b], day1[b]}) {
                // day 1
                band.add(parisText, textWh[b], 1, parisPue[b], frCarbonDay1[b], parisEmbodied[b], parisWue[b], 3.67);
                band.add(parisVideo, videoWh[b], 1, parisPue[b], frCarbonDay1[b], parisEmbodied[b], parisWue[b], 3.67);
                band.add(ashText, textWh[b], 1, 1.2, vaCarbon[b], 90, 0.5, 3.13);
                band.add(ashVideo, videoWh[b], 1, 1.2, vaCarbon[b], 90, 0.5, 3.13);
            }
            // day 2: FR at 30 g/kWh, ashburn PUE 1.1, video factor 0.5 and twice the video requests
            bands[b].add(parisText, textWh[b], 1, parisPue[b], 30, parisEmbodied[b], parisWue[b], 3.67);
            bands[b].add(2 * parisVideo, videoWh[b], 0.5, parisPue[b], 30, parisEmbodied[b], parisWue[b], 3.67);
            bands[b].add(ashText, textWh[b], 1, 1.1, vaCarbon[b], 90, 0.5, 3.13);
            bands[b].add(2 * ashVideo, videoWh[b], 0.5, 1.1, vaCarbon[b], 90, 0.5, 3.13);
        }
        long requests = Math.round(2 * (parisText + ashText) + 3 * (parisVideo + ashVideo));
        assertThat(summary.get("requests").asLong()).isEqualTo(requests).isEqualTo(100_800);
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("by_kind").get("video").get("requests").asLong())
                .isEqualTo(Math.round(3 * (parisVideo + ashVideo)));
        String[] names = {"low", "central", "high"};
        for (int b = 0; b < 3; b++) {
            for (Map.Entry<String, Double> q : bands[b].quantities().entrySet()) {
                assertThat(summary.get("totals").get(q.getKey()).get(names[b]).asDouble())
                        .as(q.getKey() + " " + names[b])
                        .isCloseTo(q.getValue(), within(Math.abs(q.getValue()) * 1e-9));
            }
        }
        // by region: the two grids split the totals
        assertThat(summary.get("by_region").get("FR").get("requests").asLong()
                        + summary.get("by_region").get("US-VA").get("requests").asLong())
                .isEqualTo(requests);
        // SCI = (operational + embodied) per request, in grams
        assertThat(summary.get("sci_gco2e_per_request").get("central").asDouble())
                .isCloseTo(bands[1].quantities().get("co2e_kg") * 1000 / requests, within(1e-9));

        // Training: 0.2 / 0.4 / 0.8 MWh of facility energy on the Virginia grid (flat, no trend).
        JsonNode training = summary.get("training");
        double[] trainingKwh = {200, 400, 800};
        for (int b = 0; b < 3; b++) {
            assertThat(training.get("facility_energy_kwh").get(names[b]).asDouble())
                    .isCloseTo(trainingKwh[b], within(1e-9));
            assertThat(training.get("co2e_kg").get(names[b]).asDouble())
                    .isCloseTo(trainingKwh[b] * vaCarbon[b] / 1000, within(1e-9));
            assertThat(training.get("water_l").get(names[b]).asDouble()).isCloseTo(trainingKwh[b] * 3.13, within(1e-9));
            assertThat(training.get("amortised_per_request")
                            .get("co2e_g")
                            .get(names[b])
                            .asDouble())
                    .isCloseTo(trainingKwh[b] * vaCarbon[b] / requests, within(1e-9));
        }
        // Crossover: the first day's inference CO2e (central) exceeds the training's 152 kg, so
        // it falls within day 1 at the fraction 152 / day-1 CO2e of that day's 24 hours.
        double trainingCo2e = 400 * 380 / 1000.0;
        double day1Co2e = day1[1].quantities().get("co2e_kg");
        assertThat(day1Co2e).isGreaterThan(trainingCo2e);
        long expectedMs = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli()
                + Math.round(trainingCo2e / day1Co2e * 86_400_000L);
        assertThat(Instant.parse(training.get("inference_overtakes_training_at").asText())
                        .toEpochMilli())
                .isCloseTo(expectedMs, within(1L));
    }
}
