package org.rebound.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import picocli.CommandLine;

/**
 * The usage help and the usage errors in the command's language.
 *
 * <p>English is where it always was: in the {@code @Command}, {@code @Option} and {@code @Parameters}
 * annotations, and picocli's own sentences. French is in {@code org/rebound/cli/usage_fr.properties},
 * picocli's resource bundle (keys {@code rebound.run.usage.description}, {@code bootstrap},
 * {@code rebound.set.run}... as picocli looks them up), which also holds the French for picocli's
 * usage errors ({@code error.*}). UsageHelpTest checks that every command, option and parameter has
 * its French.
 */
final class Usage {

    static final String BUNDLE = "org.rebound.cli.usage";

    private Usage() {}

    /** picocli's resource bundle for {@code lang}; none for English (the annotations' text). */
    static Optional<ResourceBundle> bundle(Lang lang) {
        if (lang == Lang.EN) {
            return Optional.empty();
        }
        return Optional.of(ResourceBundle.getBundle(
                BUNDLE,
                new Locale(lang.code()),
                Usage.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    /**
     * Usage errors (unknown option, missing parameter, invalid value...): picocli's in English; in
     * another language, its sentence translated, suggestions and usage help in that language, and
     * the same exit code (2).
     */
    static final class Errors implements CommandLine.IParameterExceptionHandler {

        private final Lang lang;
        private final CommandLine.IParameterExceptionHandler picocli;

        Errors(Lang lang, CommandLine.IParameterExceptionHandler picocli) {
            this.lang = lang;
            this.picocli = picocli;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) throws Exception {
            if (lang == Lang.EN) {
                return picocli.handleParseException(ex, args);
            }
            CommandLine cli = ex.getCommandLine();
            PrintWriter err = cli.getErr();
            Messages text = Messages.of(BUNDLE, lang, Usage.class);
            err.println(cli.getColorScheme().errorText(translate(ex.getMessage(), text)));
            if (!suggestions(ex, text, err)) {
                cli.usage(err, cli.getColorScheme());
            }
            err.flush();
            return cli.getExitCodeExceptionMapper() != null
                    ? cli.getExitCodeExceptionMapper().getExitCode(ex)
                    : cli.getCommandSpec().exitCodeOnInvalidInput();
        }

        private static boolean suggestions(CommandLine.ParameterException ex, Messages text, PrintWriter err) {
            if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)) {
                return false;
            }
            List<String> suggestions = unmatched.getSuggestions();
            if (suggestions.isEmpty()) {
                return false;
            }
            String command = ex.getCommandLine().getCommandSpec().name();
            List<String> named = unmatched.isUnknownOption()
                    ? suggestions
                    : suggestions.stream().map(s -> command + " " + s).toList();
            err.println(text.text("error.suggestions", "suggestions", String.join(text.text("error.or"), named)));
            return true;
        }
    }

    /** One of picocli's sentences and the French for it ({@code error.*} key; groups become placeholders). */
    private record Sentence(Pattern english, String key, String... groups) {
        Sentence(String english, String key, String... groups) {
            this(Pattern.compile(english, Pattern.DOTALL), key, groups);
        }
    }

    /** picocli 4.7's usage errors, most specific first. */
    private static final List<Sentence> SENTENCES = List.of(
            new Sentence("Unknown option: (?<args>'.*?'); (?<rest>.*)", "error.unknown.option.then", "args", "rest"),
            new Sentence("Unknown option: (?<args>.*)", "error.unknown.option", "args"),
            new Sentence("Unknown options: (?<args>.*)", "error.unknown.options", "args"),
            new Sentence("Unmatched argument at index \\d+: (?<args>.*)", "error.unmatched.argument", "args"),
            new Sentence("Unmatched arguments from index \\d+: (?<args>.*)", "error.unmatched.arguments", "args"),
            new Sentence("Missing required subcommand", "error.missing.subcommand"),
            new Sentence("Missing required parameter for (?<what>.*)", "error.missing.value", "what"),
            new Sentence("Missing required option: (?<args>.*)", "error.missing.option", "args"),
            new Sentence("Missing required options: (?<args>.*)", "error.missing.options", "args"),
            new Sentence("Missing required parameter: (?<args>.*)", "error.missing.parameter", "args"),
            new Sentence("Missing required parameters: (?<args>.*)", "error.missing.parameters", "args"),
            new Sentence(
                    "Missing required options and parameters: (?<args>.*)", "error.missing.options.parameters", "args"),
            new Sentence(
                    "Expected parameter (?:\\d+ \\(of \\d+ mandatory parameters\\) )?for (?<what>.*) but found (?<args>'.*')",
                    "error.expected.value",
                    "what",
                    "args"),
            new Sentence(
                    "Invalid value for (?<what>option '[^']*'(?: at index \\d+)?(?: \\([^)]*\\))?"
                            + "|positional parameter at index \\S+ \\([^)]*\\)): (?<why>.*)",
                    "error.invalid.value",
                    "what",
                    "why"),
            new Sentence("(?<what>.*) should be specified only once", "error.once", "what"),
            new Sentence(
                    "(?<what>.*) requires at least (?<n>\\d+) values, but none were specified\\.",
                    "error.values",
                    "what",
                    "n"));

    /** Why a value could not be read (picocli's type converters), most specific first. */
    private static final List<Sentence> REASONS = List.of(
            new Sentence("(?<args>'.*') is not an? (?:int|long|short|byte)", "error.not.integer", "args"),
            new Sentence("(?<args>'.*') is not an? (?:float|double)", "error.not.number", "args"),
            new Sentence("(?<args>'.*') is not a boolean", "error.not.boolean", "args"),
            new Sentence("cannot convert (?<args>'.*') to (?<type>\\S+) \\(.*\\)", "error.not.type", "args", "type"));

    /** picocli's English sentence in {@code text}'s language; unchanged if it is not one we know. */
    static String translate(String english, Messages text) {
        return translate(english, text, SENTENCES).orElse(english);
    }

    private static Optional<String> translate(String english, Messages text, List<Sentence> sentences) {
        for (Sentence sentence : sentences) {
            Matcher m = sentence.english().matcher(english);
            if (!m.matches()) {
                continue;
            }
            Object[] namesAndValues = new Object[sentence.groups().length * 2];
            for (int i = 0; i < sentence.groups().length; i++) {
                String group = sentence.groups()[i];
                String value = m.group(group);
                Function<String, String> french = switch (group) {
                    case "args" -> Usage::quoted;
                    case "what" -> w -> subject(w, text);
                    case "why" -> w -> translate(w, text, REASONS).orElse(w);
                    case "rest" -> w -> lowerFirst(translate(w, text));
                    default -> w -> w;
                };
                namesAndValues[2 * i] = group;
                namesAndValues[2 * i + 1] = french.apply(value);
            }
            return Optional.of(text.text(sentence.key(), namesAndValues));
        }
        return Optional.empty();
    }

    private static final Pattern OPTION =
            Pattern.compile("option '(?<name>[^']*)'(?: at index \\d+)?(?: \\((?<label>[^)]*)\\))?");
    private static final Pattern POSITIONAL =
            Pattern.compile("positional parameter at index \\S+ \\((?<label>[^)]*)\\)");

    /** "option '--speed' (S)" → "l'option « --speed » (S)"; "positional parameter at index 0 (A)" → "le paramètre A". */
    private static String subject(String english, Messages text) {
        Matcher option = OPTION.matcher(english);
        if (option.matches()) {
            String label = option.group("label");
            return text.text(
                    "error.subject.option",
                    "name",
                    option.group("name"),
                    "label",
                    label == null ? "" : " (" + label + ")");
        }
        Matcher positional = POSITIONAL.matcher(english);
        if (positional.matches()) {
            return text.text("error.subject.parameter", "label", positional.group("label"));
        }
        return english;
    }

    /** picocli's quoted arguments ('--x', 'y') in French quotes, with no-break spaces inside. */
    private static String quoted(String english) {
        return english.replaceAll("'([^']*)'", "«\u00a0$1\u00a0»");
    }

    private static String lowerFirst(String sentence) {
        return sentence.isEmpty()
                ? sentence
                : sentence.substring(0, 1).toLowerCase(Locale.ROOT) + sentence.substring(1);
    }
}
