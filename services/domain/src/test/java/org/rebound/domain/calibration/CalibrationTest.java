package org.rebound.domain.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;
import org.rebound.domain.presets.Presets;

/**
 * Published figures reproduced with the impact model (impact-data.md §5, §6 and the seed module,
 * /work/shared/seed). Each test names its source, the assumptions it needs and its tolerance;
 * expected values are the published ones or arithmetic done by hand in the comment, never a
 * number read back from the code under test. Where a preset disagrees with a published figure,
 * the test states and checks both, so the difference is documented rather than hidden.
 */
@DisplayName("calibration against published figures")
class CalibrationTest {

    private static final Range ZERO = Range.ZERO;
    private static final Range ONE = Range.of(1);
    private static final double WH_PER_MWH = 1_000_000;
    private static final double WH_PER_KWH = 1_000;

    /** GPT-3 175B training: 1,287 MWh (impact-data.md §5, Patterson et al. 2021, S; seed "1,3 GWh"). */
    private static final double GPT3_TRAINING_MWH = 1_287;

    /**
     * A training campaign as the simulator values it (docs/impact-model.md "Training campaign"):
     * its energy is already facility energy, so PUE 1, and no embodied CO2e or on-site water.
     */
    private static Impacts training(double energyMwh, double carbonGPerKwh) {
        return ImpactModel.impacts(1, Range.of(energyMwh * WH_PER_MWH), 1.0, ONE, ZERO, ZERO, Range.of(carbonGPerKwh), ZERO);
    }

    private static double presetCarbon(String region) {
        return Presets.region(region).orElseThrow().carbonGPerKwh().central();
    }

    @Test
    @DisplayName("GPT-3 training at the US mix: 1,287 MWh ≈ 552 tCO2e at the intensity the source implies (±1 %); our US preset gives ≈ 475 t")
    void gpt3TrainingUs() {
        // Source: Patterson et al. 2021 via the seed and impact-data.md §5: 1,287 MWh, 552 tCO2e at the US mix.
        // Implied intensity (impact-data.md §4 seed cross-checks): 552 t / 1,287 MWh = 0.429 kgCO2e/kWh.
        // By hand: 1,287,000 kWh × 0.429 kg/kWh = 552,123 kg = 552.1 t. Tolerance ±1 %.
        assertThat(training(GPT3_TRAINING_MWH, 429).co2eKg().central() / 1000).isCloseTo(552, withinPercentage(1));

        // Our US preset (impact-data.md §4 USA average, CodeCarbon OWID/Ember 2023) is 369 g/kWh:
        // 1,287,000 kWh × 0.369 = 474,903 kg ≈ 475 t, 14 % below the published 552 t. The difference is
        // the grid factor, not the model: the published figure implies 0.429 kg/kWh for a 2020 training;
        // our preset is the OWID/Ember 2023 national annual mean. Tolerance ±1 %.
        double usPreset = presetCarbon("US");
        assertThat(usPreset).isEqualTo(369);
        double oursTonnes = training(GPT3_TRAINING_MWH, usPreset).co2eKg().central() / 1000;
        assertThat(oursTonnes).isCloseTo(475, withinPercentage(1));
        assertThat(oursTonnes / 552).isCloseTo(0.86, withinPercentage(1)); // 369 / 429 = 0.860
    }

    @Test
    @DisplayName("GPT-3 training at the French mix: the seed's ≈ 40 t under its implied 0.031 kg/kWh (±5 %); our FR preset gives ≈ 72 t")
    void gpt3TrainingFrance() {
        // Seed: "Rapporté au mix énergétique de la France, cela correspond à l'émission de 40 tonnes de CO2".
        // Implied intensity (impact-data.md §4 seed cross-checks): 40 t / 1,287 MWh = 0.0311 kg/kWh ≈ 0.031.
        // By hand: 1,287,000 kWh × 0.031 = 39,897 kg = 39.9 t. Tolerance ±5 % (the seed rounds to "40").
        assertThat(training(GPT3_TRAINING_MWH, 31).co2eKg().central() / 1000).isCloseTo(40, withinPercentage(5));

        // Our FR preset is 56 g/kWh (impact-data.md §4 France, CodeCarbon OWID/Ember 2023): 1,287,000 × 0.056
        // = 72,072 kg ≈ 72 t, 1.8 × the seed's figure. The seed names neither the year nor the source of its
        // French intensity; ours is Ember's 2023 annual mean. Both say the same thing to a class: well over
        // ten times less than at the US mix (552 / 40 = 13.8; 475 / 72 = 6.6 with our two presets).
        double frPreset = presetCarbon("FR");
        assertThat(frPreset).isEqualTo(56);
        assertThat(training(GPT3_TRAINING_MWH, frPreset).co2eKg().central() / 1000).isCloseTo(72, withinPercentage(1));
    }

