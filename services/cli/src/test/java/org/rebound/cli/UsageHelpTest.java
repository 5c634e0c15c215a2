package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

@DisplayName("--help and usage errors in the command's language")
class UsageHelpTest {

    /** Like surefire's LC_ALL=C.UTF-8: no language asked for. */
    private static final Map<String, String> NEUTRAL = Map.of("LC_ALL", "C.UTF-8");

    private static final Map<String, String> FRENCH = Map.of("LANG", "fr_FR.UTF-8");

    private static final String NOT_FOUND = "\u0000not in the bundle";

    private record Result(int exitCode, String out, String err) {}

    private static Result rebound(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rebound.execute(environment, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @AfterEach
    void backToTheEnvironment() {
        Language.set(Lang.fromEnvironment());
    }

    /** Every command of the tree, the root first, with its qualified name ("rebound run"). */
    private static List<CommandLine> tree(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.getSubcommands().values()) {
            all.addAll(tree(sub));
        }
        return all;
    }

    private static CommandLine english(String qualifiedName) {
        return tree(Rebound.commandLine(Lang.EN)).stream()
                .filter(c -> c.getCommandSpec().qualifiedName().equals(qualifiedName))
                .findFirst()
                .orElseThrow();
    }

    /** What the bundle alone gives for a usage section key ("usage.header"), or null. */
    private static String[] fromBundle(CommandSpec spec, String key) {
        return spec.usageMessage().messages().getStringArray(key, null);
    }

    /**
     * The option's description as picocli resolves it from the bundle (the command's qualified key,
     * then the plain one, by descriptionKey then by name), with the annotation's text replaced by a
     * marker: the marker comes back when the bundle has nothing for it.
     */
    private static String fromBundle(OptionSpec option) {
        OptionSpec probe = OptionSpec.builder(option).description(NOT_FOUND).build();
        probe.messages(option.messages());
        return String.join(" ", probe.description());
    }

    private static String fromBundle(PositionalParamSpec positional) {
        PositionalParamSpec probe =
                PositionalParamSpec.builder(positional).description(NOT_FOUND).build();
        probe.messages(positional.messages());
        return String.join(" ", probe.description());
    }

    @Test
    @DisplayName("every command, option and parameter of the whole tree has its French in usage_fr.properties")
    void everyDescriptionInFrench() {
        List<String> missing = new ArrayList<>();
        List<String> sameAsEnglish = new ArrayList<>();
        for (CommandLine french : tree(Rebound.commandLine(Lang.FR))) {
            CommandSpec spec = french.getCommandSpec();
            String name = spec.qualifiedName();
            CommandSpec english = english(name).getCommandSpec();
            assertThat(spec.resourceBundleBaseName()).as(name).isEqualTo(Usage.BUNDLE);
            if (fromBundle(spec, "usage.synopsisHeading") == null) {
                missing.add(name + ": usage.synopsisHeading");
            }
            if (english.usageMessage().header().length > 0 && fromBundle(spec, "usage.header") == null) {
                missing.add(name + ": usage.header");
            }
            if (english.usageMessage().description().length > 0 && fromBundle(spec, "usage.description") == null) {
                missing.add(name + ": usage.description");
            }
            if (english.usageMessage().footer().length > 0 && fromBundle(spec, "usage.footer") == null) {
                missing.add(name + ": usage.footer");
            }
            if (!english.usageMessage().exitCodeList().isEmpty()) {
                for (String key : List.of("usage.exitCodeListHeading", "usage.exitCodeList")) {
                    if (fromBundle(spec, key) == null) {
                        missing.add(name + ": " + key);
                    }
                }
                assertThat(spec.usageMessage().exitCodeList().keySet())
                        .as(name + ": the same exit codes")
                        .containsExactlyElementsOf(
                                english.usageMessage().exitCodeList().keySet());
            }
            if (!spec.subcommands().isEmpty() && fromBundle(spec, "usage.commandListHeading") == null) {
                missing.add(name + ": usage.commandListHeading");
            }
            for (OptionSpec option : spec.options()) {
                String text = fromBundle(option);
                if (option.hidden()) {
                    continue;
                }
                if (text.contains(NOT_FOUND)) {
                    missing.add(name + " " + option.longestName());
                } else if (text.equals(String.join(
                        " ", english.findOption(option.longestName()).description()))) {
                    sameAsEnglish.add(name + " " + option.longestName());
                }
            }
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                String text = fromBundle(positional);
                if (text.contains(NOT_FOUND)) {
                    missing.add(name + " " + positional.paramLabel());
                }
            }
        }
        assertThat(missing).as("no French for").isEmpty();
        assertThat(sameAsEnglish).as("the French is the English").isEmpty();
    }

