package org.rebound.domain.presets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rebound.domain.Range;

@DisplayName("built-in presets")
class PresetsTest {

    private static final String REGION_OK =
            "  XX: {carbon_g_per_kwh: 10, water_l_per_kwh: 1, utc_offset_hours: 0, source: s}\n";

    @Test
    @DisplayName("list exactly the documented regions and kinds, in file order")
    void names() {
        assertThat(Presets.regions().keySet())
                .containsExactly("FR", "US", "US-VA", "US-TX", "IE", "DE", "SE", "NO", "CN", "IN", "SG", "WORLD");
        assertThat(Presets.kinds().keySet()).containsExactly("text", "image", "video", "reasoning", "frontier-task");
    }

    @Test
    @DisplayName(
            "model classes: small 8B, medium 70B dense, large mixture of experts 22B active of 235B, each with a model card")
    void modelClasses() {
        assertThat(Presets.models().keySet()).containsExactly("llm-8b", "llm-70b", "llm-moe-235b");
        assertThat(Presets.model("llm-8b").orElseThrow().model())
                .isEqualTo(new org.rebound.domain.impact.LlmEnergy.Model(8, 8));
        assertThat(Presets.model("llm-70b").orElseThrow().model())
                .isEqualTo(new org.rebound.domain.impact.LlmEnergy.Model(70, 70));
        assertThat(Presets.model("llm-moe-235b").orElseThrow().model())
                .isEqualTo(new org.rebound.domain.impact.LlmEnergy.Model(22, 235));
        Presets.models()
                .values()
                .forEach(m -> assertThat(m.source()).as(m.name()).contains("model card"));
    }

    @Test
    @DisplayName("image and video anchors are the image and video kinds at a stated reference work")
    void generativeAnchors() {
        // image: 50 steps × 1024² pixels (1.048576 MP); video: 5 s × 16 fps × 1360×768 (1.04448 MP)
        assertThat(Presets.image().anchor().energyWh())
                .isEqualTo(Presets.kind("image").orElseThrow().energyWh());
        assertThat(Presets.image().anchor().referenceWork()).isCloseTo(50 * 1024 * 1024 / 1e6, within(1e-12));
        assertThat(Presets.video().anchor().energyWh())
                .isEqualTo(Presets.kind("video").orElseThrow().energyWh());
        assertThat(Presets.video().anchor().referenceWork()).isCloseTo(5 * 16 * 1360 * 768 / 1e6, within(1e-9));
        assertThat(Presets.image().source()).startsWith("impact-data.md §2").contains("assumption");
        assertThat(Presets.video().source()).startsWith("impact-data.md §2").contains("quadratic");
    }

    @Test
    @DisplayName("every preset cites its impact-data.md row")
    void everyPresetHasASource() {
        Presets.regions()
                .values()
                .forEach(r -> assertThat(r.source()).as(r.code()).isNotBlank().startsWith("impact-data.md §4"));
        Presets.kinds()
                .values()
                .forEach(k -> assertThat(k.source()).as(k.name()).isNotBlank().startsWith("impact-data.md §2"));
    }

    @Test
    @DisplayName("every range is ordered and every value is positive")
    void rangesOrdered() {
        Presets.regions().values().forEach(r -> {
            assertOrderedAndPositive(r.code() + " carbon", r.carbonGPerKwh());
            assertOrderedAndPositive(r.code() + " water", r.waterLPerKwh());
            assertThat(r.utcOffsetHours()).as(r.code()).isBetween(-12.0, 14.0);
        });
        Presets.kinds().values().forEach(k -> assertOrderedAndPositive(k.name(), k.energyWh()));
    }

    private static void assertOrderedAndPositive(String what, Range r) {
        assertThat(r.low()).as(what).isPositive().isLessThanOrEqualTo(r.central());
        assertThat(r.central()).as(what).isLessThanOrEqualTo(r.high());
    }

