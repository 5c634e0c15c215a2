package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rebound.domain.Range;
import org.rebound.domain.impact.LlmEnergy;

/**
 * Kinds that give {@code model} and {@code tokens}, {@code image} or {@code video} instead of
 * {@code energy_wh}: what they read to, the located problems of bad input, and live changes.
 */
@DisplayName("kinds from models and tokens")
class KindsFromModelsTest {

    /** Line numbers on the right are what the assertions below rely on. */
    static final String BASE = """
            name: models
            title: Models and tokens
            clock:
              start: 2025-03-01T00:00:00Z
              end: 2025-03-08T00:00:00Z
              tick: 1h
            regions:
              FR: {}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.1, wue_l_per_kwh: 0.55, share: 1}
            kinds:
              chat:
                model: llm-70b
                tokens: {input: 400, output: 500, reasoning: 0}
              custom:
                model: {active_parameters_b: 22, total_parameters_b: 235}
                tokens: {output: {low: 200, central: 500, high: 2000}}
              picture:
                image: {steps: 30, megapixels: 1.0}
              clip:
                video: {seconds: 5, megapixels: 0.9, fps: 24}
            workload:
              requests_per_day: 1000
              mix: {chat: 0.7, custom: 0.1, picture: 0.1, clip: 0.1}
            """;
    // lines: 12 chat, 13 model, 14 tokens, 15 custom, 16 model, 17 tokens, 18 picture, 19 image, 20 clip, 21 video

