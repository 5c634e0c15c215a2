package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;

/**
 * The LLM energy model against hand computations from EcoLogits' published constants
 * (impact-data.md §2): α = 1.1665273e-6, β = −1.1205921e-2, γ = 4.0529281e-5, B = 64; latency
 * 6.785088e-4·P + 3.119310e-4·B + 1.947372e-2 s per token; pre-fill 0.062 ms × P / 7.3 per input
 * token + 17.88 ms; host 1.2 kW per 8 GPUs. The arithmetic is written out in each test.
 */
class LlmEnergyTest {

    // e^(−1.1205921e-2 × 64) = e^(−0.7171789) = 0.4881273 (computed once, by hand, with a calculator)
    private static final double BATCH_TERM = 0.4881273;

    private static final LlmEnergy.Model DENSE_70B = new LlmEnergy.Model(70, 70);
    private static final LlmEnergy.Model DENSE_8B = new LlmEnergy.Model(8, 8);

    @Test
    @DisplayName("GPUs come from total parameters: 16-bit weights + 20 %, 80 GB each, rounded up to a power of two")
    void gpusFromTotalParameters() {
        // 8B: 1.2 × 8 × 2 = 19.2 GB → 1 GPU; 70B: 168 GB → 3 → 4; 235B: 564 GB → 8; 405B: 972 GB → 13 → 16
        assertThat(LlmEnergy.gpus(8)).isEqualTo(1);
        assertThat(LlmEnergy.gpus(70)).isEqualTo(4);
        assertThat(LlmEnergy.gpus(235)).isEqualTo(8);
        assertThat(LlmEnergy.gpus(405)).isEqualTo(16);
    }