    @Test
    @DisplayName("water per 4 Wh request under US averages ≈ 16.9 mL (±1 %), ≈ 30 requests per 500 mL bottle")
    void waterPerRequest() {
        // Source: seed (Li et al. 2023, "500 mL every ≈35 questions") and impact-data.md §6 (D):
        // 4 Wh × (WUE 0.55 + PUE 1.17 × EWIF 3.142 L/kWh) = 4 × 4.22614 = 16.905 mL per request.
        // 4 Wh is the seed's GPT-3 request (Brown et al. 2020), impact-data.md §2 text high.
        Impacts one = ImpactModel.impacts(1, Range.of(4), 1.0, Range.of(1.17), Range.of(0.55), ZERO, ZERO, Range.of(3.142));
        double mlPerRequest = one.waterL().central() * 1000;
        assertThat(mlPerRequest).isCloseTo(16.9, withinPercentage(1));
        // 500 / 16.905 = 29.6 requests per bottle: ≈30 (±1 request, about 3 %). The seed's "≈35" is 18 % more
        // requests per bottle; the seed does not give the WUE, PUE and EWIF behind it, we use §6's US averages.
        assertThat(500 / mlPerRequest).isCloseTo(30, withinPercentage(3.4));
    }

    @Test
    @DisplayName("o3 high-compute task: 1,785 kWh ≈ 684 kgCO2e, implied ≈ 383 g/kWh (±2 %); the US-Virginia preset agrees within 2 %")
    void o3Task() {
        // Source: seed module, Boris Gamazaychikov's estimate: one ARC-AGI task ≈ 1,785 kWh ≈ 684 kgCO2e
        // (impact-data.md §2 frontier task). The estimate names no grid; its implied intensity is
        // 684 kg / 1,785 kWh = 0.3832 kg/kWh ≈ 383 g/kWh. It states no boundary either: we take the
        // 1,785 kWh as facility energy (PUE 1), as the published CO2e does not add an overhead on top.
        double taskWh = Presets.kind("frontier-task").orElseThrow().energyWh().central();
        Impacts implied = ImpactModel.impacts(1, Range.of(taskWh), 1.0, ONE, ZERO, ZERO, Range.of(383), ZERO);
        // By hand: 1,785 kWh × 0.383 = 683.7 kg. Tolerance ±2 %.
        assertThat(implied.co2eKg().central()).isCloseTo(684, withinPercentage(2));

        // With a preset instead of the implied intensity: US-Virginia (central 380 g/kWh, impact-data.md §4):
        // 1,785 × 0.380 = 678.3 kg, −0.8 %, within ±2 %. (The USA average, 369 g/kWh, gives 658.7 kg, −3.7 %.)
        Impacts virginia = ImpactModel.impacts(1, Range.of(taskWh), 1.0, ONE, ZERO, ZERO,
                Presets.region("US-VA").orElseThrow().carbonGPerKwh(), ZERO);
        assertThat(virginia.co2eKg().central()).isCloseTo(684, withinPercentage(2));
        assertThat(taskWh / WH_PER_KWH).isEqualTo(1_785);
    }

