package org.rebound.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.dashboard.DashboardServer;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.text.HumanNumbers;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.RunIds;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rebound room SCENARIO --teams N}: a workshop. One broker, one aggregator, N runs of the
 * same scenario (run ids {@code <name>@<stamp>-team-K}); each team has its own page whose sliders
 * move its own run only, the room's page shows every team side by side, and at the end a table
 * compares the teams (and who kept under the targets).
 */
@Command(
        name = "room",
        header = "A workshop: N teams run the same scenario, each with its own sliders, side by side.",
        mixinStandardHelpOptions = true,
        description = {
            "Runs N copies of one scenario through one pipeline (one broker, one aggregator, the aggregates",
            "keyed by team) and serves every page at one address (--host, --port): / is the room's page",
            "(every team side by side, live: energy, CO2e, water, rebound effect, targets met; read-only:",
            "project it), /?key=... the facilitator's (the same, with hide/reveal followed by every page),",
            "/team/K?key=... team K's page (its sliders change its own run only; /team/K without the key",
            "is read-only). Each team's key is fresh; --control-key sets the facilitator's, which may also",
            "move any team. Targets: the scenario's room.targets, each replaced by --target. At the end, a",
            "table compares the teams. The pages stay up until Ctrl-C unless --exit-when-done."
        },
        footer = {
            "",
            "Examples:",
            "  ./rebound room scenarios/jevons-paradox.yaml --teams 3 --speed 30d/s --target co2e_kg=2.5e6",
            "  ./rebound room scenarios/frugal-ai.yaml --teams 4 --host 0.0.0.0 --port 8080"
        })
final class RoomCommand implements Callable<Integer> {

