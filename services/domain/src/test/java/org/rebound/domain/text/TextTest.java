package org.rebound.domain.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("languages: choosing one, its sentences, its numbers and dates")
class TextTest {

    private static final String NNBSP = HumanNumbers.NARROW_NBSP;

    @Test
    @DisplayName("the environment and a browser's Accept-Language choose the language; English otherwise")
    void choosing() {
        assertThat(Lang.fromEnvironment(Map.of("LANG", "fr_FR.UTF-8"))).isEqualTo(Lang.FR);
        assertThat(Lang.fromEnvironment(Map.of("LANG", "fr_FR.UTF-8", "LC_ALL", "C")))
                .isEqualTo(Lang.EN);
        assertThat(Lang.fromEnvironment(Map.of("LC_MESSAGES", "fr_CA", "LANG", "en_US")))
                .isEqualTo(Lang.FR);
        assertThat(Lang.fromEnvironment(Map.of())).isEqualTo(Lang.EN);
        assertThat(Lang.fromEnvironment(Map.of("LANG", "de_DE.UTF-8"))).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).isEqualTo(Lang.FR);
        assertThat(Lang.fromAcceptLanguage("de-DE,en;q=0.5,fr;q=0.4")).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage("de-DE,fr;q=0.5")).isEqualTo(Lang.FR);
        assertThat(Lang.fromAcceptLanguage(";;;q=x")).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage(null)).isEqualTo(Lang.EN);
        assertThat(Lang.parse("FR")).contains(Lang.FR);
        assertThat(Lang.parse("french")).isEmpty();
        assertThat(Lang.codes()).isEqualTo("en, fr");
    }

    @Test
    @DisplayName("sentences with named placeholders, apostrophes kept, a missing key or name throws")
    void sentences() {
        Messages en = Messages.of("org.rebound.domain.text.sample", Lang.EN, TextTest.class);
        Messages fr = Messages.of("org.rebound.domain.text.sample", Lang.FR, TextTest.class);
        assertThat(en.text("greeting", "name", "Ada", "what", "noon")).isEqualTo("Hello Ada, it is noon.");
        assertThat(fr.text("greeting", "name", "Ada", "what", "midi")).isEqualTo("Bonjour Ada, c'est midi.");
        assertThat(fr.text("only.en"))
                .as("French falls back to the base file key by key")
                .isEqualTo("here");
        assertThatThrownBy(() -> en.text("nope")).hasMessageContaining("nope");
        assertThat(en.text("greeting", "name", "${what}", "what", "noon"))
                .as("a value is text: its ${…} stays as written")
                .isEqualTo("Hello ${what}, it is noon.");
        assertThatThrownBy(() -> en.text("greeting", "name", "Ada")).hasMessageContaining("greeting");
        assertThat(Messages.missingKeys("org.rebound.domain.text.sample", TextTest.class))
                .containsEntry(Lang.EN, Set.of())
                .containsEntry(Lang.FR, Set.of("only.en"));
    }

    @Test
    @DisplayName("numbers: separators, scale words (milliard, billion) and plural in French, minus sign")
    void numbers() {
        HumanNumbers en = HumanNumbers.of(Lang.EN);
        HumanNumbers fr = HumanNumbers.of(Lang.FR);
        assertThat(en.sig3(12_345)).isEqualTo("12,300");
        assertThat(fr.sig3(12_345)).isEqualTo("12" + NNBSP + "300");
        assertThat(en.sig3(2.7)).isEqualTo("2.70");
        assertThat(fr.sig3(2.7)).isEqualTo("2,70");
        assertThat(en.sig3(2.84e6)).isEqualTo("2.84 million");
        assertThat(fr.sig3(2.84e6)).isEqualTo("2,84 millions");
        assertThat(fr.sig3(1.5e6)).isEqualTo("1,50 million");
        assertThat(en.sig3(1.3e12)).isEqualTo("1.30 trillion");
        assertThat(fr.sig3(1.3e12)).isEqualTo("1,30 billion");
        assertThat(fr.sig3(4.2e9)).isEqualTo("4,20 milliards");
        assertThat(fr.sig3(-0.5)).isEqualTo("\u22120,500");
        assertThat(fr.sig3(4.59e-5)).isEqualTo("4,59 × 10⁻⁵");
        assertThat(fr.sig3(Double.NaN)).isEqualTo("–");
        assertThat(en.count(1_000_095)).isEqualTo("1,000,095");
        assertThat(fr.count(1_000_095)).isEqualTo("1" + NNBSP + "000" + NNBSP + "095");
        assertThat(fr.percent(0.12)).isEqualTo("12,0" + NNBSP + "%");
        assertThat(en.range(1.25e6, 72.1e6)).isEqualTo("1.25 – 72.1 million");
        assertThat(fr.range(2.5e6, 72.1e6)).isEqualTo("2,50 – 72,1 millions");
        assertThat(fr.tick(1500)).isEqualTo("1" + NNBSP + "500");
        assertThat(fr.tick(2.5)).isEqualTo("2,5");
    }

    @Test
    @DisplayName("dates: 1 Dec 2025 and 1 déc. 2025, 14 h 30 in French")
    void dates() {
        Instant instant = Instant.parse("2025-12-01T14:30:00Z");
        assertThat(HumanNumbers.of(Lang.EN).date(instant)).isEqualTo("1 Dec 2025");
        assertThat(HumanNumbers.of(Lang.FR).date(instant)).isEqualTo("1 déc. 2025");
        assertThat(HumanNumbers.of(Lang.FR).dateTime(instant)).isEqualTo("1 déc. 2025, 14 h 30");
        assertThat(HumanNumbers.of(Lang.EN).dateTime(instant)).isEqualTo("1 Dec 2025, 14:30");
    }

    @Test
    @DisplayName("every equivalence has its phrase in both languages, the English one the same as the code's")
    void equivalencePhrases() {
        assertThat(Messages.missingKeys("org.rebound.domain.impact.equivalences", TextTest.class))
                .containsEntry(Lang.EN, Set.of())
                .containsEntry(Lang.FR, Set.of());
        var all = org.rebound.domain.impact.Equivalences.of(
                new org.rebound.domain.Range(1, 2, 3),
                new org.rebound.domain.Range(1, 2, 3),
                new org.rebound.domain.Range(1, 2, 3));
        for (var e : all) {
            assertThat(org.rebound.domain.impact.Equivalences.unitPhrase(e.label(), "?", Lang.EN))
                    .isEqualTo(e.unitPhrase());
            assertThat(org.rebound.domain.impact.Equivalences.unitPhrase(e.label(), "?", Lang.FR))
                    .isNotEqualTo(e.unitPhrase())
                    .isNotEqualTo("?");
        }
    }
}
