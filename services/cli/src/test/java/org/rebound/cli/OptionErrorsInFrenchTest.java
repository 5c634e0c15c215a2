package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import org.rebound.kafka.NoSuchRunException;
import org.rebound.kafka.RunIds;

/**
 * Every check of an option value, and the lines of the service commands, in both languages: the
 * same exit code, English byte for byte as it was, French with the option names as they are and
 * no English word left (issue 14, "Two languages, everywhere").
 */
@DisplayName("option checks and service lines in English and French")
class OptionErrorsInFrenchTest {

    private static final String QUICKSTART = "../../scenarios/quickstart.yaml";
    private static final String NOWHERE = "127.0.0.1:1";
    private static final String NBSP = "\u00a0";

    /** Words of the English sentences that a French one must not contain (option names and paths removed first). */
    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(expected|found|must|only|with|not|is|holds|required|such|file|directory|between|least|use|give"
                    + "|keeps|leave|characters|numbers?|port from|any|free|sent|applied|generator|aggregating"
                    + "|stopped|read|room|keep|yourself|controls|produced|requests|events|started|interrupted)\\b",
            Pattern.UNICODE_CHARACTER_CLASS);

    @TempDir
    static Path tmp;

    private record Result(int exitCode, String out, String err) {}

    private static Result rebound(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rebound.execute(environment, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * One bad command line: its exit code, the English sentence it always printed (after "rebound: ")
     * and a piece of the French one.
     */
    record Case(String name, List<String> args, int exitCode, String english, String french) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-dir"));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path notEmpty = Files.createDirectories(tmp.resolve("not-empty"));
        Files.writeString(notEmpty.resolve("something"), "x");
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("run.json"), "{not json");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("run.json"), "{\"fingerprint\":\"x\",\"scenarios\":[\"quickstart\"]}");
        Path badConfig = Files.writeString(tmp.resolve("bad.properties"), "a=\\uZZZZ\n");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "run --partitions",
                List.of("run", QUICKSTART, "--partitions", "0"),
                2,
                "--partitions: expected a number from 1 to 256, found 0",
                "--partitions : un nombre de 1 à 256 était attendu, trouvé : 0"));
        cases.add(new Case(
                "run --port",
                List.of("run", QUICKSTART, "--port", "70000"),
                2,
                "--port: expected a port from 0 (any free port) to 65535, found 70000",
                "--port : un port de 0 (n'importe quel port libre) à 65535 était attendu, trouvé : 70000"));
        cases.add(
                new Case(
                        "run --speed",
                        List.of("run", QUICKSTART, "--speed", "fast"),
                        2,
                        "--speed: expected \"max\" or simulated time per second such as 1h/s or 30d/s, found 'fast'",
                        "--speed : « max » ou une durée simulée par seconde, comme 1h/s ou 30d/s, était attendu, trouvé : « fast »"));
        cases.add(new Case(
                "validate --set",
                List.of("validate", QUICKSTART, "--set", "workload.requests_per_day"),
                2,
                "--set: expected key.path=value (e.g. workload.requests_per_day=2e6), found 'workload.requests_per_day'",
                "--set : une valeur de la forme chemin.de.clé=valeur était attendue"));
        cases.add(new Case(
                "run --data-dir with --bootstrap",
                List.of("run", QUICKSTART, "--data-dir", dir.toString(), "--bootstrap", NOWHERE),
                2,
                "--data-dir: keeps the in-process broker's data; with --bootstrap the cluster keeps it (leave one out)",
                "--data-dir : garde les données du broker intégré ; avec --bootstrap, c'est le cluster qui les garde"));
        cases.add(new Case(
                "run --fresh",
                List.of("run", QUICKSTART, "--fresh"),
                2,
                "--fresh: only with --data-dir",
                "--fresh : seulement avec --data-dir"));
        cases.add(new Case(
                "run --summary a directory",
                List.of("run", QUICKSTART, "--summary", dir.toString()),
                2,
                "--summary: " + dir + " is a directory; expected a file name such as s.json",
                "--summary : " + dir + " est un dossier ; un nom de fichier était attendu, par exemple s.json"));
        cases.add(new Case(
                "run --report a directory",
                List.of("run", QUICKSTART, "--report", dir.toString()),
                2,
                "--report: " + dir + " is a directory; expected a file name such as report.html",
                "--report : " + dir + " est un dossier ; un nom de fichier était attendu, par exemple report.html"));
        cases.add(
                new Case(
                        "run --control-key too short",
                        List.of("run", QUICKSTART, "--control-key", "short"),
                        2,
                        "--control-key: expected 12 to 128 characters among A-Z a-z 0-9 _ - (it goes in the facilitator's address), found 5 characters",
                        "--control-key : une clé de 12 à 128 caractères parmi A-Z a-z 0-9 _ - était attendue (elle figure dans l'adresse de l'animation), trouvé : 5 caractères"));
        cases.add(new Case(
                "dashboard --control-key with other characters",
                List.of("dashboard", "--bootstrap", NOWHERE, "--control-key", "abcdefghijkl!"),
                2,
                "--control-key: expected 12 to 128 characters among A-Z a-z 0-9 _ - (it goes in the facilitator's address), found 13 characters with others",
                "trouvé : 13 caractères, dont certains non autorisés"));
        cases.add(new Case(
                "run --data-dir a file",
                List.of("run", QUICKSTART, "--data-dir", file.toString()),
                2,
                "--data-dir: " + file + " is a file; expected a directory (created if missing)",
                "--data-dir : " + file + " est un fichier ; un dossier était attendu (créé s'il n'existe pas)"));
        cases.add(
                new Case(
                        "run --data-dir not empty",
                        List.of("run", QUICKSTART, "--data-dir", notEmpty.toString()),
                        2,
                        "--data-dir: " + notEmpty
                                + " is not empty and holds no Rebound run (no run.json); give an empty or new directory",
                        "--data-dir : " + notEmpty
                                + " n'est pas vide et ne contient aucune simulation Rebound (pas de run.json) ; donnez un dossier vide ou nouveau"));
        cases.add(new Case(
                "run --data-dir unreadable run.json",
                List.of("run", QUICKSTART, "--data-dir", broken.toString()),
                2,
                "--data-dir: " + broken.resolve("run.json") + " is not readable (",
                "--data-dir : " + broken.resolve("run.json") + " est illisible ("));
        cases.add(
                new Case(
                        "run --data-dir another run",
                        List.of("run", QUICKSTART, "--data-dir", other.toString()),
                        2,
                        "--data-dir: " + other
                                + " holds a run of [\"quickstart\"] with other contents or --set values; use --fresh to start over, or another directory",
                        "--data-dir : " + other
                                + " garde une simulation de [\"quickstart\"] dont le contenu ou les valeurs --set diffèrent ; --fresh pour repartir de zéro"));
        cases.add(new Case(
                "generate --instance",
                List.of("generate", QUICKSTART, "--bootstrap", NOWHERE, "--instance", "2/2"),
                2,
                "--instance: expected I/N with 0 <= I < N (e.g. 0/2), found '2/2'",
                "--instance : I/N avec 0 ≤ I < N était attendu (par exemple 0/2), trouvé : « 2/2 »"));
        cases.add(new Case(
                "generate --run required",
                List.of("generate", QUICKSTART, "--bootstrap", NOWHERE, "--instance", "0/2"),
                2,
                "--run: required with several instances (--instance 0/2), so that they write one run",
                "--run : obligatoire avec plusieurs instances (--instance 0/2)"));
        cases.add(
                new Case(
                        "generate --run not a run id",
                        List.of("generate", QUICKSTART, "--bootstrap", NOWHERE, "--run", "ops test/1"),
                        2,
                        "--run: " + RunIds.problem("ops test/1").orElseThrow(),
                        "--run : un identifiant de simulation de 1 à 100 caractères parmi A-Z a-z 0-9 . _ : @ - était attendu, trouvé : « ops test/1 »"));
        cases.add(new Case(
                "generate --speed",
                List.of("generate", QUICKSTART, "--bootstrap", NOWHERE, "--speed", "1h"),
                2,
                "--speed: expected \"max\" or simulated time per second such as 1h/s or 30d/s, found '1h'",
                "--speed : « max » ou une durée simulée par seconde"));
        cases.add(new Case(
                "generate --kafka-config absent",
                List.of("generate", QUICKSTART, "--bootstrap", NOWHERE, "--kafka-config", "/no/such.properties"),
                2,
                "--kafka-config: /no/such.properties: no such file",
                "--kafka-config : /no/such.properties : fichier introuvable"));
        cases.add(new Case(
                "aggregate --kafka-config unreadable",
                List.of("aggregate", "--bootstrap", NOWHERE, "--kafka-config", badConfig.toString()),
                2,
                "--kafka-config: " + badConfig + ": not a readable properties file (",
                "--kafka-config : " + badConfig + " : fichier de propriétés Java illisible ("));
        cases.add(new Case(
                "broker --port",
                List.of("broker", "--port", "70000"),
                2,
                "--port: expected 0 (any free port) or 1-65535, found 70000",
                "--port : 0 (n'importe quel port libre) ou un port de 1 à 65535 était attendu, trouvé : 70000"));
        cases.add(new Case(
                "bench --repeat",
                List.of("bench", QUICKSTART, "--repeat", "0"),
                2,
                "--partitions, --reference-records and --repeat must be at least 1",
                "--partitions, --reference-records et --repeat doivent valoir au moins 1"));
        cases.add(new Case(
                "set --wait",
                List.of("set", "--bootstrap", NOWHERE, "--wait", "9999", "workload.requests_per_day=2e6"),
                2,
                "--wait: expected seconds between 0 and 3600, found 9999.0",
                "--wait : un nombre de secondes entre 0 et 3600 était attendu, trouvé : 9999.0"));
        cases.add(
                new Case(
                        "set without '='",
                        List.of("set", "--bootstrap", NOWHERE, "workload.requests_per_day"),
                        2,
                        "expected key.path=value (e.g. workload.requests_per_day=2e6), found 'workload.requests_per_day'",
                        "une valeur de la forme chemin.de.clé=valeur était attendue (par exemple workload.requests_per_day=2e6), trouvé : « workload.requests_per_day »"));
        cases.add(new Case(
                "dashboard --run",
                List.of("dashboard", "--bootstrap", NOWHERE, "--run", "a b"),
                2,
                "--run: expected a run id of 1 to 100 characters among A-Z a-z 0-9 . _ : @ -, found 'a b'",
                "--run : un identifiant de simulation"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("the same exit code; English as it was; French with the option names as they are")
    void inBothLanguages(Case c) {
        Result english = rebound(Map.of("LANG", "en_GB.UTF-8"), c.args().toArray(String[]::new));
        assertThat(english.exitCode()).as(c.name()).isEqualTo(c.exitCode());
        assertThat(english.err()).as(c.name()).startsWith("rebound: " + c.english());

        List<String> args = new ArrayList<>(c.args());
        args.add("--lang");
        args.add("fr");
        Result french = rebound(Map.of(), args.toArray(String[]::new));
        assertThat(french.exitCode()).as(c.name()).isEqualTo(c.exitCode());
        String shown = french.err().replace(NBSP, " ").replace("\u202f", " ");
        assertThat(shown).as(c.name()).startsWith("rebound : ").contains(c.french());
        assertThat(french.err()).as(c.name()).doesNotContain(c.english()).doesNotContain("Exception");
        // the first line, without option names, paths and a library's own words in brackets
        String line = shown.lines()
                .findFirst()
                .orElse("")
                .replaceAll("\\S*/\\S*", "")
                .replaceAll("--[a-z-]+", "")
                .replaceAll("\\([^()]*\\)$", "")
                .replaceAll("est illisible \\(.*", "est illisible");
        Matcher m = ENGLISH.matcher(line);
        assertThat(m.find() ? m.group() : null).as(c.name() + ": " + line).isNull();
        // French punctuation: a no-break space before : ; ? !, never a plain one
        assertThat(french.err().lines().findFirst().orElse(""))
                .as(c.name())
                .doesNotContainPattern("[\\p{L}\\d»)] [:;?!]");
    }

    @Test
    @DisplayName(
            "the lines of set, generate, aggregate, dashboard and 'no such run': English as printed before, French")
    void serviceLines() {
        Messages en = Messages.of("org.rebound.cli.messages", Lang.EN, OptionErrorsInFrenchTest.class);
        Messages fr = Messages.of("org.rebound.cli.messages", Lang.FR, OptionErrorsInFrenchTest.class);
        assertThat(en.text("set.sent", "run", "r1", "changes", Map.of("workload.requests_per_day", "2e6")))
                .isEqualTo(String.format("sent to run %s: %s", "r1", Map.of("workload.requests_per_day", "2e6")));
        assertThat(en.text("set.applied", "time", "2025-03-01 10:18"))
                .isEqualTo("applied by the run's generator at simulated 2025-03-01 10:18 UTC");
        assertThat(en.text("set.notapplied", "seconds", "1", "run", "r1"))
                .isEqualTo(
                        "rebound: not applied within 1 s: no generator of run r1 took the change (the run has ended, "
                                + "or no generator serves it now; a generator that resumes the run applies it at its resume point)");
        assertThat(en.text("aggregate.running", "id", "rebound-aggregator", "cluster", "kafka:9092"))
                .isEqualTo("aggregating (application.id rebound-aggregator, cluster kafka:9092) — Ctrl-C to stop");
        assertThat(en.text("aggregate.stopped", "reason", "boom")).isEqualTo("rebound: the aggregator stopped: boom");
        assertThat(en.text("dashboard.room", "url", "http://h/"))
                .isEqualTo("dashboard: http://h/ — read-only, for the room; Ctrl-C to stop");
        assertThat(en.text("dashboard.facilitator", "url", "http://h/?key=k"))
                .isEqualTo("facilitator: http://h/?key=k — with the controls: keep it to yourself");
        assertThat(en.text(
                        "generate.produced", "requests", "1,000,095", "events", "8,634", "run", "r", "instance", "0/1"))
                .isEqualTo(String.format(
                        java.util.Locale.ROOT,
                        "produced %,d requests in %,d load events (run %s, instance %d/%d)",
                        1_000_095,
                        8_634,
                        "r",
                        0,
                        1));
        assertThat(en.text("set.norun", "run", "x", "address", "k:9092"))
                .isEqualTo(new NoSuchRunException("x", "k:9092").getMessage());
        assertThat(en.text("set.norun.latest", "address", "k:9092"))
                .isEqualTo(new NoSuchRunException(null, "k:9092").getMessage());
        for (String key : List.of(
                "set.sent",
                "set.applied",
                "set.notapplied",
                "aggregate.running",
                "aggregate.stopped",
                "dashboard.room",
                "dashboard.facilitator",
                "generate.produced",
                "set.norun",
                "set.norun.latest",
                "preflight.interrupted")) {
            String french = fr.all().get(key).replaceAll("\\$\\{[a-z]+}", "").replace("application.id", "");
            Matcher m = ENGLISH.matcher(french);
            assertThat(m.find() ? m.group() : null).as(key + ": " + french).isNull();
        }
    }
}
