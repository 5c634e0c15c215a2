package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;

@DisplayName("the command line in two languages")
class CliLanguagesTest {

    private static final String BUNDLE = "org.rebound.cli.messages";

    private static String table(Lang lang) throws Exception {
        ObjectNode summary;
        try (InputStream in = CliLanguagesTest.class.getResourceAsStream("/report/summary-two-periods.json")) {
            summary = (ObjectNode) new ObjectMapper().readTree(in);
        }
        StringWriter text = new StringWriter();
        new Console(new PrintWriter(text), lang).summary(summary);
        return text.toString();
    }

    @Test
    @DisplayName("every sentence exists in English and French, with the same placeholders")
    void everyKeyInBoth() {
        assertThat(Messages.missingKeys(BUNDLE, CliLanguagesTest.class))
                .containsEntry(Lang.EN, Set.of())
                .containsEntry(Lang.FR, Set.of());
        Messages en = Messages.of(BUNDLE, Lang.EN, CliLanguagesTest.class);
        Messages fr = Messages.of(BUNDLE, Lang.FR, CliLanguagesTest.class);
        for (String key : en.keys()) {
            assertThat(placeholders(fr.all().get(key)))
                    .as(key)
                    .isEqualTo(placeholders(en.all().get(key)));
        }
    }

    private static Set<String> placeholders(String sentence) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([a-z0-9]+)}").matcher(sentence);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    @DisplayName("the final table in French: requêtes, énergie du site, CO₂e, eau, effet rebond, decimal commas")
    void frenchTable() throws Exception {
        String french = table(Lang.FR);
        assertThat(french)
                .contains("requêtes")
                .contains("énergie du site kWh")
                .contains("CO₂e kg")
                .contains("eau L")
                .contains("effet rebond")
                .contains("registre\u00a0: le générateur a produit")
                .contains("en termes concrets")
                .contains("recharges complètes de smartphone")
                .containsPattern("\\d,\\d")
                .doesNotContain("facility energy")
                .doesNotContain("rebound effect")
                .doesNotContain("BACKFIRE")
                .doesNotContain("ledger")
                .doesNotContain("smartphone charges");
        String english = table(Lang.EN);
        assertThat(english)
                .contains("requests")
                .contains("facility energy kWh")
                .contains("rebound effect")
                .contains("full smartphone charges")
                .doesNotContain("requêtes");
        assertThat(french.lines().count())
                .as("the same rows")
                .isEqualTo(english.lines().count());
    }

    @Test
    @DisplayName("large numbers: French separators and milliard (Md), never a 'G' or a decimal point")
    void compactFrench() {
        assertThat(Console.compact(4.2e9, Lang.FR)).isEqualTo("4,20Md");
        assertThat(Console.compact(4.2e9, Lang.EN)).isEqualTo("4.20G");
        assertThat(Console.compact2(3506.6, Lang.FR)).isEqualTo("3,5k");
        assertThat(Console.compact(-12.5, Lang.FR)).isEqualTo("\u221212,5");
    }
}