    /** The quantities a target can bound, as the summary names them. */
    static final List<String> TARGETS = Scenario.ROOM_TARGETS;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            descriptionKey = "scenario",
            description = "The scenario every team runs (YAML).")
    Path file;

    @Option(names = "--teams", paramLabel = "N", required = true, description = "Number of teams, 2 to 12.")
    int teams;

    @Option(
            names = "--target",
            paramLabel = "QUANTITY=MAX",
            description = "A ceiling a team should keep under at the end (repeatable): facility_energy_kwh, "
                    + "co2e_kg or water_l, e.g. --target co2e_kg=2.5e6; replaces the scenario's room.targets "
                    + "for that quantity.")
    Map<String, String> targets = new LinkedHashMap<>();

    @Option(
            names = "--exit-when-done",
            description = "Stop once the table is printed (default: keep the pages up until Ctrl-C).")
    boolean exitWhenDone;

    @Mixin
    RunOptions runOptions;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Override
    public Integer call() throws Exception {
        long startNanos = ScenarioRunner.jvmStartNanos();
        if (teams < 2 || teams > 12) {
            throw new InvalidInputException(Language.messages().text("room.error.teams", "teams", teams));
        }
        Map<String, Double> ceilings = ceilings();
        if (runOptions.dataDir != null) {
            throw new InvalidInputException(Language.messages().text("room.error.datadir"));
        }
        ControlKeys.check(runOptions.controlKey);
        runOptions.dashboard = true; // a room is its pages
        ScenarioRun.Settings settings = runOptions.settings();
        Scenario scenario = scenarioOptions.load(file);
        // the scenario's room.targets, each replaced by --target for the same quantity
        Map<String, Double> fromFile = new LinkedHashMap<>(scenario.roomTargets());
        fromFile.putAll(ceilings);
        ceilings = fromFile;
        PrintWriter out = spec.commandLine().getOut();
        Messages text = Language.messages();
        Lang lang = Language.current();
        Console console = new Console(out);
        console.header(scenario);

        String stamp = RunIds.stamp();
        List<String> runs = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (int k = 1; k <= teams; k++) {
            runs.add(scenario.name() + "@" + stamp + "-team-" + k);
            scenarios.add(scenario);
        }
        if (runOptions.bootstrap != null) {
            Preflight.reachable(KafkaClients.of(runOptions.bootstrap));
            console.broker(text.text("console.broker.cluster", "address", runOptions.bootstrap), -1);
            return room(
                    scenarios, runs, KafkaClients.of(runOptions.bootstrap), settings, console, ceilings, startNanos);
        }
        long brokerStart = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
            console.broker(
                    text.text("console.broker.inprocess", "address", broker.bootstrapServers()),
                    System.nanoTime() - brokerStart);
            return room(
                    scenarios,
                    runs,
                    KafkaClients.of(broker.bootstrapServers()),
                    settings,
                    console,
                    ceilings,
                    startNanos);
        }
    }

    private Map<String, Double> ceilings() throws InvalidInputException {
        Map<String, Double> ceilings = new LinkedHashMap<>();
        for (Map.Entry<String, String> target : targets.entrySet()) {
            if (!TARGETS.contains(target.getKey())) {
                throw new InvalidInputException(Language.messages()
                        .text("room.error.target", "targets", String.join(", ", TARGETS), "found", target.getKey()));
            }
            try {
                double max = Double.parseDouble(target.getValue());
                if (!(max > 0) || Double.isInfinite(max)) {
                    throw new NumberFormatException();
                }
                ceilings.put(target.getKey(), max);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(Language.messages()
                        .text("room.error.max", "quantity", target.getKey(), "found", target.getValue()));
            }
        }
        return ceilings;
    }

    private int room(
            List<Scenario> scenarios,
            List<String> runs,
            KafkaClients clients,
            ScenarioRun.Settings settings,
            Console console,
            Map<String, Double> ceilings,
            long startNanos)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Messages text = Language.messages();
        // one address for the whole room: the room's page, the facilitator's, and /team/K for each team
        try (DashboardServer pages = DashboardServer.startRoom(
                clients, runs, ceilings, runOptions.host, runOptions.port, runOptions.controlKey)) {
            out.println(text.text("room.page", "url", pages.url()));
            out.println(text.text("room.facilitator", "url", pages.facilitatorUrl()));
            for (int k = 1; k <= runs.size(); k++) {
                out.println(text.text("room.team", "team", k, "url", pages.teamUrl(k)));
            }
            if (!ceilings.isEmpty()) {
                List<String> shown = new ArrayList<>();
                ceilings.forEach((quantity, max) -> shown.add(
                        quantity + " ≤ " + HumanNumbers.of(Language.current()).sig3(max)));
                out.println(text.text("room.targets", "targets", String.join(", ", shown)));
            }
            out.flush();
            List<ScenarioRun.Listener> listeners = new ArrayList<>();
            listeners.add(console);
            for (int k = 1; k < runs.size(); k++) {
                int team = k + 1;
                listeners.add(new ScenarioRun.Listener() {
                    @Override
                    public void started(String run, Scenario scenario) {
                        out.println(text.text(
                                "console.run.id.labelled", "label", text.text("room.label", "team", team), "run", run));
                        out.flush();
                    }

                    @Override
                    public void progress(
                            java.time.Instant simulatedUntil,
                            long requests,
                            long loadEvents,
                            org.rebound.avro.Totals aggregated,
                            org.rebound.avro.PeriodTotals period) {}

                    @Override
                    public void changed(org.rebound.domain.scenario.TimelineEvent change) {
                        if (!change.note().isBlank() || !change.set().isEmpty()) {
                            out.println(text.text("room.changed", "team", team, "change", change.set()));
                            out.flush();
                        }
                    }
                });
            }
            List<Summary> summaries = ScenarioRun.executeAll(scenarios, runs, clients, settings, listeners, startNanos);
            ObjectNode json = table(summaries, runs, ceilings, out);
            if (runOptions.reportFile != null) {
                List<org.rebound.report.RoomReport.Team> rows = new ArrayList<>();
                for (var team : json.path("room").path("teams")) {
                    List<String> missed = null;
                    if (team.has("missed")) {
                        missed = new ArrayList<>();
                        for (var quantity : team.path("missed")) {
                            missed.add(quantity.asText());
                        }
                    }
                    rows.add(new org.rebound.report.RoomReport.Team(
                            team.path("team").asInt(),
                            team.path("requests").asLong(),
                            team.path("facility_energy_kwh").asDouble(),
                            team.path("co2e_kg").asDouble(),
                            team.path("water_l").asDouble(),
                            team.path("rebound_effect").isNull()
                                    ? null
                                    : team.path("rebound_effect").asDouble(),
                            missed));
                }
                org.rebound.report.RoomReport.write(
                        runOptions.reportFile,
                        Language.current(),
                        scenarios.get(0).title(Language.current()),
                        rows,
                        ceilings);
                out.println(text.text("room.report.written", "file", runOptions.reportFile));
            }
            if (runOptions.summaryFile != null) {
                Summary.write(json, runOptions.summaryFile);
                out.println(text.text("run.summary.written", "file", runOptions.summaryFile));
            }
            boolean matches = summaries.stream().allMatch(Summary::ledgerMatches);
            if (!matches) {
                spec.commandLine().getErr().println(text.text("run.mismatch"));
            }
            if (!exitWhenDone) {
                out.println(text.text("run.dashboard.still", "url", pages.url()));
                out.flush();
                new CountDownLatch(1).await();
            }
            out.flush();
            return matches ? Rebound.OK : Rebound.FAILURE;
        }
    }

    /** The teams side by side, printed and as the summary file's {@code room} object (each team's summary inside). */
    private ObjectNode table(
            List<Summary> summaries, List<String> runs, Map<String, Double> ceilings, PrintWriter out) {
        Messages text = Language.messages();
        Lang lang = Language.current();
        HumanNumbers numbers = HumanNumbers.of(lang);
        ObjectNode json = new ObjectMapper().createObjectNode();
        ObjectNode room = json.putObject("room");
        ObjectNode targetsJson = room.putObject("targets");
        ceilings.forEach(targetsJson::put);
        ArrayNode teamsJson = room.putArray("teams");
        out.println();
        out.printf(
                "%-8s %14s %16s %14s %14s %14s  %s%n",
                text.text("room.col.team"),
                text.text("console.col.requests"),
                "kWh",
                "kg CO2e",
                "L",
                text.text("console.periods.re"),
                ceilings.isEmpty() ? "" : text.text("room.col.target"));
        for (int k = 0; k < summaries.size(); k++) {
            RunResults results = summaries.get(k).results();
            Map<String, Quantity> quantities = Map.of(
                    "facility_energy_kwh", results.totals().facilityEnergyKwh(),
                    "co2e_kg", results.totals().co2eKg(),
                    "water_l", results.totals().waterL());
            List<String> over = new ArrayList<>();
            ceilings.forEach((quantity, max) -> {
                if (quantities.get(quantity).central() > max) {
                    over.add(quantity);
                }
            });
            Double re = lastReboundEffect(results);
            ObjectNode team = teamsJson.addObject();
            team.put("team", k + 1);
            team.put("run", runs.get(k));
            team.put("requests", results.requests());
            team.put(
                    "facility_energy_kwh", quantities.get("facility_energy_kwh").central());
            team.put("co2e_kg", quantities.get("co2e_kg").central());
            team.put("water_l", quantities.get("water_l").central());
            if (re == null) {
                team.putNull("rebound_effect");
            } else {
                team.put("rebound_effect", re);
            }
            if (!ceilings.isEmpty()) {
                team.put("met_targets", over.isEmpty());
                ArrayNode missed = team.putArray("missed");
                over.forEach(missed::add);
            }
            team.set("summary", summaries.get(k).json());
            out.printf(
                    "%-8s %14s %16s %14s %14s %14s  %s%n",
                    text.text("room.label", "team", k + 1),
                    numbers.count(results.requests()),
                    numbers.sig3(quantities.get("facility_energy_kwh").central()),
                    numbers.sig3(quantities.get("co2e_kg").central()),
                    numbers.sig3(quantities.get("water_l").central()),
                    re == null ? "-" : numbers.percent(re),
                    ceilings.isEmpty()
                            ? ""
                            : over.isEmpty()
                                    ? text.text("room.met")
                                    : text.text("room.missed", "quantities", String.join(", ", over)));
        }
        out.println(text.text("room.note"));
        out.flush();
        return json;
    }

    /** The rebound effect of the last period that has one (null: efficiency never improved). */
    static Double lastReboundEffect(RunResults results) {
        Double re = null;
        for (RunResults.Period p : results.periods()) {
            if (p.reboundEffect() != null) {
                re = p.reboundEffect();
            }
        }
        return re;
    }
}