    private static String base(String... replacements) {
        String yaml = BASE;
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(yaml).as("test setup").contains(replacements[i]);
            yaml = yaml.replace(replacements[i], replacements[i + 1]);
        }
        return yaml;
    }

    private static List<String> problems(String yaml) {
        try {
            ScenarioLoader.parse(yaml, "s.yaml");
        } catch (ScenarioException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the scenario to be rejected");
    }

    @Test
    @DisplayName("a preset class and tokens give the EcoLogits energy of that size; sizes may be given directly")
    void readsModelsAndTokens() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");

        // llm-70b is 70 B active and total (presets.yaml); the arithmetic itself is LlmEnergyTest's
        assertThat(s.kinds().get("chat").energyWh())
                .isEqualTo(LlmEnergy.requestWh(new LlmEnergy.Model(70, 70), LlmEnergy.Tokens.of(400, 500, 0)));
        assertThat(s.kinds().get("chat").energyWh().central()).isCloseTo(0.27464, within(1e-4));
        assertThat(s.kinds().get("chat").source())
                .contains("llm-70b")
                .contains("Llama 3.1 70B")
                .contains("output 500");
        assertThat(s.kinds().get("chat").energyFactor()).isEqualTo(1.0);
        // input and reasoning default to 0; the output range goes low with low, high with high
        assertThat(s.kinds().get("custom").energyWh())
                .isEqualTo(LlmEnergy.requestWh(
                        new LlmEnergy.Model(22, 235),
                        new LlmEnergy.Tokens(Range.ZERO, new Range(200, 500, 2000), Range.ZERO)));
    }

    @Test
    @DisplayName(
            "an image scales the image anchor by steps × megapixels, a clip the video anchor by seconds × megapixels × fps")
    void readsImageAndVideo() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        // image anchor: 0.13 / 2.9 / 11.5 Wh at 50 steps × 1.048576 MP; here 30 × 1.0 = 30 of 52.4288
        double imageShare = 30 * 1.0 / (50 * 1.048576);
        assertThat(s.kinds().get("picture").energyWh().central()).isCloseTo(2.9 * imageShare, within(1e-9));
        assertThat(s.kinds().get("picture").energyWh().low()).isCloseTo(0.13 * imageShare, within(1e-9));
        assertThat(s.kinds().get("picture").energyWh().high()).isCloseTo(11.5 * imageShare, within(1e-9));
        // video anchor: 21 / 205 / 944 Wh at 5 s × 1.04448 MP × 16 fps; here 5 × 0.9 × 24 = 108 of 83.55840
        double clipShare = 5 * 0.9 * 24 / (5 * 1.04448 * 16);
        assertThat(s.kinds().get("clip").energyWh().central()).isCloseTo(205 * clipShare, within(1e-9));
        assertThat(s.kinds().get("clip").source()).contains("CogVideoX1.5");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tokens: {input: 400, output: 500, reasoning: 0} | tokens: {input: 400, output: -5, reasoning: 0} | s.yaml:14: kinds.chat.tokens.output: expected a number of tokens per request from 0 to 1e9, found -5.0",
                "tokens: {input: 400, output: 500, reasoning: 0} | tokens: {input: 400, output: 500, reasoning: {low: -1, central: 0, high: 2}} | s.yaml:14: kinds.chat.tokens.reasoning: expected a number of tokens per request from 0 to 1e9, found -1.0",
                "{active_parameters_b: 22, total_parameters_b: 235} | {active_parameters_b: 400, total_parameters_b: 235} | s.yaml:16: kinds.custom.model.active_parameters_b: expected active parameters <= total parameters (235.0 billion), found 400.0 billion",
                "model: llm-70b | model: llm-8 | s.yaml:13: kinds.chat.model: expected a model class (llm-8b, llm-70b, llm-moe-235b) or {active_parameters_b, total_parameters_b}, found 'llm-8' (did you mean 'llm-8b'?)",
                "model: llm-70b | model: [70] | s.yaml:13: kinds.chat.model: expected a model class (llm-8b, llm-70b, llm-moe-235b) or {active_parameters_b, total_parameters_b}, found a list",
                "model: llm-70b | 'energy_wh: 0.3\n    model: llm-70b' | s.yaml:14: kinds.chat.model: expected one of energy_wh, model, image or video per kind, found both energy_wh and model",
                "image: {steps: 30, megapixels: 1.0} | 'model: llm-8b\n    image: {steps: 30, megapixels: 1.0}' | s.yaml:20: kinds.picture.image: expected one of energy_wh, model, image or video per kind, found both model and image",
                "tokens: {input: 400, output: 500, reasoning: 0} | 'tokens: {input: 400, output: 500, reasoning: 0}\n    effort: high' | s.yaml:15: kinds.chat.effort: unknown key 'effort'",
                "tokens: {input: 400, output: 500, reasoning: 0} | tokens: {input: 400, ouput: 500} | s.yaml:14: kinds.chat.tokens.ouput: unknown key 'ouput' (did you mean 'output'?)",
                "image: {steps: 30, megapixels: 1.0} | 'image: {steps: 30, megapixels: 1.0}\n    tokens: {output: 5}' | s.yaml:20: kinds.picture.tokens: expected tokens only with a model",
                "image: {steps: 30, megapixels: 1.0} | image: {steps: 0, megapixels: 1.0} | s.yaml:19: kinds.picture.image.steps: expected a number of denoising steps > 0, found 0.0",
                "video: {seconds: 5, megapixels: 0.9, fps: 24} | video: {seconds: 5, megapixels: 0.9} | s.yaml:21: kinds.clip.video: missing required key 'fps'",
            })
    @DisplayName("bad input is a located problem")
    void locatedProblems(String from, String to, String expected) {
        assertThat(problems(base(from, to.replace("\\n", "\n"))))
                .anySatisfy(p -> assertThat(p).startsWith(expected));
    }

    @Test
    @DisplayName("a model without tokens says what it misses")
    void modelWithoutTokens() {
        assertThat(problems(base("    tokens: {input: 400, output: 500, reasoning: 0}\n", "")))
                .containsExactly(
                        "s.yaml:13: kinds.chat: missing required key 'tokens' (a kind with a model gives its tokens per request: {input, output, reasoning})");
    }

    @Test
    @DisplayName(
            "a timeline change of tokens.output changes the kind's energy from then on, and only the energy of that kind")
    void timelineChangesTokens() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE + """
                timeline:
                  - at: 2025-03-03T00:00:00Z
                    set: {kinds.chat.tokens.output: 1000}
                  - at: 2025-03-05T00:00:00Z
                    set: {kinds.chat.tokens.reasoning: 2000, kinds.custom.model: llm-8b}
                """, "s.yaml");
        Range before = s.kinds().get("chat").energyWh();
        Range doubled = s.timeline().get(0).state().kinds().get("chat").energyWh();
        assertThat(doubled.central() / before.central()).isBetween(1.5, 2.05);
        assertThat(doubled)
                .isEqualTo(LlmEnergy.requestWh(new LlmEnergy.Model(70, 70), LlmEnergy.Tokens.of(400, 1000, 0)));
        assertThat(s.timeline().get(0).state().kinds().get("picture"))
                .isEqualTo(s.kinds().get("picture"));
        Scenario later = s.timeline().get(1).state();
        assertThat(later.kinds().get("chat").energyWh())
                .isEqualTo(LlmEnergy.requestWh(new LlmEnergy.Model(70, 70), LlmEnergy.Tokens.of(400, 1000, 2000)));
        assertThat(later.kinds().get("custom").energyWh())
                .isEqualTo(LlmEnergy.requestWh(
                        new LlmEnergy.Model(8, 8),
                        new LlmEnergy.Tokens(Range.ZERO, new Range(200, 500, 2000), Range.ZERO)));
    }

    @Test
    @DisplayName(
            "live changes (./rebound set) of tokens.output, tokens.reasoning and the model class go through stateAfter")
    void liveChanges() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        Instant at = Instant.parse("2025-03-02T00:00:00Z");
        Scenario after = ScenarioLoader.stateAfter(
                s.text(),
                List.of(
                        new ScenarioChange(at, Map.of("kinds.chat.tokens.output", "1000"), "", "live change"),
                        new ScenarioChange(
                                at.plusSeconds(3600),
                                Map.of(
                                        "kinds.chat.tokens.reasoning",
                                        "{low: 0, central: 1000, high: 4000}",
                                        "kinds.chat.model",
                                        "llm-8b"),
                                "",
                                "live change")),
                true);
        assertThat(after.kinds().get("chat").energyWh())
                .isEqualTo(LlmEnergy.requestWh(
                        new LlmEnergy.Model(8, 8),
                        new LlmEnergy.Tokens(Range.of(400), Range.of(1000), new Range(0, 1000, 4000))));

        assertThatThrownBy(() -> ScenarioLoader.stateAfter(
                        s.text(),
                        List.of(new ScenarioChange(at, Map.of("kinds.chat.tokens.output", "-1"), "", "live change")),
                        true))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(
                        "live change: kinds.chat.tokens.output: expected a number of tokens per request from 0 to 1e9, found -1.0");
        assertThatThrownBy(() -> ScenarioLoader.stateAfter(
                        s.text(),
                        List.of(new ScenarioChange(at, Map.of("kinds.chat.model", "llm-8"), "", "live change")),
                        true))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("live change: kinds.chat.model: expected a model class")
                .hasMessageContaining("(did you mean 'llm-8b'?)");
    }

    @Test
    @DisplayName("changes of model and tokens are efficiency changes: a baseline leaves them out")
    void modelAndTokenChangesAreEfficiencyPaths() {
        assertThat(Baseline.isEfficiencyPath("kinds.chat.tokens.output")).isTrue();
        assertThat(Baseline.isEfficiencyPath("kinds.chat.tokens")).isTrue();
        assertThat(Baseline.isEfficiencyPath("kinds.chat.model")).isTrue();
        assertThat(Baseline.isEfficiencyPath("kinds.clip.video.seconds")).isTrue();
        assertThat(Baseline.isEfficiencyPath("kinds.chat.source")).isFalse();
        assertThat(Baseline.isEfficiencyPath("workload.mix.chat")).isFalse();
    }
}