    @Test
    @DisplayName("a 70B dense model, 400 tokens in and 500 out: 0.2746 Wh IT central, 0.1936 low, 0.3544 high")
    void seventyBillionFiveHundredTokens() {
        // GPU energy per token per GPU: 1.1665273e-6 × 0.4881273 × 70 + 4.0529281e-5 = 3.98589e-5 + 4.05293e-5 =
        // 8.03883e-5 Wh
        double perToken = 1.1665273e-6 * BATCH_TERM * 70 + 4.0529281e-5;
        assertThat(perToken).isCloseTo(8.03883e-5, within(1e-9));
        double gpuWh = 4 * 500 * perToken; // 4 GPUs: 0.160777 Wh
        // decoding: 500 × (6.785088e-4 × 70 + 3.119310e-4 × 64 + 1.947372e-2) = 500 × 0.0869328 = 43.4664 s
        double decodeS = 500 * (6.785088e-4 * 70 + 3.119310e-4 * 64 + 1.947372e-2);
        // pre-fill: 0.062e-3 × 70 / 7.3 × 400 + 0.01788 = 0.237808 + 0.01788 = 0.255688 s
        double prefillS = 0.062e-3 * 70 / 7.3 * 400 + 0.01788;
        // host: 1,200 W × 4/8 GPUs / 64 requests = 9.375 W per request while it runs
        double hostW = 1200.0 * 4 / 8 / 64;
        double central = gpuWh + (decodeS + prefillS) / 3600 * hostW; // 0.160777 + 0.113194 + 0.000666
        double low = 1.2 * gpuWh + prefillS / 3600 * hostW;
        double high = 2.2 * gpuWh + prefillS / 3600 * hostW;

        Range wh = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 500, 0));

        assertThat(central).isCloseTo(0.27464, within(1e-4));
        assertThat(wh.central()).isCloseTo(central, within(1e-6));
        assertThat(wh.low()).isCloseTo(low, within(1e-6));
        assertThat(wh.high()).isCloseTo(high, within(1e-6));
        // the independent checks (impact-data.md §9: Google 0.24 Wh facility, Epoch AI ≈0.3 Wh, Mistral Large 2)
        assertThat(wh.low()).isGreaterThan(0.1);
        assertThat(wh.high()).isLessThan(3);
    }

    @Test
    @DisplayName("doubling the output tokens of a 70B chat answer multiplies its energy by 1.5 to 2.05 (here ≈2.0)")
    void doublingOutputTokens() {
        Range once = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 500, 0));
        Range twice = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 1000, 0));
        double ratio = twice.central() / once.central();
        // by hand: (2 × 0.160777 + 2 × 0.113194 + 0.000666) / 0.274636 = 0.548608 / 0.274636 = 1.99758
        assertThat(ratio).isBetween(1.5, 2.05).isCloseTo(1.99758, within(1e-4));
        assertThat(twice.low() / once.low()).isBetween(1.5, 2.05);
        assertThat(twice.high() / once.high()).isBetween(1.5, 2.05);
    }

    @Test
    @DisplayName("a 70B answer costs more than an 8B answer of the same tokens (≈7.4×: the seed's frugal AI, 5–40×)")
    void largerModelCostsMore() {
        Range big = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 500, 0));
        Range small = LlmEnergy.requestWh(DENSE_8B, LlmEnergy.Tokens.of(400, 500, 0));
        // 8B by hand: per token 1.1665273e-6 × 0.4881273 × 8 + 4.0529281e-5 = 4.50845e-5 Wh, 1 GPU → 0.0225423 Wh;
        // decoding 500 × (0.00542807 + 0.01996358 + 0.01947372) = 22.4327 s; pre-fill 0.062e-3 × 8 / 7.3 × 400 +
        // 0.01788 = 0.0450580 s;
        // host 1,200 / 8 / 64 = 2.34375 W → (22.4327 + 0.045058) / 3600 × 2.34375 = 0.0146340 Wh; total 0.0371763 Wh
        double smallCentral = 500 * (1.1665273e-6 * BATCH_TERM * 8 + 4.0529281e-5)
                + (500 * (6.785088e-4 * 8 + 3.119310e-4 * 64 + 1.947372e-2) + 0.062e-3 * 8 / 7.3 * 400 + 0.01788)
                        / 3600
                        * (1200.0 / 8 / 64);
        assertThat(small.central()).isCloseTo(smallCentral, within(1e-7)).isCloseTo(0.03718, within(1e-4));
        assertThat(big.central()).isGreaterThan(small.central());
        assertThat(big.central() / small.central()).isBetween(5.0, 40.0);
    }

    @Test
    @DisplayName("reasoning tokens are generated like output: 2,000 unseen tokens on a 500-token answer ≈5× its energy")
    void reasoningTokensMultiply() {
        Range plain = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 500, 0));
        Range thinking = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 500, 2000));
        Range sameTokensShown = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 2500, 0));
        assertThat(thinking).isEqualTo(sameTokensShown);
        // 2,500 generated tokens: 5 × (0.160777 + 0.113194) + 0.000666 = 1.370518 Wh, over 0.274636 = 4.990
        assertThat(thinking.central() / plain.central()).isCloseTo(4.990, within(2e-3));
    }

    @Test
    @DisplayName("input tokens add pre-fill time (the host's share), never GPU energy per EcoLogits")
    void inputTokensAddPrefill() {
        Range shortPrompt = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(0, 500, 0));
        Range longPrompt = LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(10_000, 500, 0));
        // 10,000 input tokens: 0.062e-3 × 70 / 7.3 × 10,000 = 5.94521 s more at 9.375 W = 0.0154823 Wh
        assertThat(longPrompt.central() - shortPrompt.central()).isCloseTo(5.94521 / 3600 * 9.375, within(1e-7));
    }

    @Test
    @DisplayName("a mixture of experts pays for its active parameters per token and for its total parameters in GPUs")
    void mixtureOfExperts() {
        LlmEnergy.Model moe = new LlmEnergy.Model(22, 235);
        LlmEnergy.Model dense22 = new LlmEnergy.Model(22, 22);
        Range sparse = LlmEnergy.requestWh(moe, LlmEnergy.Tokens.of(0, 500, 0));
        Range dense = LlmEnergy.requestWh(dense22, LlmEnergy.Tokens.of(0, 500, 0));
        // same active parameters, so the same energy and time per token per GPU; 235 B total needs 8 GPUs
        // (1.2 × 235 × 2 = 564 GB) where 22 B fits on 1 (52.8 GB): every term, pre-fill included, × 8
        assertThat(sparse.central()).isCloseTo(8 * dense.central(), within(1e-12));
        assertThat(sparse.low()).isCloseTo(8 * dense.low(), within(1e-12));
    }

    @Test
    @DisplayName("token ranges go low with low and high with high")
    void tokenRanges() {
        Range ranged = LlmEnergy.requestWh(
                DENSE_70B, new LlmEnergy.Tokens(Range.of(400), new Range(200, 500, 2000), Range.ZERO));
        assertThat(ranged.low())
                .isEqualTo(LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 200, 0))
                        .low());
        assertThat(ranged.central())
                .isEqualTo(LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 500, 0))
                        .central());
        assertThat(ranged.high())
                .isEqualTo(LlmEnergy.requestWh(DENSE_70B, LlmEnergy.Tokens.of(400, 2000, 0))
                        .high());
    }

    @Test
    @DisplayName("an image and a clip scale linearly from their anchor's reference work")
    void generativeScaling() {
        GenerativeEnergy.Anchor image = new GenerativeEnergy.Anchor(new Range(0.13, 2.9, 11.5), 50 * 1.048576);
        // 25 steps at 0.5 megapixels: 12.5 / 52.4288 of the anchor: 2.9 × 0.238419 = 0.691415 Wh
        Range half = GenerativeEnergy.imageWh(image, Range.of(25), Range.of(0.5));
        assertThat(half.central()).isCloseTo(2.9 * 12.5 / 52.4288, within(1e-9));
        GenerativeEnergy.Anchor video = new GenerativeEnergy.Anchor(new Range(21, 205, 944), 5 * 1.04448 * 16);
        // 10 s at 24 fps, same frame: 240 / 80 frames = 3 × 205 = 615 Wh
        assertThat(GenerativeEnergy.videoWh(video, Range.of(10), Range.of(1.04448), Range.of(24))
                        .central())
                .isCloseTo(615, within(1e-9));
    }
}
