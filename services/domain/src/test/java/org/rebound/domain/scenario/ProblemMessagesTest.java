package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;

/**
 * Every problem of a scenario in English and in French ({@link ProblemCorpus}: one wrong file,
 * override or live change per kind of problem). English is what the loader always said, byte for
 * byte ({@code problems-en.golden} was written by the loader before the messages moved to
 * bundles); French keeps the location as it is and says the rest in French.
 */
@DisplayName("problem messages in English and French")
class ProblemMessagesTest {

    private static final String NBSP = "\u00a0";
    /** Words of the English messages that a French one must not contain. */
    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(expected|found|missing|required|unknown|did you mean|not|must|only|after|before|with|between"
                    + "|nothing|least|most|is|are|the|of|per|addresses|fixed|line|key|value|list|mapping)\\b");
    /** Problems whose message ends with a text of the YAML parser (English in every language). */
    private static final Set<String> LIBRARY_TEXT = Set.of("not valid YAML", "too many aliases");

    @Test
    @DisplayName("every key is in both languages, with the same placeholders")
    void sameKeysAndPlaceholders() {
        assertThat(Messages.missingKeys(ProblemText.BUNDLE, ProblemText.class))
                .containsOnly(Map.entry(Lang.EN, Set.of()), Map.entry(Lang.FR, Set.of()));
        Map<String, String> english =
                Messages.of(ProblemText.BUNDLE, Lang.EN, ProblemText.class).all();
        Map<String, String> french =
                Messages.of(ProblemText.BUNDLE, Lang.FR, ProblemText.class).all();
        assertThat(english).hasSizeGreaterThan(100);
        english.forEach((key, sentence) ->
                assertThat(placeholders(french.get(key))).as(key).isEqualTo(placeholders(sentence)));
    }

    @Test
    @DisplayName("English is byte for byte what the loader said before the messages were translated")
    void englishUnchanged(@TempDir Path tmp) throws IOException {
        String golden = resource("problems-en.golden");
        assertThat(ProblemCorpus.render(tmp, Problem::toString)).isEqualTo(golden);
        assertThat(ProblemCorpus.render(tmp, p -> p.toString(Lang.EN))).isEqualTo(golden);
    }

    @Test
    @DisplayName("French keeps FILE:LINE: key.path: as in English and says the rest in French")
    void frenchKeepsTheLocation(@TempDir Path tmp) throws Exception {
        int problems = 0;
        for (ProblemCorpus.Case c : ProblemCorpus.cases()) {
            for (Problem p : c.run().problems(tmp)) {
                problems++;
                String english = p.toString();
                String location =
                        english.substring(0, english.length() - p.message().length());
                String french = p.toString(Lang.FR);
                assertThat(french).as(c.name()).startsWith(location).isEqualTo(location + p.message(Lang.FR));
                assertThat(location).as(c.name()).doesNotContain(NBSP);
                String message = p.message(Lang.FR);
                assertThat(message).as(c.name()).isNotEqualTo(p.message());
                // French punctuation: a no-break space, never a plain one, before : ; ? !
                assertThat(message).as(c.name()).doesNotContainPattern(" [:;?!]");
                if (LIBRARY_TEXT.contains(c.name())) {
                    assertThat(message)
                            .as(c.name())
                            .matches("(YAML non valide|document YAML inutilisable)" + NBSP + ": .*");
                } else {
                    Matcher m = ENGLISH.matcher(message);
                    String englishWord = m.find() ? m.group() : null;
                    assertThat(englishWord).as(c.name() + ": " + message).isNull();
                }
            }
        }
        assertThat(problems).as("problems in the corpus").isGreaterThan(100);
    }

