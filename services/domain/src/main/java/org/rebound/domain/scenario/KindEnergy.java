package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.util.List;
import java.util.Set;
import org.rebound.domain.Range;
import org.rebound.domain.impact.GenerativeEnergy;
import org.rebound.domain.impact.LlmEnergy;
import org.rebound.domain.presets.GenerativePreset;
import org.rebound.domain.presets.ModelPreset;
import org.rebound.domain.presets.Presets;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a kind's energy when it is given by what the request does rather than by a number:
 * {@code model} + {@code tokens} (an LLM), {@code image} or {@code video} (docs/scenarios.md,
 * "Kinds from models and tokens"). Problems go to {@link YamlNodes}; the energy is null then.
 */
final class KindEnergy {

    /** The keys that each say what a kind's energy is; a kind gives at most one of them. */
    static final List<String> SOURCES = List.of("energy_wh", "model", "image", "video");

    private static final List<String> MODEL = List.of("active_parameters_b", "total_parameters_b");
    private static final List<String> TOKENS = List.of("input", "output", "reasoning");
    private static final List<String> IMAGE = List.of("steps", "megapixels");
    private static final List<String> VIDEO = List.of("seconds", "megapixels", "fps");

    /** An energy with the text that says where it comes from. */
    record Derived(Range energyWh, String source) {}

    private final YamlNodes y;

    KindEnergy(YamlNodes y) {
        this.y = y;
    }

    /** Which of energy_wh, model, image, video the kind gives; null after reporting more than one. */
    String given(YamlNodes.Fields f) {
        List<String> given = SOURCES.stream().filter(key -> f.get(key) != null).toList();
        if (given.size() > 1) {
            // reported at the one written second, where the reader added it
            List<String> inFile = given.stream()
                    .sorted(java.util.Comparator.comparingInt(key -> YamlNodes.line(f.get(key))))
                    .toList();
            String second = inFile.get(1);
            y.problem(f.get(second), f.path(second), say("kind.sources", "first", inFile.get(0), "second", second));
            return null;
        }
        if (f.get("tokens") != null && !given.contains("model")) {
            y.problem(f.get("tokens"), f.path("tokens"), say("kind.tokens.withoutModel"));
            return null;
        }
        return given.isEmpty() ? "" : given.get(0);
    }

    Derived llm(YamlNodes.Fields f) {
        Node tokensNode = f.get("tokens");
        if (tokensNode == null) {
            y.problem(
                    f.node(),
                    f.path("model").substring(0, f.path("model").lastIndexOf('.')),
                    say("kind.tokens.missing"));
        }
        Named model = model(f.get("model"), f.path("model"));
        LlmEnergy.Tokens tokens = tokensNode == null ? null : tokens(tokensNode, f.path("tokens"));
        if (model == null || tokens == null) {
            return null;
        }
        return new Derived(
                LlmEnergy.requestWh(model.model(), tokens),
                "LLM " + model.name() + " (" + model.source() + "); tokens per request: input "
                        + show(tokens.input()) + ", output " + show(tokens.output()) + ", reasoning "
                        + show(tokens.reasoning())
                        + "; IT energy by EcoLogits' methodology (impact-data.md §2; docs/impact-model.md, \"Energy from models and tokens\")");
    }

    Derived image(YamlNodes.Fields f) {
        YamlNodes.Fields g = y.fields(f.get("image"), f.path("image"), IMAGE, Set.of());
        if (g == null) {
            return null;
        }
        Range steps = positive(g, "steps", "image.steps");
        Range megapixels = positive(g, "megapixels", "image.megapixels");
        if (steps == null || megapixels == null) {
            return null;
        }
        GenerativePreset anchor = Presets.image();
        return new Derived(
                GenerativeEnergy.imageWh(anchor.anchor(), steps, megapixels),
                "image: " + show(steps) + " steps × " + show(megapixels) + " megapixels, scaled from "
                        + anchor.source());
    }

