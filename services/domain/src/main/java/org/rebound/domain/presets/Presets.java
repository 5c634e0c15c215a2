package org.rebound.domain.presets;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.rebound.domain.Range;
import org.rebound.domain.impact.GenerativeEnergy;
import org.rebound.domain.impact.LlmEnergy;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The built-in region and kind presets, so that a scenario can name a region or a kind and omit
 * its numbers. The numbers live in one data file, {@code presets.yaml} next to this class, each
 * entry with the impact-data.md row it comes from; this class only reads and checks it.
 *
 * <p>The file ships inside the jar, so a malformed entry is a build defect, not a user error: it
 * fails with an {@link IllegalStateException} naming the key, and the tests load every entry.
 */
public final class Presets {

    static final String RESOURCE = "presets.yaml";

    private static final Set<String> REGION_KEYS =
            Set.of("carbon_g_per_kwh", "water_l_per_kwh", "utc_offset_hours", "source");
    private static final Set<String> KIND_KEYS = Set.of("energy_wh", "source");
    private static final Set<String> RANGE_KEYS = Set.of("low", "central", "high");
    private static final Set<String> MODEL_KEYS = Set.of("active_parameters_b", "total_parameters_b", "source");
    private static final Set<String> IMAGE_KEYS =
            Set.of("energy_wh", "reference_steps", "reference_megapixels", "source");
    private static final Set<String> VIDEO_KEYS =
            Set.of("energy_wh", "reference_seconds", "reference_megapixels", "reference_fps", "source");

    private Presets() {}

    /** The preset of a region by its code, exactly as listed (FR, US, US-VA, ..., WORLD). */
    public static Optional<RegionPreset> region(String code) {
        return Optional.ofNullable(Loaded.REGIONS.get(code));
    }

    /** The preset of a request kind by its name (text, image, video, reasoning, frontier-task). */
    public static Optional<KindPreset> kind(String name) {
        return Optional.ofNullable(Loaded.KINDS.get(name));
    }

    /** Every region preset by code, in the order of the data file. Unmodifiable. */
    public static Map<String, RegionPreset> regions() {
        return Loaded.REGIONS;
    }

    /** Every kind preset by name, in the order of the data file. Unmodifiable. */
    public static Map<String, KindPreset> kinds() {
        return Loaded.KINDS;
    }

    /** A model class by name (llm-8b, llm-70b, llm-moe-235b). */
    public static Optional<ModelPreset> model(String name) {
        return Optional.ofNullable(Loaded.CATALOGUE.models().get(name));
    }

    /** Every model class by name, in the order of the data file. Unmodifiable. */
    public static Map<String, ModelPreset> models() {
        return Loaded.CATALOGUE.models();
    }

    /** The anchor of image kinds (energy per image at reference steps × megapixels). */
    public static GenerativePreset image() {
        return java.util.Objects.requireNonNull(Loaded.CATALOGUE.image(), RESOURCE + " has no generative.image");
    }

    /** The anchor of video kinds (energy per clip at reference seconds × megapixels × fps). */
    public static GenerativePreset video() {
        return java.util.Objects.requireNonNull(Loaded.CATALOGUE.video(), RESOURCE + " has no generative.video");
    }

    /** Read once, on first use (the holder idiom: immutable, thread-safe, no locking). */
    private static final class Loaded {
        static final Catalogue CATALOGUE = readResource();
        static final Map<String, RegionPreset> REGIONS = CATALOGUE.regions();
        static final Map<String, KindPreset> KINDS = CATALOGUE.kinds();
    }

    /** The parsed file: every region and kind preset, in file order, unmodifiable. */
    record Catalogue(
            Map<String, RegionPreset> regions,
            Map<String, KindPreset> kinds,
            Map<String, ModelPreset> models,
            GenerativePreset image,
            GenerativePreset video) {}