    @Test
    @DisplayName("usage_fr.properties: no key for a command or option that does not exist, nothing shared by accident")
    void noStaleKeys() {
        ResourceBundle bundle = Usage.bundle(Lang.FR).orElseThrow();
        CommandLine root = Rebound.commandLine(Lang.FR);
        Set<String> names = new HashSet<>(); // every option's name without dashes, every descriptionKey
        for (CommandLine command : tree(root)) {
            command.getCommandSpec().options().forEach(o -> {
                Arrays.stream(o.names()).forEach(n -> names.add(n.replaceFirst("^-+", "")));
                names.add(o.descriptionKey());
            });
            command.getCommandSpec().positionalParameters().forEach(p -> names.add(p.descriptionKey()));
        }
        List<String> stale = new ArrayList<>();
        for (String key : bundle.keySet()) {
            if (key.startsWith("error.")) {
                continue;
            }
            if (key.startsWith("rebound.")) {
                String[] parts = key.split("\\.", 3);
                CommandLine command =
                        parts[1].equals("usage") ? root : root.getSubcommands().get(parts[1]);
                if (command == null) {
                    stale.add(key + " (no such command)");
                } else if (!parts[1].equals("usage") && !parts[2].startsWith("usage.")) {
                    String option = parts[2];
                    boolean exists = command.getCommandSpec().options().stream()
                                    .anyMatch(o -> o.longestName().equals("--" + option)
                                            || o.descriptionKey().equals(option))
                            || command.getCommandSpec().positionalParameters().stream()
                                    .anyMatch(p -> p.descriptionKey().equals(option));
                    if (!exists) {
                        stale.add(key + " (no such option or parameter)");
                    }
                }
            } else if (key.startsWith("usage.")) {
                assertThat(key)
                        .as("a section shared by every command would hide a missing one")
                        .isNotIn("usage.header", "usage.description", "usage.footer");
            } else if (!names.contains(key)) {
                stale.add(key + " (no option has this name)");
            }
        }
        assertThat(stale).isEmpty();
    }

    @Test
    @DisplayName("rebound --lang fr run --help: French descriptions, headings and examples, no English ones")
    void frenchRunHelp() {
        Result result = rebound(NEUTRAL, "--lang", "fr", "run", "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("Lance un scénario de bout en bout")
                .contains("Utilisation\u00a0: rebound run")
                .contains("Fichier de scénario (YAML), par exemple scenarios/quickstart.yaml.")
                .contains("Utilise ce cluster Kafka au lieu d'en démarrer un dans le processus.")
                .contains("Affiche cette aide, puis s'arrête.")
                .contains("Langue des messages")
                .contains("Exemples\u00a0:")
                .contains("./rebound run scenarios/quickstart.yaml --summary s.json")
                .doesNotContain("Usage:")
                .doesNotContain("Examples:")
                .doesNotContain("Runs a scenario");
        CommandSpec english = english("rebound run").getCommandSpec();
        for (OptionSpec option : english.options()) {
            String start = String.join(" ", option.description());
            start = start.substring(0, Math.min(20, start.length()));
            assertThat(result.out()).as(option.longestName()).doesNotContain(start);
        }
        for (PositionalParamSpec positional : english.positionalParameters()) {
            assertThat(result.out()).doesNotContain(positional.description()[0]);
        }
        assertThat(rebound(NEUTRAL, "--lang", "fr", "help", "run").out())
                .as("rebound help run")
                .isEqualTo(result.out());
        assertThat(rebound(NEUTRAL, "run", "--help", "--lang=fr").out())
                .as("--lang after --help")
                .isEqualTo(result.out());
    }

    @Test
    @DisplayName("rebound --help in French: the commands, their one-line summaries and the exit codes")
    void frenchRootHelp() {
        Result result = rebound(NEUTRAL, "--lang", "fr", "--help");
        assertThat(result.out())
                .contains("Simule des requêtes d'IA générative vers des centres de données virtuels")
                .contains("l'effet rebond")
                .contains("Commandes\u00a0:")
                .contains("Un atelier\u00a0: N équipes")
                .contains("Affiche l'aide d'une commande.")
                .contains("Codes de sortie\u00a0:")
                .contains("entrée invalide")
                .doesNotContain("Commands:")
                .doesNotContain("Exit codes:")
                .doesNotContain("Display help information");
    }

    @Test
    @DisplayName("the language comes from LC_ALL, LC_MESSAGES, LANG when --lang is not given; --lang wins")
    void languageFromTheEnvironment() {
        assertThat(rebound(FRENCH, "validate", "--help").out())
                .contains("Vérifie des fichiers de scénario sans les lancer")
                .contains("Fichiers de scénario (YAML).");
        assertThat(rebound(Map.of("LC_MESSAGES", "fr_CA.UTF-8"), "help", "set").out())
                .contains("Modifie un scénario en cours de simulation");
        assertThat(rebound(Map.of("LANG", "fr_FR.UTF-8", "LC_ALL", "C"), "validate", "--help")
                        .out())
                .contains("Checks scenario files without running them");
        assertThat(rebound(FRENCH, "--lang", "en", "validate", "--help").out())
                .isEqualTo(rebound(NEUTRAL, "validate", "--help").out());
        assertThat(Rebound.language(FRENCH, "run", "--", "--lang", "en"))
                .as("after --, --lang is a file name")
                .isEqualTo(Lang.FR);
        assertThat(Rebound.language(NEUTRAL, "--lang", "de")).isEqualTo(Lang.EN);
    }

    @Test
    @DisplayName("English --help is the annotations' text, as before: no bundle, every command of the tree")
    void englishUnchanged() {
        CommandLine plain = new CommandLine(new Rebound()).setUsageHelpWidth(100);
        for (CommandLine command : tree(plain)) {
            String name = command.getCommandSpec().qualifiedName();
            List<String> args = new ArrayList<>(Arrays.asList(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");
            Result result = rebound(NEUTRAL, args.toArray(String[]::new));
            assertThat(result.exitCode()).as(name).isZero();
            assertThat(result.out()).as(name).isEqualTo(command.getUsageMessage());
        }
        assertThat(rebound(NEUTRAL, "--help").out())
                .contains("Usage: rebound")
                .contains("Commands:")
                .contains("Exit codes:")
                .contains("2   invalid input (usage, scenario file)")
                .doesNotContain("Utilisation");
        assertThat(rebound(NEUTRAL, "run", "--help").out())
                .contains("Scenario file (YAML), e.g. scenarios/quickstart.yaml.")
                .contains("Examples:");
    }

    @Test
    @DisplayName("a usage error in French: the sentence, a suggestion or the French usage, exit 2")
    void frenchUsageErrors() {
        Result unknown = rebound(NEUTRAL, "--lang", "fr", "run", "--no-such-option", "x.yaml");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("Option inconnue\u00a0: «\u00a0--no-such-option\u00a0»")
                .contains("Vouliez-vous dire\u00a0: --no-baseline\u00a0?")
                .doesNotContain("Unknown option")
                .doesNotContain("Possible solutions");

        Result missing = rebound(NEUTRAL, "run", "--lang", "fr");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("Paramètre obligatoire manquant\u00a0: «\u00a0SCENARIO\u00a0»")
                .contains("Utilisation\u00a0: rebound run")
                .contains("Fichier de scénario (YAML)")
                .doesNotContain("Missing required");

        Result option = rebound(FRENCH, "room", "x.yaml");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err())
                .contains("Option obligatoire manquante\u00a0: «\u00a0--teams=N\u00a0»")
                .contains("Nombre d'équipes, de 2 à 12.");

        Result invalid = rebound(FRENCH, "run", "x.yaml", "--port", "abc");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err())
                .contains("Valeur invalide pour l'option «\u00a0--port\u00a0»")
                .contains("«\u00a0abc\u00a0» n'est pas un nombre entier")
                .doesNotContain("Invalid value");

        Result noValue = rebound(FRENCH, "run", "x.yaml", "--speed");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.err()).contains("Il manque une valeur pour l'option «\u00a0--speed\u00a0» (S)");

        Result command = rebound(FRENCH, "ru");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err())
                .contains("Argument inattendu\u00a0: «\u00a0ru\u00a0»")
                .contains("Vouliez-vous dire\u00a0: rebound run\u00a0?");

