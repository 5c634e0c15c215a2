package org.rebound.cli;

import java.io.PrintWriter;
import org.rebound.domain.scenario.ScenarioException;
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
        Language.set(org.rebound.domain.text.Lang.parse(code)
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--lang: expected one of " + org.rebound.domain.text.Lang.codes() + ", found '" + code + "'")));
    }

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID_INPUT = 2;

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            // Before the first logger exists: slf4j-simple reads its levels once.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
            System.setProperty("org.slf4j.simpleLogger.log.kafka", "info");
            System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "info");
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command line with the given output streams (tests call this). */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        Language.set(org.rebound.domain.text.Lang.fromEnvironment()); // until --lang says otherwise
        CommandLine cli = new CommandLine(new Rebound());
        cli.setExecutionExceptionHandler(Rebound::handle);
        cli.setUsageHelpWidth(100);
        return cli;
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
            err.println(Language.messages().text("error.prefix") + noRun.getMessage());
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