    Derived video(YamlNodes.Fields f) {
        YamlNodes.Fields g = y.fields(f.get("video"), f.path("video"), VIDEO, Set.of());
        if (g == null) {
            return null;
        }
        Range seconds = positive(g, "seconds", "video.seconds");
        Range megapixels = positive(g, "megapixels", "video.megapixels");
        Range fps = positive(g, "fps", "video.fps");
        if (seconds == null || megapixels == null || fps == null) {
            return null;
        }
        GenerativePreset anchor = Presets.video();
        return new Derived(
                GenerativeEnergy.videoWh(anchor.anchor(), seconds, megapixels, fps),
                "video: " + show(seconds) + " s × " + show(megapixels) + " megapixels × " + show(fps)
                        + " fps, scaled from " + anchor.source());
    }

    private record Named(String name, LlmEnergy.Model model, String source) {}

    /** {@code llm-70b} (a preset class) or {@code {active_parameters_b, total_parameters_b}}. */
    private Named model(Node node, String path) {
        String models = String.join(", ", Presets.models().keySet());
        if (node instanceof ScalarNode scalar && !YamlNodes.isNull(scalar)) {
            ModelPreset preset = Presets.model(scalar.getValue()).orElse(null);
            if (preset == null) {
                y.problem(
                        node,
                        path,
                        say(
                                "model.expected",
                                "models",
                                models,
                                "found",
                                YamlNodes.describe(node),
                                "suggestion",
                                YamlNodes.didYouMean(
                                        scalar.getValue(), Presets.models().keySet())));
                return null;
            }
            return new Named(preset.name(), preset.model(), preset.source());
        }
        if (!(node instanceof MappingNode)) {
            y.problem(
                    node,
                    path,
                    say(
                            "model.expected",
                            "models",
                            models,
                            "found",
                            YamlNodes.describe(node),
                            "suggestion",
                            ProblemText.literal("")));
            return null;
        }
        YamlNodes.Fields f = y.fields(node, path, MODEL, Set.of());
        if (f == null || f.required("active_parameters_b") == null) {
            return null;
        }
        double active = parameters(f, "active_parameters_b");
        // a dense model uses every parameter for every token: total defaults to active
        double total = f.get("total_parameters_b") == null ? active : parameters(f, "total_parameters_b");
        if (Double.isNaN(active) || Double.isNaN(total)) {
            return null;
        }
        if (active > total) {
            y.problem(
                    f.get("active_parameters_b"),
                    f.path("active_parameters_b"),
                    say("model.active", "total", total, "active", active));
            return null;
        }
        return new Named(
                "of " + show(Range.of(active)) + " B active / " + show(Range.of(total)) + " B total parameters",
                new LlmEnergy.Model(active, total),
                "sizes given by the scenario");
    }

    private double parameters(YamlNodes.Fields f, String key) {
        double value = y.number(f.get(key), f.path(key));
        if (!Double.isNaN(value) && !(value > 0 && value <= 1e5)) {
            y.problem(f.get(key), f.path(key), say("model.parameters", "found", value));
            return Double.NaN;
        }
        return value;
    }

    private LlmEnergy.Tokens tokens(Node node, String path) {
        YamlNodes.Fields f = y.fields(node, path, TOKENS, Set.of());
        if (f == null) {
            return null;
        }
        Range input = f.get("input") == null ? Range.ZERO : count(f, "input");
        Range output = f.required("output") == null ? null : count(f, "output");
        Range reasoning = f.get("reasoning") == null ? Range.ZERO : count(f, "reasoning");
        if (input == null || output == null || reasoning == null) {
            return null;
        }
        return new LlmEnergy.Tokens(input, output, reasoning);
    }

    private Range count(YamlNodes.Fields f, String key) {
        Range range = y.range(f.get(key), f.path(key));
        if (range != null && !(range.low() >= 0 && range.high() <= 1e9)) {
            y.problem(
                    f.get(key),
                    f.path(key),
                    say("tokens.count", "found", range.low() < 0 ? range.low() : range.high()));
            return null;
        }
        return range;
    }

    /** {@code expected}: the sentence (a key of the problems bundle) that says what was expected. */
    private Range positive(YamlNodes.Fields f, String key, String expected) {
        if (f.required(key) == null) {
            return null;
        }
        Range range = y.range(f.get(key), f.path(key));
        if (range != null && !(range.low() > 0)) {
            y.problem(f.get(key), f.path(key), say(expected, "found", range.low()));
            return null;
        }
        return range;
    }

    private static String show(Range range) {
        return range.low() == range.high()
                ? number(range.central())
                : number(range.low()) + "-" + number(range.high()) + " (central " + number(range.central()) + ")";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