    private static Catalogue readResource() {
        try (InputStream in = Presets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is missing from the classpath (expected next to " + Presets.class.getName() + ")");
            }
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses and checks a presets document; package-private so that tests can feed it broken files. */
    static Catalogue parse(InputStream in) {
        // Safe by construction: snakeyaml-engine builds only maps, lists and scalars (no classes
        // from tags); duplicate keys are refused and aliases are not needed at all.
        LoadSettings settings = LoadSettings.builder()
                .setLabel(RESOURCE)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(0)
                .build();
        Object document;
        try {
            document = new Load(settings).loadFromInputStream(in);
        } catch (YamlEngineException e) {
            throw new IllegalStateException(RESOURCE + ": not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Object> root = map(document, "the document");
        // models and generative are optional here so that tests can feed small documents; the
        // shipped file has both (PresetsTest loads every entry)
        if (!root.keySet().containsAll(Set.of("regions", "kinds"))
                || !Set.of("regions", "kinds", "models", "generative").containsAll(root.keySet())) {
            throw invalid(
                    "the document", "the keys [regions, kinds] and optionally [models, generative]", root.keySet());
        }
        Map<String, ModelPreset> models =
                root.containsKey("models") ? section(root, "models", Presets::modelEntry) : Map.of();
        GenerativePreset image = null;
        GenerativePreset video = null;
        if (root.containsKey("generative")) {
            Map<String, Object> generative = map(root.get("generative"), "generative");
            if (!generative.keySet().equals(Set.of("image", "video"))) {
                throw invalid("generative", "exactly the keys [image, video]", generative.keySet());
            }
            image = generativeEntry("image", map(generative.get("image"), "generative.image"), IMAGE_KEYS);
            video = generativeEntry("video", map(generative.get("video"), "generative.video"), VIDEO_KEYS);
        }
        return new Catalogue(
                section(root, "regions", Presets::regionEntry),
                section(root, "kinds", Presets::kindEntry),
                models,
                image,
                video);
    }

    private static <T> Map<String, T> section(
            Map<String, Object> root, String key, BiFunction<String, Map<String, Object>, T> build) {
        Map<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(root.get(key), key).entrySet()) {
            out.put(e.getKey(), build.apply(e.getKey(), map(e.getValue(), key + "." + e.getKey())));
        }
        return Collections.unmodifiableMap(out);
    }

    private static RegionPreset regionEntry(String code, Map<String, Object> entry) {
        String path = "regions." + code;
        keys(entry, path, REGION_KEYS);
        double utcOffsetHours = number(entry.get("utc_offset_hours"), path + ".utc_offset_hours");
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw invalid(path + ".utc_offset_hours", "hours east of UTC between -12 and 14", utcOffsetHours);
        }
        return new RegionPreset(
                code,
                range(entry, path, "carbon_g_per_kwh"),
                range(entry, path, "water_l_per_kwh"),
                utcOffsetHours,
                text(entry, path, "source"));
    }

    private static KindPreset kindEntry(String name, Map<String, Object> entry) {
        String path = "kinds." + name;
        keys(entry, path, KIND_KEYS);
        Range energyWh = range(entry, path, "energy_wh");
        if (energyWh.low() <= 0) {
            throw invalid(path + ".energy_wh", "Wh per request > 0", energyWh.low());
        }
        return new KindPreset(name, energyWh, text(entry, path, "source"));
    }

    private static ModelPreset modelEntry(String name, Map<String, Object> entry) {
        String path = "models." + name;
        keys(entry, path, MODEL_KEYS);
        double active = number(entry.get("active_parameters_b"), path + ".active_parameters_b");
        double total = number(entry.get("total_parameters_b"), path + ".total_parameters_b");
        if (!(active > 0 && active <= total)) {
            throw invalid(path, "0 < active_parameters_b <= total_parameters_b", List.of(active, total));
        }
        return new ModelPreset(name, new LlmEnergy.Model(active, total), text(entry, path, "source"));
    }

    /** An anchor: its reference work is the product of its reference_* numbers. */
    private static GenerativePreset generativeEntry(String name, Map<String, Object> entry, Set<String> expected) {
        String path = "generative." + name;
        keys(entry, path, expected);
        Range energyWh = range(entry, path, "energy_wh");
        if (energyWh.low() <= 0) {
            throw invalid(path + ".energy_wh", "Wh per item > 0", energyWh.low());
        }
        double work = 1;
        for (String key : expected.stream()
                .filter(k -> k.startsWith("reference_"))
                .sorted()
                .toList()) {
            double value = number(entry.get(key), path + "." + key);
            if (!(value > 0)) {
                throw invalid(path + "." + key, "a number > 0", value);
            }
            work *= value;
        }
        return new GenerativePreset(name, new GenerativeEnergy.Anchor(energyWh, work), text(entry, path, "source"));
    }

    private static void keys(Map<String, Object> entry, String path, Set<String> expected) {
        for (String key : entry.keySet()) {
            if (!expected.contains(key)) {
                throw invalid(path + "." + key, "one of " + expected, key);
            }
        }
        for (String key : expected) {
            if (!entry.containsKey(key)) {
                throw invalid(path + "." + key, "a value", "nothing");
            }
        }
    }

    private static Range range(Map<String, Object> entry, String path, String key) {
        Object value = entry.get(key);
        String at = path + "." + key;
        if (value instanceof Map<?, ?>) {
            Map<String, Object> bounds = map(value, at);
            keys(bounds, at, RANGE_KEYS);
            double low = number(bounds.get("low"), at + ".low");
            double central = number(bounds.get("central"), at + ".central");
            double high = number(bounds.get("high"), at + ".high");
            if (!(0 <= low && low <= central && central <= high)) {
                throw invalid(at, "0 <= low <= central <= high", List.of(low, central, high));
            }
            return new Range(low, central, high);
        }
        double single = number(value, at);
        if (single < 0) {
            throw invalid(at, "a number >= 0", single);
        }
        return Range.of(single);
    }

    private static double number(Object value, String path) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw invalid(path, "a finite number", value);
    }

    private static String text(Map<String, Object> entry, String path, String key) {
        if (entry.get(key) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw invalid(path + "." + key, "a non-empty string citing an impact-data.md row", entry.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String path) {
        if (value instanceof Map<?, ?> m && m.keySet().stream().allMatch(String.class::isInstance)) {
            return (Map<String, Object>) m;
        }
        throw invalid(path, "a mapping with string keys", value);
    }

    private static IllegalStateException invalid(String path, String expected, Object found) {
        return new IllegalStateException(RESOURCE + ": " + path + ": expected " + expected + ", found " + found);
    }
}
