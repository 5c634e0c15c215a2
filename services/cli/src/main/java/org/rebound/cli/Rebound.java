package org.rebound.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.text.Lang;
import org.rebound.kafka.KafkaSetupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./rebound}: one entry point for every command. Exit codes: 0 ok, 1 runtime failure,
 * 2 invalid input (usage, missing or invalid scenario). Errors are printed for people, without a
 * stack trace unless {@code --verbose} is given.
 */
@Command(
        name = "rebound",
        mixinStandardHelpOptions = true,
        versionProvider = Rebound.Version.class,
        description = {
            "Simulates generative-AI requests against virtual data centres through Apache Kafka and",
            "shows their energy, water and carbon footprint, and the rebound effect."
        },
        subcommands = {
            RunCommand.class,
            CompareCommand.class,
            RoomCommand.class,
            BenchCommand.class,
            ValidateCommand.class,
            SetCommand.class,
            DashboardCommand.class,
            GenerateCommand.class,
            AggregateCommand.class,
            ScenariosCommand.class,
            BrokerCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:runtime failure (broker unreachable, aggregator stopped, ...)",
            "2:invalid input (usage, scenario file)"
        })
public final class Rebound {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --lang en|fr}, accepted by every command (inherited), applied to the whole process. */
    @CommandLine.Option(
            names = "--lang",
            paramLabel = "LANG",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Language of messages, tables, reports: en or fr (default: from LANG, else en).")
    void lang(String code) {
        Language.set(Lang.parse(code)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        Language.messages().text("error.lang", "codes", Lang.codes(), "found", code))));
    }

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID_INPUT = 2;

    public static void main(String[] args) {
        org.rebound.kafka.Timeline.mark("main");
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            // Before the first logger exists: slf4j-simple reads its levels once.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
            System.setProperty("org.slf4j.simpleLogger.log.kafka", "info");
            System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "info");
            System.setProperty(
                    "org.slf4j.simpleLogger.log.org.apache.kafka.clients.admin.internals.PartitionLeaderStrategy",
                    "info");
        }
        EarlyBroker.startFor(args);
        int code = execute(args);
        EarlyBroker.discard();
        org.rebound.kafka.Timeline.mark("command done, System.exit");
        System.exit(code);
    }

    /** Runs a command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine(language(System.getenv(), args)).execute(args);
    }

    /** Runs a command line with the given output streams (tests call this). */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(System.getenv(), out, err, args);
    }

    /** Runs a command line as if in {@code environment} (LC_ALL, LC_MESSAGES, LANG), with these streams. */
    static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(language(environment, args));
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The command line in the environment's language, until {@code --lang} says otherwise. */
    static CommandLine commandLine() {
        return commandLine(Lang.fromEnvironment());
    }

    /**
     * The command line in {@code lang}: messages, and the usage help and usage errors, which picocli
     * renders before any option setter has run (hence the language is decided from the arguments first).
     */
    static CommandLine commandLine(Lang lang) {
        Language.set(lang);
        CommandLine cli = new CommandLine(new Rebound());
        cli.setExecutionExceptionHandler(Rebound::handle);
        cli.setUsageHelpWidth(100);
        Usage.bundle(lang).ifPresent(cli::setResourceBundle); // after the subcommands: it reaches them all
        cli.setParameterExceptionHandler(new Usage.Errors(lang, cli.getParameterExceptionHandler()));
        return cli;
    }

    /**
     * The language of a command line: the last valid {@code --lang X} or {@code --lang=X} before a
     * {@code --} (on any command: the option is inherited), else the environment's.
     */
    static Lang language(Map<String, String> environment, String... args) {
        Lang lang = Lang.fromEnvironment(environment);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            String value = arg.equals("--lang") && i + 1 < args.length
                    ? args[++i]
                    : arg.startsWith("--lang=") ? arg.substring("--lang=".length()) : null;
            if (value != null) {
                lang = Lang.parse(value).orElse(lang);
            }
        }
        return lang;
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        boolean verbose =
                parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
        if (e instanceof ScenarioException invalid) {
            boolean live = invalid.problems().stream().allMatch(p -> p.file().startsWith("live change"));
            err.println(Language.messages().text(live ? "error.change.refused" : "error.invalid.scenario"));
            invalid.problems().forEach(p -> err.println("  " + p.toString(Language.current())));
            err.flush();
            return INVALID_INPUT;
        }
        if (e instanceof org.rebound.kafka.NoSuchRunException noRun) {
            err.println(Language.messages().text("error.prefix")
                    + Language.messages()
                            .text(
                                    noRun.run() == null ? "set.norun.latest" : "set.norun",
                                    "run",
                                    String.valueOf(noRun.run()),
                                    "address",
                                    noRun.address()));
            err.flush();
            return INVALID_INPUT;
        }
        if (e instanceof InvalidInputException invalid) {
            err.println(Language.messages().text("error.prefix") + invalid.getMessage());
            err.flush();
            return INVALID_INPUT;
        }
        if (e instanceof InterruptedException) {
            err.println(Language.messages().text("error.interrupted"));
            err.flush();
            return FAILURE;
        }
        String message = e instanceof KafkaSetupException ? e.getMessage() : e.toString();
        err.println(Language.messages().text("error.prefix") + message);
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println(Language.messages().text("error.verbose"));
        }
        err.flush();
        return FAILURE;
    }

    /** The versions of the build, written into the jar by Maven. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties versions = new java.util.Properties();
            try (var in = Rebound.class.getResourceAsStream("/rebound-version.properties")) {
                versions.load(in);
            }
            return new String[] {
                "rebound " + versions.getProperty("rebound.version") + ", Apache Kafka "
                        + versions.getProperty("kafka.version")
            };
        }
    }
}