    @Test
    @DisplayName("an image costs ≈ 60× a text answer with Luccioni's pair, 0.047 vs 2.9 kWh per 1,000 (±5 %)")
    void imageVersusText() {
        // Source: Luccioni, Jernite, Strubell 2024 "Power Hungry Processing" via the seed ("60 times") and
        // impact-data.md §2: 0.047 kWh per 1,000 text generations, 2.9 kWh per 1,000 images.
        // By hand: 2.9 / 0.047 = 61.7, 2.8 % above 60. Tolerance ±5 %. Same data centre, so PUE cancels.
        Range pue = Range.of(1.1);
        Impacts text = ImpactModel.impacts(1_000, Range.of(0.047), 1.0, pue, ZERO, ZERO, ZERO, ZERO);
        Impacts image = ImpactModel.impacts(1_000, Range.of(2.9), 1.0, pue, ZERO, ZERO, ZERO, ZERO);
        assertThat(image.facilityEnergyKwh().central() / text.facilityEnergyKwh().central()).isCloseTo(60, withinPercentage(5));
        // Our central presets (image 2.9 Wh, text 0.25 Wh) give 11.6×: the text preset describes today's
        // chat answers (Gemini, GPT-4o, impact-data.md §2), not Luccioni's small task-specific text models.
        double presetRatio = Presets.kind("image").orElseThrow().energyWh().central() / Presets.kind("text").orElseThrow().energyWh().central();
        assertThat(presetRatio).isCloseTo(11.6, withinPercentage(0.1));
    }

    @Test
    @DisplayName("ChatGPT in January 2023 ≈ 10,113 tCO2e in a month, with stated assumptions (±1 %)")
    void chatGptJanuary2023() {
        // Source: Data for Good white paper "IA générative" (July 2023) via the seed: ChatGPT (GPT-3), January
        // 2023, 10,113 tCO2e in one month (impact-data.md §6). The seed gives the total only, not the white
        // paper's assumptions, and impact-data.md has no request count for that month. So:
        //  - energy per request 4 Wh, IT: the seed's GPT-3 request (Brown et al. 2020), impact-data.md §2 text high;
        //  - PUE 1.17: the US-average PUE of impact-data.md §6 (Li et al.; Microsoft 1.17, §3);
        //  - carbon intensity 0.429 kg/kWh: the US intensity implied by the seed's own GPT-3 figure
        //    (552 t / 1,287 MWh, impact-data.md §4 seed cross-checks);
        //  - requests: 5.0 billion in the month (≈161 M a day). NOT SOURCED: back-solved from the total under
        //    the three assumptions above (10,113 t / (4 Wh × 1.17 × 0.429 kg/kWh) = 5.04 billion) and rounded.
        // This test therefore shows that the published total is consistent with sourced per-request
        // coefficients and about 5 billion requests that month; it does not reproduce the white paper.
        // By hand: 5e9 × 4 Wh = 20 GWh IT; × 1.17 = 23.4 GWh facility; × 0.429 = 10,038.6 t (−0.7 %). Tolerance ±1 %.
        long requests = 5_000_000_000L;
        Impacts month = ImpactModel.impacts(requests, Range.of(4), 1.0, Range.of(1.17), ZERO, ZERO, Range.of(429), ZERO);
        assertThat(month.facilityEnergyKwh().central() / 1e6).isCloseTo(23.4, withinPercentage(0.01));
        assertThat(month.co2eKg().central() / 1000).isCloseTo(10_113, withinPercentage(1));

        // The back-solved volume is an order of magnitude below the ≈2.5 billion prompts a day of mid-2025
        // (impact-data.md §6, OpenAI, S): 161 M / 2,500 M = 6.5 %.
        assertThat(requests / 31.0 / 2.5e9).isCloseTo(0.065, withinPercentage(1));

        // With our US preset (369 g/kWh) and the hyperscale PUE (1.10, impact-data.md §3) instead:
        // 20 GWh × 1.10 × 0.369 = 8,118 t, −20 %.
        Impacts presets = ImpactModel.impacts(requests, Range.of(4), 1.0, Range.of(1.10), ZERO, ZERO,
                Presets.region("US").orElseThrow().carbonGPerKwh(), ZERO);
        assertThat(presets.co2eKg().central() / 1000).isCloseTo(8_118, withinPercentage(0.1));
    }
}
