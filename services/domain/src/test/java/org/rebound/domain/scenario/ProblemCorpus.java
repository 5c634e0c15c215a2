package org.rebound.domain.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wrong scenario files, wrong {@code --set} overrides and wrong live changes, at least one for
 * every kind of problem the loader reports: what {@link ProblemMessagesTest} renders in each
 * language. Each case is {@link ScenarioValidationTest#BASE} with texts replaced.
 */
final class ProblemCorpus {

    /** One way of getting a scenario wrong, and the problems it yields. */
    record Case(String name, Run run) {}

    interface Run {
        List<Problem> problems(Path tmp) throws Exception;
    }

    private ProblemCorpus() {}

    private static final String CHAT = "  chat:\n    model: llm-8b\n    tokens: {input: 400, output: 500}\n";

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // YamlNodes: structure and types
        file(cases, "missing key", "  tick: 1h\n", "");
        file(
                cases,
                "not a mapping",
                "clock:\n  start: 2025-03-01T00:00:00Z\n  end: 2025-03-08T00:00:00Z\n  tick: 1h\n",
                "clock: [1, 2]\n");
        file(
                cases,
                "empty mapping value",
                "clock:\n  start: 2025-03-01T00:00:00Z\n  end: 2025-03-08T00:00:00Z\n  tick: 1h\n",
                "clock:\n");
        file(cases, "duplicate key", "  tick: 1h\n", "  tick: 1h\n  tick: 2h\n");
        file(cases, "unknown key with suggestion", "  tick: 1h\n", "  tik: 1h\n");
        file(cases, "unknown key without suggestion", "name: demo\n", "name: demo\nzzzzzzzzzz: 1\n");
        file(cases, "key not plain", "name: demo\n", "name: demo\n? [a, b]\n: 1\n");
        file(cases, "text expected", "    source: \"Google 2025 median prompt\"\n", "    source: [a, b]\n");
        file(cases, "number expected (word)", "    pue: 1.1\n", "    pue: abc\n");
        file(cases, "number expected (quoted)", "    pue: 1.1\n", "    pue: \"1.1\"\n");
        file(cases, "number expected (empty)", "    pue: 1.1\n", "    pue:\n");
        file(cases, "number expected (NaN)", "    pue: 1.1\n", "    pue: .nan\n");
        file(cases, "integer expected", "name: demo\n", "name: demo\nseed: 1.5\n");
        file(cases, "range order", "    pue: 1.1\n", "    pue: {low: 1.3, central: 1.1, high: 1.2}\n");
        file(cases, "range missing", "    pue: 1.1\n", "    pue: {low: 1.0, high: 1.2}\n");
        file(cases, "instant", "  start: 2025-03-01T00:00:00Z\n", "  start: yesterday\n");
        file(cases, "duration", "  tick: 1h\n", "  tick: 1 hour\n");
        file(cases, "long text", "  tick: 1h\n", "  tick: \"" + "a".repeat(50) + "\"\n");
        file(
                cases,
                "profile count",
                "  weekly_profile: [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5]\n",
                "  weekly_profile: [1, 1]\n");
        file(
                cases,
                "profile negative",
                "  weekly_profile: [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5]\n",
                "  weekly_profile: [1.2, 1.2, 1.2, 1.2, 1.2, 1.5, -0.5]\n");
        file(
                cases,
                "profile mean",
                "  weekly_profile: [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5]\n",
                "  weekly_profile: [1, 1, 1, 1, 1, 1, 2]\n");
        file(cases, "profile name", "  daily_profile: office\n", "  daily_profile: nightly\n");
        file(cases, "profile mapping", "  daily_profile: office\n", "  daily_profile: {a: 1}\n");
        file(cases, "custom tags", "name: demo\n", "name: demo\nseed: !!java.lang.Runtime 1\n");
        file(cases, "custom local tag", "    pue: 1.1\n", "    pue: !custom 1.1\n");
        // the file as a whole
        raw(cases, "not valid YAML", "name: [demo\n");
        raw(cases, "empty", "");
        raw(cases, "top not a mapping", "- a\n- b\n");
        raw(cases, "too many aliases", "a: &a [x]\nb: [" + "*a, ".repeat(60) + "*a]\n");
        cases.add(new Case("too large", tmp -> parse("#".repeat(ScenarioLoader.MAX_CODE_POINTS + 1))));
        cases.add(new Case("directory", tmp -> load(tmp)));
        cases.add(new Case("no such file", tmp -> load(tmp.resolve("absent.yaml"))));
        cases.add(new Case("not UTF-8", tmp -> {
            Path file = tmp.resolve("latin1.yaml");
            Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
            return load(file);
        }));
        // top level
        file(cases, "name", "name: demo\n", "name: Demo!\n");
        file(cases, "title blank", "title: \"Rebound in one week\"\n", "title: \" \"\n");
        file(cases, "title lines", "title: \"Rebound in one week\"\n", "title: \"a\\nb\"\n");
        file(cases, "title per language blank", "title: \"Rebound in one week\"\n", "title: {en: \"x\", fr: \"\"}\n");
        file(cases, "title unknown language", "title: \"Rebound in one week\"\n", "title: {de: \"x\"}\n");
        file(cases, "title empty mapping", "title: \"Rebound in one week\"\n", "title: {}\n");
        // clock
        file(cases, "speed", "  tick: 1h\n", "  tick: 1h\n  speed: fast\n");
        file(cases, "end before start", "  end: 2025-03-08T00:00:00Z\n", "  end: 2025-02-08T00:00:00Z\n");
        file(cases, "tick longer than run", "  tick: 1h\n", "  tick: 30d\n");
        file(cases, "period longer than run", "  tick: 1h\n", "  tick: 1h\n  period: 8d\n");
        // regions
        file(
                cases,
                "regions empty",
                "regions:\n  FR:\n    carbon_g_per_kwh: 56\n    water_l_per_kwh: 3.67\n    utc_offset_hours: 1\n  US-VA:\n    carbon_g_per_kwh: {low: 322, central: 380, high: 411}\n    water_l_per_kwh: 3.13\n    daily_profile: solar\n    utc_offset_hours: -5\n",
                "regions: {}\n");
        file(cases, "region code", "  FR:\n", "  F_R:\n");
        file(cases, "region without preset", "datacentres:\n", "  ZZ:\n    utc_offset_hours: 0\ndatacentres:\n");
        file(cases, "carbon negative", "    carbon_g_per_kwh: 56\n", "    carbon_g_per_kwh: -56\n");
        file(cases, "water negative", "    water_l_per_kwh: 3.67\n", "    water_l_per_kwh: -3.67\n");
        file(cases, "utc offset", "    utc_offset_hours: 1\n", "    utc_offset_hours: 20\n");
        file(
                cases,
                "carbon trend",
                "    utc_offset_hours: 1\n",
                "    utc_offset_hours: 1\n    carbon_change_per_year: -2\n");
        // kinds
        file(
                cases,
                "kinds empty",
                "kinds:\n  text:\n    energy_wh: {low: 0.04, central: 0.25, high: 4}\n    source: \"Google 2025 median prompt\"\n  image:\n    energy_wh: 2.9\n    energy_factor: 0.5\n",
                "kinds: {}\n");
        file(cases, "kind name", "  text:\n", "  Text:\n", "{image: 0.1, text: 0.9}", "{image: 0.1, Text: 0.9}");
        file(cases, "kind without energy", "workload:\n", "  foo: {}\nworkload:\n");
        file(cases, "energy zero", "    energy_wh: 2.9\n", "    energy_wh: 0\n");
        file(cases, "energy factor zero", "    energy_factor: 0.5\n", "    energy_factor: 0\n");
        file(cases, "two energies", "    energy_wh: 2.9\n", "    energy_wh: 2.9\n    model: llm-8b\n");
        file(cases, "tokens without model", "    energy_wh: 2.9\n", "    energy_wh: 2.9\n    tokens: {output: 5}\n");
        file(cases, "model without tokens", "workload:\n", "  chat:\n    model: llm-8b\nworkload:\n");
        file(cases, "model unknown", "workload:\n", CHAT.replace("llm-8b", "llm-8") + "workload:\n");
        file(cases, "model list", "workload:\n", CHAT.replace("llm-8b", "[1, 2]") + "workload:\n");
        file(
                cases,
                "active above total",
                "workload:\n",
                CHAT.replace("llm-8b", "{active_parameters_b: 70, total_parameters_b: 8}") + "workload:\n");
        file(
                cases,
                "parameters out of range",
                "workload:\n",
                CHAT.replace("llm-8b", "{active_parameters_b: 0}") + "workload:\n");
        file(
                cases,
                "model without active",
                "workload:\n",
                CHAT.replace("llm-8b", "{total_parameters_b: 8}") + "workload:\n");
        file(cases, "tokens negative", "workload:\n", CHAT.replace("input: 400", "input: -4") + "workload:\n");
        file(cases, "tokens too many", "workload:\n", CHAT.replace("output: 500", "output: 2e9") + "workload:\n");
        file(cases, "tokens without output", "workload:\n", CHAT.replace(", output: 500", "") + "workload:\n");
        file(cases, "image steps", "workload:\n", "  pic:\n    image: {steps: 0, megapixels: 1}\nworkload:\n");
        file(cases, "image megapixels missing", "workload:\n", "  pic:\n    image: {steps: 4}\nworkload:\n");
        file(cases, "video", "workload:\n", "  clip:\n    video: {seconds: 0, megapixels: -1, fps: 0}\nworkload:\n");
        // datacentres
        file(cases, "datacentres not a list", "datacentres:\n", "datacentres: {}\nold:\n");
        file(
                cases,
                "datacentres empty",
                "  mix: {image: 0.1, text: 0.9}\n",
                "  mix: {image: 0.1, text: 0.9}\n",
                "datacentres:\n  - id: paris-1",
                "datacentres: []\nx:\n  - id: paris-1");
        file(cases, "id", "  - id: paris-1\n", "  - id: Paris 1\n");
        file(cases, "id twice", "  - id: ashburn-1\n", "  - id: paris-1\n");
        file(cases, "region reference", "    region: US-VA\n", "    region: US-CA\n");
        file(cases, "pue below 1", "    pue: 1.1\n", "    pue: 0.9\n");
        file(
                cases,
                "wue negative",
                "    wue_l_per_kwh: 0.55\n    share: 0.25\n",
                "    wue_l_per_kwh: -1\n    share: 0.25\n");
        file(cases, "embodied negative", "    embodied_g_per_kwh: 120\n", "    embodied_g_per_kwh: -120\n");
        file(cases, "share out of range", "    share: 0.25\n", "    share: 1.5\n");
        file(cases, "shares sum", "    share: 0.25\n", "    share: 0.2\n");
        // workload
        file(cases, "requests per day", "  requests_per_day: 2e6\n", "  requests_per_day: 0\n");
        file(cases, "arrival", "  requests_per_day: 2e6\n", "  requests_per_day: 2e6\n  arrival: bursty\n");
        file(cases, "mix unknown kind", "{image: 0.1, text: 0.9}", "{image: 0.1, txt: 0.9}");
        file(cases, "mix negative", "{image: 0.1, text: 0.9}", "{image: -0.1, text: 0.9}");
        file(cases, "mix sum", "{image: 0.1, text: 0.9}", "{image: 0.2, text: 0.9}");
        file(cases, "elasticity", "  requests_per_day: 2e6\n", "  requests_per_day: 2e6\n  elasticity: -1\n");
        // growth
        file(
                cases,
                "growth none with rate",
                "  requests_per_day: 2e6\n",
                "  requests_per_day: 2e6\n  growth: {model: none, rate_per_year: 1}\n");
        file(
                cases,
                "growth exponential with ceiling",
                "  requests_per_day: 2e6\n",
                "  requests_per_day: 2e6\n  growth: {model: exponential, rate_per_year: 1, ceiling_per_day: 3e6}\n");
        file(
                cases,
                "growth exponential rate",
                "  requests_per_day: 2e6\n",
                "  requests_per_day: 2e6\n  growth: {model: exponential, rate_per_year: -2}\n");
        file(
                cases,
                "growth logistic rate",
                "  requests_per_day: 2e6\n",
                "  requests_per_day: 2e6\n  growth: {model: logistic, rate_per_year: 0, ceiling_per_day: 3e6, midpoint: 2025-03-04T00:00:00Z}\n");
        file(
                cases,
                "growth logistic ceiling",
                "  requests_per_day: 2e6\n",
                "  requests_per_day: 2e6\n  growth: {model: logistic, rate_per_year: 1, ceiling_per_day: 1e6, midpoint: 2025-03-04T00:00:00Z}\n");
        file(
                cases,
                "growth model",
                "  requests_per_day: 2e6\n",
                "  requests_per_day: 2e6\n  growth: {model: linear}\n");
        // training
        String training = "training: {energy_mwh: 10, at: 2025-03-02T00:00:00Z, region: FR}\n";
        file(cases, "training region", "name: demo\n", "name: demo\n" + training.replace("FR}", "XX}"));
        file(cases, "training energy", "name: demo\n", "name: demo\n" + training.replace("10", "0"));
        // timeline
        file(cases, "timeline not a list", "name: demo\n", "name: demo\ntimeline: {a: 1}\n");
        String change = "timeline:\n  - at: 2025-03-03T00:00:00Z\n    set: {workload.elasticity: 0.5}\n";
        file(
                cases,
                "timeline order",
                "name: demo\n",
                "name: demo\n" + change + "  - at: 2025-03-02T00:00:00Z\n    set: {workload.elasticity: 0.6}\n");
        file(
                cases,
                "timeline set not a mapping",
                "name: demo\n",
                "name: demo\n" + change.replace("{workload.elasticity: 0.5}", "5"));
        file(
                cases,
                "timeline key without dot",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "workload"));
        file(
                cases,
                "timeline fixed key",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "clock.tick"));
        file(
                cases,
                "timeline addresses nothing",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "workload.load.x"));
        file(
                cases,
                "timeline list item",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "datacentres.paris-1"));
        file(
                cases,
                "timeline unknown id",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "datacentres.rome-1.pue"));
        file(
                cases,
                "timeline single value",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "workload.elasticity.x"));
        file(
                cases,
                "timeline empty key",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity", "workload..x"));
        file(
                cases,
                "timeline outside clock",
                "name: demo\n",
                "name: demo\n" + change.replace("2025-03-03", "2025-04-03"));
        file(
                cases,
                "timeline after last tick",
                "name: demo\n",
                "name: demo\n" + change.replace("2025-03-03T00:00:00Z", "2025-03-07T23:30:00Z"));
        file(
                cases,
                "timeline invalid value",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity: 0.5", "datacentres.paris-1.pue: 0.9"));
        file(
                cases,
                "timeline breaks a sum",
                "name: demo\n",
                "name: demo\n" + change.replace("workload.elasticity: 0.5", "datacentres.paris-1.share: 0.5"));
        // baseline
        file(cases, "baseline title", "name: demo\n", "name: demo\nbaseline: {title: \" \"}\n");
        file(cases, "baseline changes", "name: demo\n", "name: demo\nbaseline: {efficiency_changes: both}\n");
        file(cases, "baseline set not a mapping", "name: demo\n", "name: demo\nbaseline: {set: 1}\n");
        file(cases, "baseline set nothing", "name: demo\n", "name: demo\nbaseline: {set: {workload.load.x: 1}}\n");
        file(cases, "baseline invalid", "name: demo\n", "name: demo\nbaseline: {set: {workload.elasticity: -1}}\n");
        file(cases, "baseline unknown key", "name: demo\n", "name: demo\nbaseline: {titel: x}\n");
        // room
        file(cases, "room target not positive", "name: demo\n", "name: demo\nroom: {targets: {co2e_kg: 0}}\n");
        file(cases, "room target not a number", "name: demo\n", "name: demo\nroom: {targets: {water_l: lots}}\n");
        file(cases, "room target unknown", "name: demo\n", "name: demo\nroom: {targets: {co2_kg: 5}}\n");
        file(cases, "room targets empty", "name: demo\n", "name: demo\nroom: {targets: {}}\n");
        file(cases, "room targets missing", "name: demo\n", "name: demo\nroom: {target: {co2e_kg: 5}}\n");
        // weather and cooling
        file(
                cases,
                "weather months missing",
                "    utc_offset_hours: 1\n",
                "    utc_offset_hours: 1\n    weather: {monthly_mean_c: [1, 2, 3]}\n");
        file(
                cases,
                "weather months not a list",
                "    utc_offset_hours: 1\n",
                "    utc_offset_hours: 1\n    weather: {monthly_mean_c: warm}\n");
        file(
                cases,
                "weather values",
                "    utc_offset_hours: 1\n",
                "    utc_offset_hours: 1\n    weather: {monthly_mean_c: [5, 6, 9, 12, 16, 19, 99, 21, 17, 13, 8, 5],"
                        + " daily_amplitude_c: -1, anomaly_c: 40}\n");
        file(
                cases,
                "cooling without weather",
                "    share: 0.25\n",
                "    share: 0.25\n    cooling: {above_c: 20, pue_per_c: 0.004}\n");
        file(
                cases,
                "cooling values",
                "    utc_offset_hours: 1\n",
                "    utc_offset_hours: 1\n    weather: {monthly_mean_c: [5, 6, 9, 12, 16, 19, 21, 21, 17, 13, 8, 5]}\n",
                "    share: 0.25\n",
                "    share: 0.25\n    cooling: {above_c: 200, pue_per_c: 0.5, wue_per_c: -1}\n");
        // --set
        set(cases, "set bad YAML", "workload.elasticity", "[1,");
        set(cases, "set empty", "workload.elasticity", "");
        set(cases, "set addresses nothing", "workload.load.x", "1");
        set(cases, "set empty key", "workload..x", "1");
        set(cases, "set wrong value", "workload.requests_per_day", "lots");
        set(cases, "set tag", "workload.requests_per_day", "!custom 1");
        // live changes
        live(cases, "live outside clock", "2025-04-01T00:00:00Z", "workload.elasticity", "1");
        live(cases, "live fixed", "2025-03-02T00:00:00Z", "clock.tick", "2h");
        live(cases, "live no dot", "2025-03-02T00:00:00Z", "seed", "2");
        live(cases, "live bad YAML", "2025-03-02T00:00:00Z", "workload.elasticity", "[1,");
        live(cases, "live addresses nothing", "2025-03-02T00:00:00Z", "kinds.video.energy_factor", "0.5");
        live(cases, "live wrong value", "2025-03-02T00:00:00Z", "datacentres.paris-1.pue", "0.9");
        live(cases, "live unknown key", "2025-03-02T00:00:00Z", "kinds.text.energy_factr", "0.9");
        live(cases, "live requests limit", "2025-03-02T00:00:00Z", "workload.requests_per_day", "2e12");
        live(cases, "live elasticity limit", "2025-03-02T00:00:00Z", "workload.elasticity", "5");
        live(
                cases,
                "live growth limit",
                "2025-03-02T00:00:00Z",
                "workload.growth",
                "{model: exponential, rate_per_year: 20}");
        live(cases, "live energy factor limit", "2025-03-02T00:00:00Z", "kinds.image.energy_factor", "0.0001");
        return cases;
    }

    /** BASE with pairs of texts replaced (each must be present), read as "s.yaml". */
    private static void file(List<Case> cases, String name, String... replacements) {
        String yaml = base(replacements);
        cases.add(new Case(name, tmp -> parse(yaml)));
    }

    private static void raw(List<Case> cases, String name, String yaml) {
        cases.add(new Case(name, tmp -> parse(yaml)));
    }

    private static void set(List<Case> cases, String name, String path, String value) {
        cases.add(new Case(name, tmp -> {
            try {
                ScenarioLoader.parse(ScenarioValidationTest.BASE, "s.yaml", List.of(new ScenarioOverride(path, value)));
                return List.of();
            } catch (ScenarioException e) {
                return e.problems();
            }
        }));
    }

    private static void live(List<Case> cases, String name, String at, String path, String value) {
        cases.add(new Case(name, tmp -> {
            Scenario scenario = ScenarioLoader.parse(ScenarioValidationTest.BASE, "s.yaml");
            try {
                ScenarioLoader.stateAfter(
                        scenario.text(),
                        List.of(new ScenarioChange(Instant.parse(at), Map.of(path, value), "", "live change")),
                        true);
                return List.of();
            } catch (ScenarioException e) {
                return e.problems();
            }
        }));
    }

    static String base(String... replacements) {
        String yaml = ScenarioValidationTest.BASE;
        for (int i = 0; i < replacements.length; i += 2) {
            if (!yaml.contains(replacements[i])) {
                throw new IllegalArgumentException("test setup: no '" + replacements[i] + "' in BASE");
            }
            yaml = yaml.replace(replacements[i], replacements[i + 1]);
        }
        return yaml;
    }

    private static List<Problem> parse(String yaml) {
        try {
            ScenarioLoader.parse(yaml, "s.yaml");
            return List.of();
        } catch (ScenarioException e) {
            return e.problems();
        }
    }

    private static List<Problem> load(Path file) {
        try {
            ScenarioLoader.load(file);
            return List.of();
        } catch (ScenarioException e) {
            return e.problems();
        }
    }

    /** Every case's problems as text, one "## case" heading per case, with {@code tmp} and the working directory masked. */
    static String render(Path tmp, java.util.function.Function<Problem, String> show) {
        StringBuilder out = new StringBuilder();
        for (Case c : cases()) {
            out.append("## ").append(c.name()).append('\n');
            try {
                for (Problem p : c.run().problems(tmp)) {
                    out.append(mask(show.apply(p), tmp)).append('\n');
                }
            } catch (Exception e) {
                throw new IllegalStateException(c.name(), e);
            }
        }
        return out.toString();
    }

    static String mask(String text, Path tmp) {
        return text.replace(tmp.toString(), "<tmp>")
                .replace(Path.of("").toAbsolutePath().toString(), "<cwd>");
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
