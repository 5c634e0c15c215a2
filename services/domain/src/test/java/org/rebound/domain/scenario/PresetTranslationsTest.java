package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rebound.domain.text.Lang;

/**
 * Every preset in the repository's {@code scenarios/} folder speaks to both its readers: a title
 * and facilitator's notes in English and in French ({@code title: {en: …, fr: …}}), the French its
 * own text (not a copy), and the same numbers in both, whatever each language's way of writing
 * them ("10,113 t" and "10 113 t", "1.3 trillion" and "1 300 milliards").
 */
@DisplayName("preset scenarios in English and French")
class PresetTranslationsTest {

    /** The tests run with services/domain as the working directory. */
    private static final Path LIBRARY = Path.of("../../scenarios");

    static List<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(LIBRARY)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    @DisplayName("the library is where the test looks for it")
    void libraryFound() throws IOException {
        assertThat(presets()).hasSizeGreaterThanOrEqualTo(11);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    @DisplayName("has a title and a narrative in English and in French, the French its own text")
    void bothLanguages(Path file) throws ScenarioException {
        Scenario s = ScenarioLoader.load(file);
        for (Lang lang : Lang.values()) {
            assertThat(s.titles()).as("%s: title.%s", file, lang.code()).containsKey(lang);
            assertThat(s.narratives()).as("%s: narrative.%s", file, lang.code()).containsKey(lang);
            assertThat(s.titles().get(lang))
                    .as("%s: title.%s", file, lang.code())
                    .isNotBlank();
            assertThat(s.narratives().get(lang).strip().lines().count())
                    .as("%s: lines of narrative.%s", file, lang.code())
                    .isGreaterThanOrEqualTo(3);
        }
        assertThat(s.title(Lang.FR)).as("%s: French title", file).isNotEqualTo(s.title(Lang.EN));
        assertThat(s.narrative(Lang.FR)).as("%s: French narrative", file).isNotEqualTo(s.narrative(Lang.EN));
        assertThat(s.title())
                .as("%s: the default title stays the English one", file)
                .isEqualTo(s.title(Lang.EN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    @DisplayName("the same numbers in both languages, in title and narrative")
    void sameNumbers(Path file) throws ScenarioException {
        Scenario s = ScenarioLoader.load(file);
        assertThat(numbers(s.title(Lang.FR), Lang.FR))
                .as("%s: numbers of the French title against the English one", file)
                .isEqualTo(numbers(s.title(Lang.EN), Lang.EN));
        assertThat(numbers(s.narrative(Lang.FR), Lang.FR))
                .as("%s: numbers of the French narrative against the English one", file)
                .isEqualTo(numbers(s.narrative(Lang.EN), Lang.EN));
    }

    @Test
    @DisplayName("reading numbers: separators, decimal marks, scale words and year spans of each language")
    void readingNumbers() {
        assertThat(numbers("10,113 tCO2e, 1.3 trillion, 161 million a day, 2024-25, GPT-3, 70B", Lang.EN))
                .containsExactlyInAnyOrderElementsOf(decimals("10113", "1.3e12", "1.61e8", "2024", "2025", "3", "70"));
        assertThat(numbers(
                        "10\u202f113\u202ft CO₂e, 1\u202f300 milliards, 1,3 billion, 161 millions par jour, 2024 et 2025,"
                                + " GPT-3, 70B, Llama 3.1 405B",
                        Lang.FR))
                .containsExactlyInAnyOrderElementsOf(
                        decimals("10113", "1.3e12", "1.61e8", "2024", "2025", "3", "70", "3.1", "405"));
    }

    private static final Pattern NUMBER =
            Pattern.compile("(?<![\\p{L}\\d_.])(\\d+(?:\\.\\d+)?)(?:[\\s\\u202f\\u00a0]+(\\p{Ll}+))?");
    private static final Pattern YEAR_SPAN = Pattern.compile("\\b(\\d{2})(\\d{2})-(\\d{2})\\b");
    private static final Map<String, BigDecimal> SCALE_EN = Map.of(
            "trillion", BigDecimal.TEN.pow(12), "billion", BigDecimal.TEN.pow(9), "million", BigDecimal.TEN.pow(6));
    private static final Map<String, BigDecimal> SCALE_FR = Map.of(
            "billion", BigDecimal.TEN.pow(12),
            "billions", BigDecimal.TEN.pow(12),
            "milliard", BigDecimal.TEN.pow(9),
            "milliards", BigDecimal.TEN.pow(9),
            "million", BigDecimal.TEN.pow(6),
            "millions", BigDecimal.TEN.pow(6));

    /**
     * The numbers written in digits in a text, as values: English "1,264" and French "1 264"
     * (narrow no-break space) are 1264, French "0,22" is 0.22, "5 billion" is 5e9 in English and
     * "5 milliards" in French, "2024-25" is 2024 and 2025. Digits glued to a letter before them
     * (CO2e, o3, Q2) are names, not numbers.
     */
    static Set<BigDecimal> numbers(String text, Lang lang) {
        String t = YEAR_SPAN.matcher(text).replaceAll("$1$2-$1$3");
        Map<String, BigDecimal> scale;
        if (lang == Lang.EN) {
            t = t.replaceAll("(?<=\\d),(?=\\d{3}(?!\\d))", "");
            scale = SCALE_EN;
        } else {
            t = t.replaceAll("(?<=\\d)[\\u202f\\u00a0](?=\\d{3}(?!\\d))", "");
            t = t.replaceAll("(?<=\\d),(?=\\d)", ".");
            scale = SCALE_FR;
        }
        Set<BigDecimal> out = new TreeSet<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            BigDecimal value = new BigDecimal(m.group(1));
            BigDecimal factor = m.group(2) == null ? null : scale.get(m.group(2));
            if (factor != null) {
                value = value.multiply(factor);
            }
            out.add(value.stripTrailingZeros());
        }
        return out;
    }

    private static List<BigDecimal> decimals(String... values) {
        return Stream.of(values)
                .map(v -> new BigDecimal(v).stripTrailingZeros())
                .toList();
    }
}
