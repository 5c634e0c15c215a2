package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.rebound.domain.Range;
import org.rebound.domain.presets.KindPreset;
import org.rebound.domain.presets.Presets;
import org.rebound.domain.presets.RegionPreset;
import org.rebound.domain.text.Lang;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates the sections of one scenario tree (name, title, clock, regions, kinds,
 * data centres, workload, mix, growth, training, room) into a {@link Scenario}, collecting every
 * problem in {@link YamlNodes}; one instance is one reading of one file. It knows the keys each
 * section allows; loading the file, {@code --set} overrides and replaying changes are done elsewhere
 * ({@link ScenarioLoader}, {@link Overrides}, {@link ScenarioReplay}, {@link Timeline}).
 */
final class ScenarioReader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9-]+");
    private static final double SUM_TOLERANCE = 1e-6;
    /** Outdoor temperatures a scenario may give, °C (beyond the records measured on Earth: a typo). */
    private static final double MIN_C = -90;

    private static final double MAX_C = 60;
    private static final double MAX_AMPLITUDE_C = 30;
    private static final double MAX_ANOMALY_C = 30;
    /** What one degree may add to PUE and to WUE (L/kWh): above, a typo is likelier than a data centre. */
    private static final double MAX_PUE_PER_C = 0.1;

    private static final double MAX_WUE_PER_C = 2;
    private static final List<String> TOP = List.of(
            "name",
            "title",
            "narrative",
            "seed",
            "clock",
            "regions",
            "datacentres",
            "kinds",
            "workload",
            "timeline",
            "training",
            "baseline",
            "room");
    private static final Set<String> TOP_NOT_YET = Set.of();
    private static final List<String> CLOCK = List.of("start", "end", "tick", "speed", "period");
    private static final List<String> REGION_KEYS = List.of(
            "carbon_g_per_kwh",
            "water_l_per_kwh",
            "daily_profile",
            "utc_offset_hours",
            "carbon_change_per_year",
            "weather");
    private static final List<String> WEATHER = List.of("monthly_mean_c", "daily_amplitude_c", "anomaly_c");
    private static final List<String> COOLING = List.of("above_c", "pue_per_c", "wue_per_c");
    private static final List<String> DATACENTRE =
            List.of("id", "region", "pue", "wue_l_per_kwh", "embodied_g_per_kwh", "share", "capacity", "cooling");
    private static final List<String> CAPACITY =
            List.of("servers", "server_power_w", "requests_per_server_hour", "build_out");
    private static final List<String> SERVER_POWER = List.of("idle", "max");
    private static final List<String> BUILD_OUT =
            List.of("above_utilisation", "for", "add_servers", "embodied_kg_per_server");
    private static final List<String> KIND =
            List.of("energy_wh", "model", "tokens", "image", "video", "source", "energy_factor");
    private static final List<String> WORKLOAD =
            List.of("requests_per_day", "arrival", "daily_profile", "weekly_profile", "mix", "growth", "elasticity");
    private static final Set<String> WORKLOAD_NOT_YET = Set.of();
    private static final List<String> GROWTH = List.of("model", "rate_per_year", "ceiling_per_day", "midpoint");
    private static final List<String> TRAINING = List.of("energy_mwh", "at", "region");
    private static final List<String> ROOM = List.of("targets");

    private final YamlNodes y;
    private final Path source;

    ScenarioReader(YamlNodes y, Path source) {
        this.y = y;
        this.source = source;
    }

    Scenario scenario(Node root) {
        YamlNodes.Fields top = y.fields(root, "", TOP, TOP_NOT_YET);
        if (top == null) {
            return null;
        }
        String name = text(top, "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            y.problem(top.get("name"), "name", say("name.pattern", "name", name));
        }
        Map<Lang, String> titles = localized(top, "title", true);
        String title = titles == null ? null : fallback(titles);
        if (titles != null) {
            titles.forEach((lang, t) -> {
                if (t.isBlank() || t.contains("\n")) {
                    String path = titles.size() == 1 && isPlain(top.get("title")) ? "title" : "title." + lang.code();
                    y.problem(
                            top.get("title"),
                            path,
                            say("title.line", "found", say(t.isBlank() ? "title.empty" : "title.lines")));
                }
            });
        }
        Map<Lang, String> narratives =
                top.get("narrative") == null ? new java.util.EnumMap<>(Lang.class) : localized(top, "narrative", false);
        String narrative = narratives == null || narratives.isEmpty() ? "" : fallback(narratives);
        Long seed = top.get("seed") == null ? Long.valueOf(1) : y.integer(top.get("seed"), "seed");
        Clock clock = top.required("clock") == null ? null : clock(top.get("clock"));
        Map<String, Region> regions = top.required("regions") == null ? null : regions(top.get("regions"));
        Map<String, Kind> kinds = top.required("kinds") == null ? null : kinds(top.get("kinds"));
        // References are checked against the names the file declares, not against the entries
        // that were valid: a region with a bad number is reported once, not again by every data
        // centre on it. Null (no mapping to refer to) skips the checks.
        Set<String> regionCodes = YamlNodes.keys(top.get("regions"));
        Set<String> kindNames = YamlNodes.keys(top.get("kinds"));
        List<DataCentre> datacentres = top.required("datacentres") == null
                ? null
                : datacentres(top.get("datacentres"), regionCodes, kindNames, withWeather(top.get("regions")));
        Workload workload = top.required("workload") == null ? null : workload(top.get("workload"), kindNames, clock);
        Training training = top.get("training") == null ? null : training(top.get("training"), regionCodes);
        Map<String, Double> roomTargets = top.get("room") == null ? Map.of() : room(top.get("room"));
        if (!y.problems().isEmpty()) {
            return null;
        }
        return new Scenario(
                source,
                name,
                title,
                narrative,
                seed,
                clock,
                regions,
                datacentres,
                kinds,
                workload,
                List.of(),
                training,
                null,
                titles.size() > 1 ? Map.copyOf(titles) : Map.of(),
                narratives.size() > 1 ? Map.copyOf(narratives) : Map.of(),
                roomTargets);
    }

    /**
     * {@code room: {targets: {co2e_kg: 1500, ...}}}: the ceilings a team of {@code ./rebound room}
     * should keep under (central values at the end), each a number > 0; read only by that command.
     */
    Map<String, Double> room(Node node) {
        YamlNodes.Fields f = y.fields(node, "room", ROOM, Set.of());
        if (f == null || f.required("targets") == null) {
            return Map.of();
        }
        YamlNodes.Fields targets = y.fields(f.get("targets"), "room.targets", Scenario.ROOM_TARGETS, Set.of());
        if (targets == null) {
            return Map.of();
        }
        Map<String, Double> ceilings = new LinkedHashMap<>();
        for (Map.Entry<String, Node> target : targets.entries().entrySet()) {
            String quantity = target.getKey();
            Node value = target.getValue();
            double max = y.number(value, targets.path(quantity));
            if (Double.isNaN(max)) {
                continue;
            }
            if (!(max > 0)) {
                y.problem(value, targets.path(quantity), say("room.target", "found", max));
                continue;
            }
            ceilings.put(quantity, max);
        }
        if (((org.snakeyaml.engine.v2.nodes.MappingNode) targets.node())
                .getValue()
                .isEmpty()) {
            y.problem(
                    f.get("targets"),
                    "room.targets",
                    say("room.targets.none", "quantities", String.join(", ", Scenario.ROOM_TARGETS)));
        }
        return Collections.unmodifiableMap(ceilings);
    }

    Training training(Node node, Set<String> regionCodes) {
        YamlNodes.Fields f = y.fields(node, "training", TRAINING, Set.of());
        if (f == null) {
            return null;
        }
        Range energy = f.required("energy_mwh") == null ? null : positive(f, "energy_mwh", "training.energy");
        Instant at = f.required("at") == null ? null : y.instant(f.get("at"), "training.at");
        String region = f.required("region") == null ? null : y.string(f.get("region"), "training.region");
        if (region != null && regionCodes != null && !regionCodes.contains(region)) {
            y.problem(
                    f.get("region"),
                    "training.region",
                    say("region.reference", "regions", String.join(", ", regionCodes), "region", region));
            return null;
        }
        return energy == null || at == null || region == null ? null : new Training(energy, at, region);
    }

    Growth growth(Node node, double requestsPerDay, Clock clock) {
        YamlNodes.Fields f = y.fields(node, "workload.growth", GROWTH, Set.of());
        if (f == null) {
            return null;
        }
        String model = f.required("model") == null ? null : y.string(f.get("model"), "workload.growth.model");
        if (model == null) {
            return null;
        }
        switch (model) {
            case "none" -> {
                for (String key : List.of("rate_per_year", "ceiling_per_day", "midpoint")) {
                    if (f.get(key) != null) {
                        y.problem(f.get(key), f.path(key), say("growth.none", "key", key));
                    }
                }
                return Growth.NONE;
            }
            case "exponential" -> {
                for (String key : List.of("ceiling_per_day", "midpoint")) {
                    if (f.get(key) != null) {
                        y.problem(f.get(key), f.path(key), say("growth.logisticOnly", "key", key));
                    }
                }
                double rate = f.required("rate_per_year") == null
                        ? Double.NaN
                        : y.number(f.get("rate_per_year"), f.path("rate_per_year"));
                if (!Double.isNaN(rate) && !(rate > -1)) {
                    y.problem(f.get("rate_per_year"), f.path("rate_per_year"), say("growth.rate", "found", rate));
                    return null;
                }
                return Double.isNaN(rate) ? null : new Growth(Growth.Model.EXPONENTIAL, rate, 0, null);
            }
            case "logistic" -> {
                double rate = f.required("rate_per_year") == null
                        ? Double.NaN
                        : y.number(f.get("rate_per_year"), f.path("rate_per_year"));
                double ceiling = f.required("ceiling_per_day") == null
                        ? Double.NaN
                        : y.number(f.get("ceiling_per_day"), f.path("ceiling_per_day"));
                Instant midpoint =
                        f.required("midpoint") == null ? null : y.instant(f.get("midpoint"), f.path("midpoint"));
                if (!Double.isNaN(rate) && !(rate > 0)) {
                    y.problem(f.get("rate_per_year"), f.path("rate_per_year"), say("growth.steepness", "found", rate));
                    return null;
                }
                if (!Double.isNaN(ceiling) && !Double.isNaN(requestsPerDay) && !(ceiling > requestsPerDay)) {
                    y.problem(
                            f.get("ceiling_per_day"),
                            f.path("ceiling_per_day"),
                            say("growth.ceiling", "perDay", requestsPerDay, "found", ceiling));
                    return null;
                }
                return Double.isNaN(rate) || Double.isNaN(ceiling) || midpoint == null
                        ? null
                        : new Growth(Growth.Model.LOGISTIC, rate, ceiling, midpoint);
            }
            default -> {
                y.problem(f.get("model"), "workload.growth.model", say("growth.model", "model", model));
                return null;
            }
        }
    }

    /**
     * A text given as a plain string (every language) or per language, {@code {en: …, fr: …}}:
     * by language, the plain string under English; null when missing or wrong (reported).
     */
    private Map<Lang, String> localized(YamlNodes.Fields f, String key, boolean required) {
        Node node = required ? f.required(key) : f.get(key);
        if (node == null) {
            return null;
        }
        Map<Lang, String> texts = new java.util.EnumMap<>(Lang.class);
        if (!(node instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
            String plain = y.string(node, f.path(key));
            if (plain == null) {
                return null;
            }
            texts.put(Lang.EN, plain);
            return texts;
        }
        YamlNodes.Fields byLang = y.fields(
                node,
                f.path(key),
                java.util.Arrays.stream(Lang.values()).map(Lang::code).toList(),
                Set.of());
        if (byLang == null) {
            return null;
        }
        for (Lang lang : Lang.values()) {
            Node text = byLang.get(lang.code());
            if (text != null) {
                String value = y.string(text, byLang.path(lang.code()));
                if (value != null) {
                    texts.put(lang, value);
                }
            }
        }
        if (texts.isEmpty()) {
            y.problem(node, f.path(key), say("text.localized", "codes", Lang.codes()));
            return null;
        }
        return texts;
    }

    private static String fallback(Map<Lang, String> texts) {
        return texts.getOrDefault(Lang.EN, texts.values().iterator().next());
    }

    private static boolean isPlain(Node node) {
        return !(node instanceof org.snakeyaml.engine.v2.nodes.MappingNode);
    }

    private String text(YamlNodes.Fields f, String key, boolean required) {
        Node node = required ? f.required(key) : f.get(key);
        return node == null ? null : y.string(node, f.path(key));
    }

    Clock clock(Node node) {
        YamlNodes.Fields f = y.fields(node, "clock", CLOCK, Set.of());
        if (f == null) {
            return null;
        }
        Instant start = f.required("start") == null ? null : y.instant(f.get("start"), "clock.start");
        Instant end = f.required("end") == null ? null : y.instant(f.get("end"), "clock.end");
        Duration tick = f.required("tick") == null ? null : y.duration(f.get("tick"), "clock.tick");
        double speed = Clock.MAX_SPEED;
        if (f.get("speed") != null) {
            String text = y.string(f.get("speed"), "clock.speed");
            try {
                speed = text == null ? Clock.MAX_SPEED : Durations.parseSpeed(text);
            } catch (IllegalArgumentException e) {
                y.problem(f.get("speed"), "clock.speed", say("speed.expected", "text", text));
            }
        }
        Duration period = f.get("period") == null ? null : y.duration(f.get("period"), "clock.period");
        if (start == null || end == null) {
            return null;
        }
        if (!end.isAfter(start)) {
            y.problem(f.get("end"), "clock.end", say("clock.end", "start", start, "end", end));
            return null;
        }
        Duration run = Duration.between(start, end);
        if (tick != null && tick.compareTo(run) > 0) {
            y.problem(
                    f.get("tick"),
                    "clock.tick",
                    say("clock.tick", "run", Durations.format(run), "tick", Durations.format(tick)));
        }
        if (period != null && period.compareTo(run) > 0) {
            y.problem(
                    f.get("period"),
                    "clock.period",
                    say("clock.period", "run", Durations.format(run), "period", Durations.format(period)));
        }
        return new Clock(start, end, tick, speed, period == null ? run : period);
    }

    Map<String, Region> regions(Node node) {
        YamlNodes.Fields all = y.entries(node, "regions");
        if (all == null) {
            return null;
        }
        if (all.entries().isEmpty()) {
            y.problem(node, "regions", say("regions.none"));
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        all.entries().forEach((code, value) -> {
            String path = "regions." + code;
            if (!REGION.matcher(code).matches()) {
                y.problem(value, path, say("region.code", "code", code));
            }
            Optional<RegionPreset> preset = Presets.region(code);
            YamlNodes.Fields f = y.fields(emptyIfNull(value), path, REGION_KEYS, Set.of());
            if (f == null) {
                return;
            }
            // A built-in preset fills what the file leaves out (docs/impact-model.md lists them with sources).
            Range carbon = f.get("carbon_g_per_kwh") != null
                    ? atLeast(f, "carbon_g_per_kwh", 0, "region.carbon")
                    : preset.map(RegionPreset::carbonGPerKwh)
                            .orElseGet(() -> missing(
                                    f,
                                    "carbon_g_per_kwh",
                                    code,
                                    Presets.regions().keySet()));
            Range water = f.get("water_l_per_kwh") != null
                    ? atLeast(f, "water_l_per_kwh", 0, "region.water")
                    : preset.map(RegionPreset::waterLPerKwh)
                            .orElseGet(() -> missing(
                                    f,
                                    "water_l_per_kwh",
                                    code,
                                    Presets.regions().keySet()));
            double[] profile = f.get("daily_profile") == null
                    ? Profiles.flat(24)
                    : y.profile(f.get("daily_profile"), f.path("daily_profile"), 24, Profiles.GRID_DAILY);
            double offset = f.get("utc_offset_hours") == null
                    ? preset.map(RegionPreset::utcOffsetHours).orElse(0.0)
                    : y.number(f.get("utc_offset_hours"), f.path("utc_offset_hours"));
            if (offset < -12 || offset > 14) {
                y.problem(f.get("utc_offset_hours"), f.path("utc_offset_hours"), say("region.offset", "found", offset));
            }
            double trend = f.get("carbon_change_per_year") == null
                    ? 0
                    : y.number(f.get("carbon_change_per_year"), f.path("carbon_change_per_year"));
            if (trend <= -1) {
                y.problem(
                        f.get("carbon_change_per_year"),
                        f.path("carbon_change_per_year"),
                        say("region.trend", "found", trend));
            }
            Weather weather = f.get("weather") == null ? null : weather(f.get("weather"), f.path("weather"));
            if (f.get("weather") != null && weather == null) {
                return; // reported
            }
            if (carbon != null && water != null && profile != null) {
                regions.put(code, new Region(code, carbon, water, profile, offset, trend, weather));
            }
        });
        return Collections.unmodifiableMap(regions);
    }

    Map<String, Kind> kinds(Node node) {
        YamlNodes.Fields all = y.entries(node, "kinds");
        if (all == null) {
            return null;
        }
        if (all.entries().isEmpty()) {
            y.problem(node, "kinds", say("kinds.none"));
        }
        Map<String, Kind> kinds = new LinkedHashMap<>();
        all.entries().forEach((name, value) -> {
            String path = "kinds." + name;
            if (!ID.matcher(name).matches()) {
                y.problem(value, path, say("kind.name", "name", name));
            }
            Optional<KindPreset> preset = Presets.kind(name);
            YamlNodes.Fields f = y.fields(emptyIfNull(value), path, KIND, Set.of());
            if (f == null) {
                return;
            }
            // the energy per request: a number (energy_wh), derived from what the request does
            // (model + tokens, image, video), or the preset of the kind's name
            KindEnergy derive = new KindEnergy(y);
            String given = derive.given(f);
            if (given == null) {
                return;
            }
            KindEnergy.Derived derived = switch (given) {
                case "model" -> derive.llm(f);
                case "image" -> derive.image(f);
                case "video" -> derive.video(f);
                default -> null;
            };
            if (!given.isEmpty() && !given.equals("energy_wh") && derived == null) {
                return;
            }
            Range energy = derived != null
                    ? derived.energyWh()
                    : f.get("energy_wh") != null
                            ? positive(f, "energy_wh", "kind.energy")
                            : preset.map(KindPreset::energyWh).orElseGet(() -> missingEnergy(f, name));
            String source = f.get("source") != null
                    ? y.string(f.get("source"), f.path("source"))
                    : derived != null
                            ? derived.source()
                            : f.get("energy_wh") == null
                                    ? preset.map(KindPreset::source).orElse("")
                                    : "";
            double factor =
                    f.get("energy_factor") == null ? 1.0 : y.number(f.get("energy_factor"), f.path("energy_factor"));
            if (!Double.isNaN(factor) && !(factor > 0)) { // NaN: already reported as not a number
                y.problem(f.get("energy_factor"), f.path("energy_factor"), say("kind.factor", "found", factor));
            }
            if (energy != null) {
                kinds.put(name, new Kind(name, energy, source, factor));
            }
        });
        return Collections.unmodifiableMap(kinds);
    }

    /** The codes of the regions that give a {@code weather} (null when there is no mapping of regions). */
    private static Set<String> withWeather(Node regions) {
        if (!(regions instanceof MappingNode mapping)) {
            return null;
        }
        Set<String> codes = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Set<String> keys = YamlNodes.keys(tuple.getValueNode());
            if (tuple.getKeyNode() instanceof ScalarNode key && keys != null && keys.contains("weather")) {
                codes.add(key.getValue());
            }
        }
        return codes;
    }

    /**
     * A region's {@code weather}: twelve monthly mean temperatures, a daily amplitude (default 0)
     * and an anomaly (default 0), °C. Null when any part is wrong (reported).
     */
    Weather weather(Node node, String path) {
        YamlNodes.Fields f = y.fields(node, path, WEATHER, Set.of());
        if (f == null) {
            return null;
        }
        int before = y.problems().size();
        double[] means = null;
        Node meansNode = f.required("monthly_mean_c");
        if (meansNode instanceof SequenceNode sequence && sequence.getValue().size() == 12) {
            means = new double[12];
            for (int i = 0; i < 12; i++) {
                String at = f.path("monthly_mean_c") + "[" + i + "]";
                means[i] = y.number(sequence.getValue().get(i), at);
                if (!Double.isNaN(means[i]) && !(means[i] >= MIN_C && means[i] <= MAX_C)) {
                    y.problem(sequence.getValue().get(i), at, say("weather.temperature", "found", means[i]));
                }
            }
        } else if (meansNode != null) {
            y.problem(
                    meansNode,
                    f.path("monthly_mean_c"),
                    meansNode instanceof SequenceNode list
                            ? say("weather.count", "count", list.getValue().size())
                            : say("weather.means", "found", YamlNodes.describe(meansNode)));
        }
        double amplitude = f.get("daily_amplitude_c") == null
                ? 0
                : y.number(f.get("daily_amplitude_c"), f.path("daily_amplitude_c"));
        if (!Double.isNaN(amplitude) && !(amplitude >= 0 && amplitude <= MAX_AMPLITUDE_C)) {
            y.problem(
                    f.get("daily_amplitude_c"),
                    f.path("daily_amplitude_c"),
                    say("weather.amplitude", "found", amplitude));
        }
        double anomaly = f.get("anomaly_c") == null ? 0 : y.number(f.get("anomaly_c"), f.path("anomaly_c"));
        if (!Double.isNaN(anomaly) && !(Math.abs(anomaly) <= MAX_ANOMALY_C)) {
            y.problem(f.get("anomaly_c"), f.path("anomaly_c"), say("weather.anomaly", "found", anomaly));
        }
        if (y.problems().size() > before || means == null) {
            return null;
        }
        return new Weather(means, amplitude, anomaly);
    }

    /**
     * A data centre's {@code cooling}: its threshold and the PUE and WUE each degree above it
     * adds. Null when any part is wrong (reported), or when its region gives no weather.
     */
    Cooling cooling(Node node, String path, String region, Set<String> weatherRegions) {
        YamlNodes.Fields f = y.fields(node, path, COOLING, Set.of());
        if (f == null) {
            return null;
        }
        int before = y.problems().size();
        if (region != null && weatherRegions != null && !weatherRegions.contains(region)) {
            y.problem(node, path, say("cooling.weather", "region", region));
        }
        double above = f.required("above_c") == null ? Double.NaN : y.number(f.get("above_c"), f.path("above_c"));
        if (!Double.isNaN(above) && !(above >= MIN_C && above <= MAX_C)) {
            y.problem(f.get("above_c"), f.path("above_c"), say("weather.temperature", "found", above));
        }
        double pue = f.get("pue_per_c") == null ? 0 : y.number(f.get("pue_per_c"), f.path("pue_per_c"));
        if (!Double.isNaN(pue) && !(pue >= 0 && pue <= MAX_PUE_PER_C)) {
            y.problem(f.get("pue_per_c"), f.path("pue_per_c"), say("cooling.pue", "found", pue));
        }
        double wue = f.get("wue_per_c") == null ? 0 : y.number(f.get("wue_per_c"), f.path("wue_per_c"));
        if (!Double.isNaN(wue) && !(wue >= 0 && wue <= MAX_WUE_PER_C)) {
            y.problem(f.get("wue_per_c"), f.path("wue_per_c"), say("cooling.wue", "found", wue));
        }
        if (y.problems().size() > before || Double.isNaN(above) || Double.isNaN(pue) || Double.isNaN(wue)) {
            return null;
        }
        return new Cooling(above, pue, wue);
    }

    List<DataCentre> datacentres(
            Node node, Set<String> regionCodes, Set<String> kindNames, Set<String> weatherRegions) {
        if (!(node instanceof SequenceNode sequence)) {
            y.problem(node, "datacentres", say("datacentres.list", "found", YamlNodes.describe(node)));
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            y.problem(node, "datacentres", say("datacentres.none"));
        }
        List<DataCentre> datacentres = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        double shares = 0;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            // every problem of the item (unknown and missing keys too) uses the address of --set
            // and the timeline, datacentres.<id>.<key>; by index when the item has no usable id
            String path = YamlPaths.idOf(item)
                    .filter(ID.asMatchPredicate())
                    .map(id -> "datacentres." + id)
                    .orElse("datacentres[" + i + "]");
            YamlNodes.Fields f = y.fields(item, path, DATACENTRE, Set.of());
            if (f == null) {
                continue;
            }
            String id = f.required("id") == null ? null : y.string(f.get("id"), f.path("id"));
            if (id != null && !ID.matcher(id).matches()) {
                y.problem(f.get("id"), f.path("id"), say("datacentre.id", "id", id));
            } else if (id != null && !ids.add(id)) {
                y.problem(f.get("id"), f.path("id"), say("datacentre.idTwice", "id", id));
            }
            String region = f.required("region") == null ? null : y.string(f.get("region"), f.path("region"));
            if (region != null && regionCodes != null && !regionCodes.contains(region)) {
                y.problem(
                        f.get("region"),
                        f.path("region"),
                        say("region.reference", "regions", String.join(", ", regionCodes), "region", region));
            }
            Range pue = f.required("pue") == null ? null : atLeast(f, "pue", 1, "datacentre.pue");
            Range wue = f.required("wue_l_per_kwh") == null ? null : atLeast(f, "wue_l_per_kwh", 0, "datacentre.wue");
            Range embodied = f.get("embodied_g_per_kwh") == null
                    ? ScenarioLoader.DEFAULT_EMBODIED_G_PER_KWH
                    : atLeast(f, "embodied_g_per_kwh", 0, "datacentre.embodied");
            double share = f.required("share") == null ? Double.NaN : y.number(f.get("share"), f.path("share"));
            if (!Double.isNaN(share) && !(share > 0 && share <= 1)) {
                y.problem(f.get("share"), f.path("share"), say("datacentre.share", "found", share));
            }
            shares += share;
            Capacity capacity =
                    f.get("capacity") == null ? null : capacity(f.get("capacity"), f.path("capacity"), kindNames);
            if (f.get("capacity") != null && capacity == null) {
                continue; // reported
            }
            Cooling cooling = f.get("cooling") == null
                    ? null
                    : cooling(f.get("cooling"), f.path("cooling"), region, weatherRegions);
            if (f.get("cooling") != null && cooling == null) {
                continue; // reported
            }
            if (id != null
                    && region != null
                    && pue != null
                    && wue != null
                    && embodied != null
                    && !Double.isNaN(share)) {
                datacentres.add(new DataCentre(id, region, pue, wue, embodied, share, capacity, cooling));
            }
        }
        if (!Double.isNaN(shares)
                && datacentres.size() == sequence.getValue().size()
                && !datacentres.isEmpty()
                && Math.abs(shares - 1) > SUM_TOLERANCE) {
            y.problem(node, "datacentres", say("datacentres.sum", "sum", ProblemText.number(shares)));
        }
        return List.copyOf(datacentres);
    }

    /**
     * A data centre's {@code capacity}: its servers, their power curve, the requests a server
     * serves per hour (optional, by kind), and its build-out (optional). Null when any part is wrong (reported).
     */
    Capacity capacity(Node node, String path, Set<String> kindNames) {
        YamlNodes.Fields f = y.fields(node, path, CAPACITY, Set.of());
        if (f == null) {
            return null;
        }
        int before = y.problems().size();
        Long servers = f.required("servers") == null ? null : y.integer(f.get("servers"), f.path("servers"));
        if (servers != null && servers < 1) {
            y.problem(f.get("servers"), f.path("servers"), say("capacity.servers", "found", servers));
        }
        double idle = Double.NaN;
        double max = Double.NaN;
        YamlNodes.Fields power = f.required("server_power_w") == null
                ? null
                : y.fields(f.get("server_power_w"), f.path("server_power_w"), SERVER_POWER, Set.of());
        if (power != null) {
            idle = power.required("idle") == null ? Double.NaN : y.number(power.get("idle"), power.path("idle"));
            max = power.required("max") == null ? Double.NaN : y.number(power.get("max"), power.path("max"));
            if (!Double.isNaN(idle) && idle < 0) {
                y.problem(power.get("idle"), power.path("idle"), say("capacity.idle", "found", idle));
            } else if (!Double.isNaN(idle) && !Double.isNaN(max) && !(max > idle)) {
                y.problem(
                        power.get("max"),
                        power.path("max"),
                        say("capacity.max", "idle", ProblemText.number(idle), "found", max));
            }
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        if (f.get("requests_per_server_hour") != null) {
            YamlNodes.Fields r = y.entries(f.get("requests_per_server_hour"), f.path("requests_per_server_hour"));
            if (r != null) {
                for (Map.Entry<String, Node> entry : r.entries().entrySet()) {
                    String kind = entry.getKey();
                    if (kindNames != null && !kindNames.contains(kind)) {
                        y.problem(
                                entry.getValue(),
                                r.path(kind),
                                say("mix.kind", "kinds", String.join(", ", kindNames), "kind", kind));
                        continue;
                    }
                    double rate = y.number(entry.getValue(), r.path(kind));
                    if (!Double.isNaN(rate) && !(rate > 0)) {
                        y.problem(entry.getValue(), r.path(kind), say("capacity.rate", "found", rate));
                    }
                    rates.put(kind, rate);
                }
            }
        }
        Capacity.BuildOut buildOut = null;
        if (f.get("build_out") != null) {
            YamlNodes.Fields b = y.fields(f.get("build_out"), f.path("build_out"), BUILD_OUT, Set.of());
            if (b != null) {
                double above = b.required("above_utilisation") == null
                        ? Double.NaN
                        : y.number(b.get("above_utilisation"), b.path("above_utilisation"));
                if (!Double.isNaN(above) && !(above > 0 && above <= 1)) {
                    y.problem(
                            b.get("above_utilisation"),
                            b.path("above_utilisation"),
                            say("capacity.above", "found", above));
                }
                Duration sustained = b.required("for") == null ? null : y.duration(b.get("for"), b.path("for"));
                if (sustained != null && (sustained.isZero() || sustained.isNegative())) {
                    y.problem(b.get("for"), b.path("for"), say("capacity.for", "found", b.get("for")));
                }
                Long add = b.required("add_servers") == null
                        ? null
                        : y.integer(b.get("add_servers"), b.path("add_servers"));
                if (add != null && add < 1) {
                    y.problem(b.get("add_servers"), b.path("add_servers"), say("capacity.servers", "found", add));
                }
                double embodied = b.required("embodied_kg_per_server") == null
                        ? Double.NaN
                        : y.number(b.get("embodied_kg_per_server"), b.path("embodied_kg_per_server"));
                if (!Double.isNaN(embodied) && embodied < 0) {
                    y.problem(
                            b.get("embodied_kg_per_server"),
                            b.path("embodied_kg_per_server"),
                            say("capacity.embodied", "found", embodied));
                }
                if (sustained != null && add != null) {
                    buildOut = new Capacity.BuildOut(above, sustained, add, embodied);
                }
            }
        }
        if (y.problems().size() > before || servers == null || power == null) {
            return null;
        }
        return new Capacity(servers, idle, max, rates, buildOut);
    }

    Workload workload(Node node, Set<String> kindNames, Clock clock) {
        YamlNodes.Fields f = y.fields(node, "workload", WORKLOAD, WORKLOAD_NOT_YET);
        if (f == null) {
            return null;
        }
        double perDay = f.required("requests_per_day") == null
                ? Double.NaN
                : y.number(f.get("requests_per_day"), "workload.requests_per_day");
        if (!Double.isNaN(perDay) && !(perDay > 0 && Double.isFinite(perDay))) {
            y.problem(
                    f.get("requests_per_day"), "workload.requests_per_day", say("workload.requests", "found", perDay));
        }
        Arrival arrival = Arrival.POISSON;
        if (f.get("arrival") != null) {
            String text = y.string(f.get("arrival"), "workload.arrival");
            if ("exact".equals(text)) {
                arrival = Arrival.EXACT;
            } else if (!"poisson".equals(text) && text != null) {
                y.problem(f.get("arrival"), "workload.arrival", say("workload.arrival", "text", text));
            }
        }
        double[] daily = f.get("daily_profile") == null
                ? Profiles.flat(24)
                : y.profile(f.get("daily_profile"), "workload.daily_profile", 24, Profiles.DEMAND_DAILY);
        double[] weekly = f.get("weekly_profile") == null
                ? Profiles.flat(7)
                : y.profile(f.get("weekly_profile"), "workload.weekly_profile", 7, Profiles.DEMAND_WEEKLY);
        Map<String, Double> mix = f.required("mix") == null ? null : mix(f.get("mix"), kindNames);
        Growth growth = f.get("growth") == null ? Growth.NONE : growth(f.get("growth"), perDay, clock);
        double elasticity = f.get("elasticity") == null ? 0 : y.number(f.get("elasticity"), "workload.elasticity");
        if (elasticity < 0) {
            y.problem(f.get("elasticity"), "workload.elasticity", say("workload.elasticity", "found", elasticity));
        }
        return new Workload(perDay, arrival, daily, weekly, mix, growth, elasticity);
    }

    Map<String, Double> mix(Node node, Set<String> kindNames) {
        YamlNodes.Fields f = y.entries(node, "workload.mix");
        if (f == null) {
            return null;
        }
        Map<String, Double> mix = new LinkedHashMap<>();
        double sum = 0;
        boolean usable = true;
        for (Map.Entry<String, Node> entry : f.entries().entrySet()) {
            String path = "workload.mix." + entry.getKey();
            if (kindNames != null && !kindNames.contains(entry.getKey())) {
                y.problem(
                        entry.getValue(),
                        path,
                        say("mix.kind", "kinds", String.join(", ", kindNames), "kind", entry.getKey()));
                usable = false;
            }
            double share = y.number(entry.getValue(), path);
            if (Double.isNaN(share) || share < 0) {
                if (!Double.isNaN(share)) {
                    y.problem(entry.getValue(), path, say("mix.share", "found", share));
                }
                usable = false;
                continue;
            }
            mix.put(entry.getKey(), share);
            sum += share;
        }
        if (usable && Math.abs(sum - 1) > SUM_TOLERANCE) {
            y.problem(node, "workload.mix", say("mix.sum", "sum", ProblemText.number(sum)));
        }
        return Collections.unmodifiableMap(mix);
    }

    /** {@code FR:} or {@code FR: {}}: nothing but the name, for a preset. */
    private static Node emptyIfNull(Node value) {
        if (value instanceof org.snakeyaml.engine.v2.nodes.ScalarNode scalar && YamlNodes.isNull(scalar)) {
            return new org.snakeyaml.engine.v2.nodes.MappingNode(
                    org.snakeyaml.engine.v2.nodes.Tag.MAP,
                    true,
                    new ArrayList<>(),
                    org.snakeyaml.engine.v2.common.FlowStyle.FLOW,
                    value.getStartMark(),
                    value.getEndMark());
        }
        return value;
    }

    private Range missing(YamlNodes.Fields f, String key, String name, Set<String> presets) {
        y.problem(
                f.node(),
                f.path(key).substring(0, f.path(key).lastIndexOf('.')),
                say("preset.missing", "key", key, "name", name, "presets", String.join(", ", presets)));
        return null;
    }

    private Range missingEnergy(YamlNodes.Fields f, String name) {
        y.problem(
                f.node(),
                "kinds." + name,
                say(
                        "kind.energy.missing",
                        "name",
                        name,
                        "presets",
                        String.join(", ", Presets.kinds().keySet())));
        return null;
    }

    /** {@code expected}: the sentence (a key of the problems bundle) that says what was expected. */
    private Range positive(YamlNodes.Fields f, String key, String expected) {
        Range range = y.range(f.get(key), f.path(key));
        if (range != null && !(range.low() > 0)) {
            y.problem(f.get(key), f.path(key), say(expected, "found", range.low()));
            return null;
        }
        return range;
    }

    /** {@code expected}: the sentence (a key of the problems bundle) that says what was expected. */
    private Range atLeast(YamlNodes.Fields f, String key, double minimum, String expected) {
        Range range = y.range(f.get(key), f.path(key));
        if (range != null && range.low() < minimum) {
            y.problem(f.get(key), f.path(key), say(expected, "found", range.low()));
            return null;
        }
        return range;
    }
}