    // Copied by hand from impact-data.md §4 (and the UTC offsets of the brief), not from presets.yaml.
    @ParameterizedTest(name = "{0}: {1}/{2}/{3} g/kWh, {4} L/kWh, UTC{5}")
    @CsvSource({
        "FR,    56,  56,  56,  3.67,  1",
        "US,    369, 369, 369, 3.13, -6",
        "US-VA, 322, 380, 411, 3.13, -5",
        "US-TX, 321, 373, 373, 3.13, -6",
        "IE,    291, 291, 291, 1.48,  0",
        "DE,    381, 381, 381, 1.95,  1",
        "SE,    41,  41,  41,  6.03,  1",
        "NO,    30,  30,  30,  6.66,  1",
        "CN,    582, 582, 582, 6.01,  8",
        "IN,    713, 713, 713, 3.44,  5.5",
        "SG,    471, 471, 471, 3.91,  8",
        "WORLD, 475, 475, 475, 3.91,  0",
    })
    @DisplayName("region values equal the impact-data.md §4 table")
    void regionValues(
            String code, double low, double central, double high, double waterLPerKwh, double utcOffsetHours) {
        RegionPreset r = Presets.region(code).orElseThrow();
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.carbonGPerKwh()).isEqualTo(new Range(low, central, high));
        assertThat(r.waterLPerKwh()).isEqualTo(Range.of(waterLPerKwh));
        assertThat(r.utcOffsetHours()).isEqualTo(utcOffsetHours);
    }

    @ParameterizedTest(name = "{0}: {1}/{2}/{3} Wh")
    @CsvSource({
        // IT boundary (impact-data.md §1, §9), conversions by hand:
        "text,          0.04,    0.22,    4", // central 0.24 Wh facility / PUE 1.09 = 0.2202
        "image,         0.13,    2.9,     11.5", // low 0.11 Wh GPU × 1.2 = 0.132
        "video,         21,      205,     944", // low 17.7 × 1.2 = 21.24; central 93 Wh GPU × 2.2 = 204.6
        "reasoning,     0.5,     19.8,    39", // central 9.0 Wh GPU × 2.2 = 19.8
        "frontier-task, 1623000, 1623000, 1623000", // 1,785 kWh facility / PUE 1.10 = 1,622.7 kWh
    })
    @DisplayName("kind values equal the impact-data.md §2 table converted to IT energy per request (§9)")
    void kindValues(String name, double low, double central, double high) {
        KindPreset k = Presets.kind(name).orElseThrow();
        assertThat(k.name()).isEqualTo(name);
        assertThat(k.energyWh()).isEqualTo(new Range(low, central, high));
    }

    @Test
    @DisplayName(
            "spot values: France 56 g/kWh and 3.67 L/kWh, image 2.9 Wh central, o3 task 1,785 kWh of facility energy at PUE 1.10")
    void spotValues() {
        assertThat(Presets.region("FR").orElseThrow().carbonGPerKwh().central()).isEqualTo(56);
        assertThat(Presets.region("FR").orElseThrow().waterLPerKwh().central()).isEqualTo(3.67);
        assertThat(Presets.kind("image").orElseThrow().energyWh().central()).isEqualTo(2.9);
        assertThat(Presets.kind("frontier-task").orElseThrow().energyWh().central() / 1000 * 1.10)
                .isCloseTo(1785, within(1.0));
    }

    @Test
    @DisplayName("Singapore borrows the World EWIF and says so")
    void singaporeWater() {
        RegionPreset sg = Presets.region("SG").orElseThrow();
        assertThat(sg.waterLPerKwh())
                .isEqualTo(Presets.region("WORLD").orElseThrow().waterLPerKwh());
        assertThat(sg.source()).contains("no Singapore EWIF row").contains("World EWIF");
    }

    @Test
    @DisplayName("the USA's offset is labelled a convention; sourced ranges name every source")
    void sourcesExplain() {
        assertThat(Presets.region("US").orElseThrow().source()).contains("mid-continent convention");
        assertThat(Presets.region("US-VA").orElseThrow().source())
                .contains("322")
                .contains("379")
                .contains("411");
        assertThat(Presets.region("US-TX").orElseThrow().source())
                .contains("321")
                .contains("373");
    }

    @Test
    @DisplayName("unknown names give no preset; lookups are exact")
    void unknown() {
        assertThat(Presets.region("XX")).isEmpty();
        assertThat(Presets.region("fr")).isEmpty();
        assertThat(Presets.kind("audio")).isEmpty();
        assertThat(Presets.kind(null)).isEmpty();
    }

    @Test
    @DisplayName("the preset maps cannot be changed by a caller")
    void unmodifiable() {
        Map<String, RegionPreset> regions = Presets.regions();
        Map<String, KindPreset> kinds = Presets.kinds();
        assertThatThrownBy(() -> regions.remove("FR")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> kinds.put("x", kinds.get("text"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("a preset without a source is refused")
    void sourceRequired() {
        assertThatThrownBy(() -> new KindPreset("x", Range.of(1), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
        assertThatThrownBy(() -> new RegionPreset("X", Range.of(1), Range.of(1), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Presets.Catalogue parse(String yaml) {
        return Presets.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a well-formed document parses, one number meaning low = central = high")
    void parsesMinimalDocument() {
        Presets.Catalogue c = parse(
                "regions:\n" + REGION_OK + "kinds:\n  k: {energy_wh: {low: 1, central: 2, high: 3}, source: s}\n");
        assertThat(c.regions().get("XX").carbonGPerKwh()).isEqualTo(Range.of(10));
        assertThat(c.kinds().get("k").energyWh()).isEqualTo(new Range(1, 2, 3));
    }

    // One document per row, a literal backslash-n standing for a line break.
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "regions: {}\\nkinds: {}\\nextra: 1                                                                             | the keys [regions, kinds] and optionally",
                "regions:\\n  XX: {carbon_g_per_kwh: 10, water_l_per_kwh: 1, utc_offset_hours: 0}\\nkinds: {}                | regions.XX.source: expected a value",
                "regions:\\n  XX: {carbon_g_per_kwh: 10, water_l_per_kwh: 1, utc_offset_hours: 0, source: \" \"}\\nkinds: {} | regions.XX.source: expected a non-empty string",
                "regions:\\n  XX: {carbon_g_per_kwh: 10, water_l_per_kwh: 1, utc_offset_hours: 0, source: s, x: 1}\\nkinds: {} | regions.XX.x: expected one of",
                "regions:\\n  XX: {carbon_g_per_kwh: ten, water_l_per_kwh: 1, utc_offset_hours: 0, source: s}\\nkinds: {}   | regions.XX.carbon_g_per_kwh: expected a finite number",
                "regions:\\n  XX: {carbon_g_per_kwh: -1, water_l_per_kwh: 1, utc_offset_hours: 0, source: s}\\nkinds: {}    | regions.XX.carbon_g_per_kwh: expected a number >= 0",
                "regions:\\n  XX: {carbon_g_per_kwh: 10, water_l_per_kwh: 1, utc_offset_hours: 15, source: s}\\nkinds: {}   | regions.XX.utc_offset_hours: expected hours east of UTC",
                "regions: {}\\nkinds:\\n  k: {energy_wh: {low: 3, central: 2, high: 1}, source: s}                               | kinds.k.energy_wh: expected 0 <= low <= central <= high",
                "regions: {}\\nkinds:\\n  k: {energy_wh: {low: 1, central: 2}, source: s}                                        | kinds.k.energy_wh.high: expected a value",
                "regions: {}\\nkinds:\\n  k: {energy_wh: 0, source: s}                                                          | kinds.k.energy_wh: expected Wh per request > 0",
                "regions: {}\\nkinds:\\n  k: {energy_wh: 1, source: s}\\n  k: {energy_wh: 2, source: s}                           | not valid YAML",
            })
    @DisplayName("a malformed entry fails, naming the key and the expectation")
    void malformed(String yaml, String message) {
        String document = yaml.strip().replace("\\n", "\n");
        assertThatThrownBy(() -> parse(document))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("presets.yaml: ")
                .hasMessageContaining(message);
    }
}