    @Test
    @DisplayName("a representative set of wrong files, read in French")
    void representativeFrench(@TempDir Path tmp) throws Exception {
        assertThat(french(tmp, "unknown key with suggestion"))
                .containsExactly(
                        "s.yaml:6: clock.tik: clé inconnue « tik » (vouliez-vous dire « tick » ?) ; l'une de ces clés était attendue : start, end, tick, speed, period",
                        "s.yaml:4: clock: il manque la clé obligatoire « tick »");
        assertThat(french(tmp, "number expected (word)"))
                .containsExactly("s.yaml:20: datacentres.paris-1.pue: un nombre était attendu, trouvé : « abc »");
        assertThat(french(tmp, "number expected (quoted)"))
                .containsExactly(
                        "s.yaml:20: datacentres.paris-1.pue: un nombre était attendu, trouvé : le texte entre guillemets \"1.1\"");
        assertThat(french(tmp, "pue below 1"))
                .containsExactly(
                        "s.yaml:20: datacentres.paris-1.pue: un PUE ≥ 1,0 (énergie du site / énergie des serveurs) était attendu, trouvé : 0.9");
        assertThat(french(tmp, "missing key"))
                .containsExactly("s.yaml:4: clock: il manque la clé obligatoire « tick »");
        assertThat(french(tmp, "region reference"))
                .containsExactly(
                        "s.yaml:24: datacentres.ashburn-1.region: une région définie sous « regions » (FR, US-VA) était attendue, trouvé : « US-CA »");
        assertThat(french(tmp, "live wrong value"))
                .containsExactly(
                        "live change: datacentres.paris-1.pue: un PUE ≥ 1,0 (énergie du site / énergie des serveurs) était attendu, trouvé : 0.9");
        assertThat(french(tmp, "live addresses nothing"))
                .containsExactly(
                        "live change: kinds.video.energy_factor: « kinds.video » ne désigne rien : les clés de kinds sont [text, image]");
        assertThat(french(tmp, "timeline breaks a sum"))
                .containsExactly(
                        "s.yaml:4: datacentres: après le changement du calendrier à 2025-03-03T00:00:00Z : des parts des centres de données de somme 1 étaient attendues, trouvé : une somme de 1,25 (ligne 21)");
    }

    @Test
    @DisplayName("numbers Rebound states or computes are French numbers; values from the file stay as written")
    void frenchNumbers(@TempDir Path tmp) throws Exception {
        assertThat(french(tmp, "shares sum")).singleElement().asString().endsWith("une somme de 0,95");
        assertThat(french(tmp, "mix sum")).singleElement().asString().endsWith("une somme de 1,1");
        assertThat(french(tmp, "live requests limit"))
                .containsExactly(
                        "live change: workload.requests_per_day: au plus 1 000 000 000 000 requêtes par jour étaient attendues (limite de sécurité des changements en direct), trouvé : 2.0E12");
        assertThat(french(tmp, "live energy factor limit"))
                .singleElement()
                .asString()
                .contains("au moins 0,001 était attendu");
        assertThat(french(tmp, "carbon negative")).singleElement().asString().endsWith("trouvé : -56.0");
    }

    @Test
    @DisplayName("a value that looks like a placeholder is shown as it is, in both languages")
    void placeholdersInValues() {
        assertThatThrownBy(
                        () -> ScenarioLoader.parse(ProblemCorpus.base("name: demo\n", "name: \"${key}\"\n"), "s.yaml"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    Problem p = e.problems().get(0);
                    assertThat(p.toString())
                            .isEqualTo(
                                    "s.yaml:1: name: expected 1-64 characters among a-z, 0-9 and '-', found '${key}'");
                    assertThat(p.message(Lang.FR).replace(NBSP, " ")).endsWith("trouvé : « ${key} »");
                });
    }

    @Test
    @DisplayName("a problem made from a plain message says it in every language, and is still equal to itself")
    void literalProblems() {
        Problem p = new Problem("f.yaml", 3, "a.b", "something odd");
        assertThat(p.toString()).isEqualTo("f.yaml:3: a.b: something odd");
        assertThat(p.toString(Lang.FR)).isEqualTo("f.yaml:3: a.b: something odd");
        assertThat(p).isEqualTo(new Problem("f.yaml", 3, "a.b", "something odd"));
        assertThat(new Problem("f.yaml", 0, "", "x").toString(Lang.FR)).isEqualTo("f.yaml: x");
    }

    /** The French problems of one case of the corpus, no-break spaces shown as spaces. */
    private static List<String> french(Path tmp, String name) throws Exception {
        ProblemCorpus.Case c = ProblemCorpus.cases().stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow();
        List<String> shown = new ArrayList<>();
        for (Problem p : c.run().problems(tmp)) {
            shown.add(p.toString(Lang.FR).replace(NBSP, " ").replace("\u202f", " "));
        }
        return shown;
    }

    private static Set<String> placeholders(String sentence) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(sentence);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProblemMessagesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