        Result none = rebound(FRENCH);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Il manque la commande").contains("Commandes\u00a0:");

        Result lang = rebound(FRENCH, "--lang", "de", "validate", "x.yaml");
        assertThat(lang.exitCode()).isEqualTo(2);
        assertThat(lang.err()).contains("--lang\u00a0: langue attendue parmi en, fr, trouvé\u00a0: «\u00a0de\u00a0»");
    }

    @Test
    @DisplayName("the same usage errors in English are picocli's own, exit 2")
    void englishUsageErrors() {
        Result unknown = rebound(NEUTRAL, "run", "--no-such-option", "x.yaml");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("Unknown option: '--no-such-option'")
                .contains("Possible solutions: --no-baseline");
        Result missing = rebound(NEUTRAL, "run");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("Missing required parameter: 'SCENARIO'")
                .contains("Usage: rebound run");
    }

    @Test
    @DisplayName("a sentence of picocli's we do not know stays as it is")
    void unknownSentence() {
        org.rebound.domain.text.Messages text =
                org.rebound.domain.text.Messages.of(Usage.BUNDLE, Lang.FR, UsageHelpTest.class);
        assertThat(Usage.translate("Something new in picocli 5", text)).isEqualTo("Something new in picocli 5");
        assertThat(Usage.translate("Unknown options: '--a', '--b'", text))
                .isEqualTo("Options inconnues\u00a0: «\u00a0--a\u00a0», «\u00a0--b\u00a0»");
        assertThat(Usage.translate(
                        "Unknown option: '--x'; Expected parameter for option '--speed' (S) but found '--x'", text))
                .isEqualTo("Option inconnue\u00a0: «\u00a0--x\u00a0»\u00a0; il manque une valeur pour l'option "
                        + "«\u00a0--speed\u00a0» (S)\u00a0: «\u00a0--x\u00a0» n'en est pas une");
    }
}
