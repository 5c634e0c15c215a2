package org.rebound.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;

@DisplayName("the dashboard's text in English and in French")
class DashboardMessagesTest {

    @Test
    @DisplayName("every key of the dashboard bundle exists in both languages")
    void everyKeyInBothLanguages() {
        assertThat(Messages.missingKeys(DashboardText.BUNDLE, DashboardText.class))
                .isEqualTo(Map.of(Lang.EN, Set.of(), Lang.FR, Set.of()));
    }

    @Test
    @DisplayName("every key the page asks for (data-i18n in index.html, t(\"…\") in app.js) is in the bundle")
    void everyKeyThePageUsesExists() throws IOException {
        Set<String> used = new TreeSet<>();
        collect(resource("dashboard/index.html"), Pattern.compile("data-i18n(?:-[a-z]+)?=\"([^\"]+)\""), used);
        collect(resource("dashboard/app.js"), Pattern.compile("\\bt\\(\"([^\"]+)\""), used);
        assertThat(used).as("keys found in the page").hasSizeGreaterThan(40);
        for (Lang lang : Lang.values()) {
            assertThat(Messages.of(DashboardText.BUNDLE, lang, DashboardText.class)
                            .keys())
                    .as("keys of the %s bundle", lang)
                    .containsAll(used);
        }
    }

    @Test
    @DisplayName("French reads as French: no 'backfire', 'datacenter'; a no-break space before ':' and '%'")
    void frenchConventions() {
        Map<String, String> fr =
                Messages.of(DashboardText.BUNDLE, Lang.FR, DashboardText.class).all();
        fr.forEach((key, sentence) -> {
            assertThat(sentence.toLowerCase(java.util.Locale.ROOT))
                    .as(key)
                    .doesNotContain("backfire", "datacenter", "data centre");
            assertThat(sentence).as(key + ": ordinary space before ':' or '%'").doesNotContain(" :", " %", " ;");
        });
        assertThat(fr.get("totals.energy")).isEqualTo("Énergie du site");
        assertThat(fr.get("reading.backfire")).contains("paradoxe de Jevons");
    }

    @Test
    @DisplayName("?lang= chooses the language, else the browser's Accept-Language, else English")
    void chooseLanguage() {
        assertThat(DashboardText.choose("fr", "en-GB,en;q=0.9")).isEqualTo(Lang.FR);
        assertThat(DashboardText.choose("en", "fr-FR")).isEqualTo(Lang.EN);
        assertThat(DashboardText.choose(null, "fr-FR,fr;q=0.9,en;q=0.8")).isEqualTo(Lang.FR);
        assertThat(DashboardText.choose("de", "fr-CA")).isEqualTo(Lang.FR);
        assertThat(DashboardText.choose(null, null)).isEqualTo(Lang.EN);
        assertThat(DashboardText.messages(Lang.FR).get("lang").asText()).isEqualTo("fr");
        assertThat(DashboardText.messages(Lang.FR)
                        .get("messages")
                        .get("timeline.heading")
                        .asText())
                .isEqualTo("Chronologie");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardText.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void collect(String text, Pattern pattern, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
