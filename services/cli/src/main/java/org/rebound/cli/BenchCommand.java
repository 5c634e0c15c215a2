package org.rebound.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.aggregator.ImpactTopology;
import org.rebound.avro.LoadEvent;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.CatchUpBarrier;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.TempDirs;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rebound bench}: measures, in one process on the in-process broker, Kafka's own producer
 * perf tool (the reference), the generator alone, the aggregator alone over the generator's
 * topic, the whole pipeline and the latency at real-time pacing, then prints each figure with its
 * ratio to the reference. See docs/performance.md.
 */
@Command(
        name = "bench",
        header = "Measures the pipeline's throughput against Kafka's own producer perf tool.",
        mixinStandardHelpOptions = true,
        description = {
            "On an in-process broker: Kafka's ProducerPerformance with records of the",
            "requests topic's size (the reference), the generator alone, the aggregator alone over the",
            "generator's topic; then the whole pipeline as a user runs it (`rebound run` in a new process",
            "with its own broker: wall time, first aggregate, peak RSS and heap); then the latency from a",
            "load event to its total at real-time pacing (another fresh broker). Prints absolute figures",
            "and ratios to the reference; with --repeat, medians and ranges. A record carries every kind",
            "of one data centre's tick; a load event is one data centre x kind x tick. Figures depend on",
            "the machine and its load: see docs/performance.md."
        },
        footer = {
            "",
            "Examples:",
            "  ./rebound bench                      # global-year, one simulated year, about 2 minutes",
            "  ./rebound bench --repeat 3 --json bench.json",
            "  ./rebound bench scenarios/global-year.yaml --set clock.end=2025-02-01T00:00:00Z",
            "  ./rebound bench scenarios/quickstart.yaml --reference-records 100000 --latency-seconds 0"
        })
final class BenchCommand implements Callable<Integer> {

    static final String REFERENCE_TOPIC = "rebound.bench.reference";

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "SCENARIO",
            descriptionKey = "scenario",
            arity = "0..1",
            description = "Scenario file (YAML); default scenarios/global-year.yaml.")
    Path file;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(
            names = "--reference-records",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Records the reference producer sends (default ${DEFAULT-VALUE}).")
    long referenceRecords;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "2",
            description = "Partitions of every topic, the reference's included (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "20",
            description =
                    "Wall (= simulated) seconds of the paced latency run, ticks of 1 s; 0 skips it (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description = "Run every stage N times and print medians, with the range (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
    Path json;

    @Option(
            names = "--verbose",
            description = "Print stack traces of failures, with the end-to-end run's own (and Kafka's logs).")
    boolean verbose;

    /** One line of the table: the median of its samples; ratio null when the figure has no counterpart in the reference. */
    record Row(
            String what,
            double value,
            String unit,
            Double ratio,
            double min,
            double max,
            int samples,
            List<Double> values,
            List<Double> ratios) {
        Row(String what, double value, String unit, Double ratio) {
            this(what, value, unit, ratio, value, value, 1, List.of(value), ratio == null ? List.of() : List.of(ratio));
        }
    }

    /** The samples of one row over the repetitions; ratios to the reference of the same repetition. */
    private static final class Samples {
        final String what;
        final String unit;
        final List<Double> values = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();

        Samples(String what, String unit) {
            this.what = what;
            this.unit = unit;
        }

        Row row() {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            Double ratio = ratios.isEmpty()
                    ? null
                    : median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
            return new Row(
                    what,
                    median(v),
                    unit,
                    ratio,
                    java.util.Arrays.stream(v).min().orElse(Double.NaN),
                    java.util.Arrays.stream(v).max().orElse(Double.NaN),
                    v.length,
                    List.copyOf(values),
                    List.copyOf(ratios));
        }
    }

    /** Rows in the order first measured. */
    private final java.util.Map<String, Samples> samples = new java.util.LinkedHashMap<>();

    private void sample(String what, double value, String unit, Double ratio) {
        Samples row = samples.computeIfAbsent(what, w -> new Samples(w, unit));
        row.values.add(value);
        if (ratio != null) {
            row.ratios.add(ratio);
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scenarioFile = file != null ? file : defaultScenario();
        Scenario scenario = scenarioOptions.load(scenarioFile);
        if (partitions < 1 || referenceRecords < 1 || repeat < 1) {
            throw new InvalidInputException("--partitions, --reference-records and --repeat must be at least 1");
        }
        String machine = String.format(
                Locale.ROOT,
                "%d cores, Java %s (%s), %s %s %s, max heap %d MiB",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf("Rebound bench · %s (%s)%n  machine: %s%n", scenario.name(), scenarioFile, machine);
        out.flush();
        int recordBytes = loadEventBytes(scenario);
        for (int r = 1; r <= repeat; r++) {
            String of = repeat > 1 ? String.format(" [%d/%d]", r, repeat) : "";
            once(out, scenario, scenarioFile, recordBytes, of);
        }
        sample(
                "bench process: peak heap (sum of heap pools' peaks)",
                ProcessMemory.peakHeapBytes() / (1024.0 * 1024.0),
                "MiB",
                null);
        sample("bench process: peak RSS (VmHWM)", ProcessMemory.peakRssKiB() / 1024.0, "MiB", null);

        List<Row> rows = samples.values().stream().map(Samples::row).toList();
        out.println();
        if (repeat > 1) {
            out.printf("medians of %d runs, range in brackets%n", repeat);
        }
        printTable(out, rows);
        if (latencySeconds <= 0) {
            out.println("  latency load event → aggregate (paced): not measured (--latency-seconds 0)");
        }
        out.flush();
        if (json != null) {
            writeJson(json, scenario, scenarioFile, machine, rows);
            out.printf("Bench written to %s%n", json);
            out.flush();
        }
        return Rebound.OK;
    }

    /** One repetition of every stage. */
    private void once(PrintWriter out, Scenario scenario, Path scenarioFile, int recordBytes, String of)
            throws Exception {
        double reference;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
                Admin admin =
                        Admin.create(KafkaClients.of(broker.bootstrapServers()).config())) {
            KafkaClients clients = KafkaClients.of(broker.bootstrapServers());
            TopicAdmin.ensureTopics(admin, partitions, (short) 1);
            createReferenceTopic(admin);

            out.printf(
                    "  1/5%s reference: ProducerPerformance, %,d records of %d bytes ...%n",
                    of, referenceRecords, recordBytes);
            out.flush();
            reference = producerPerformance(broker.bootstrapServers(), recordBytes);
            sample(
                    String.format(Locale.ROOT, "reference: Kafka ProducerPerformance (%d-byte records)", recordBytes),
                    reference,
                    "records/s",
                    1.0);

            out.printf("  2/5%s generator alone, flat out ...%n", of);
            out.flush();
            String run = "bench-" + RunIds.newRunId(scenario);
            LoadGenerator generator = new LoadGenerator(
                    scenario, LoadGenerator.Options.of(run, scenario).withSpeed(Double.POSITIVE_INFINITY), clients);
            long t0 = System.nanoTime();
            Ledger ledger = generator.run((until, requests, events) -> {});
            double generatorSeconds = seconds(t0);
            double generatorRecords = ledger.records() / generatorSeconds;
            sample("generator alone: records", generatorRecords, "records/s", generatorRecords / reference);
            sample("generator alone: load events", ledger.loadEvents() / generatorSeconds, "events/s", null);
            sample("generator alone: requests", ledger.requests() / generatorSeconds, "requests/s", null);
            sample("records in the scenario", ledger.records(), "records", null);
            sample("load events in the scenario (data centre × kind × tick)", ledger.loadEvents(), "events", null);

            out.printf(
                    "  3/5%s aggregator alone over %,d records (%,d load events) ...%n",
                    of, ledger.records(), ledger.loadEvents());
            out.flush();
            String applicationId = "rebound-bench-" + System.currentTimeMillis();
            Path stateDir = TempDirs.create("rebound-bench-streams-");
            try {
                long t1 = System.nanoTime();
                try (ImpactAggregator aggregator = ImpactAggregator.start(clients, applicationId, stateDir)) {
                    aggregator.awaitRunning(Duration.ofSeconds(120));
                    double startupSeconds = seconds(t1);
                    new CatchUpBarrier(
                                    clients,
                                    admin,
                                    applicationId,
                                    ImpactTopology.repartitionTopics(),
                                    Duration.ofMinutes(5))
                            .await(ledger.lastOffsets(), aggregator::failure);
                    double aggregatorSeconds = seconds(t1);
                    double running = aggregatorSeconds - startupSeconds;
                    sample(
                            "aggregator alone: records (RUNNING to caught up)",
                            ledger.records() / running,
                            "records/s",
                            ledger.records() / running / reference);
                    sample(
                            "aggregator alone: load events (RUNNING to caught up)",
                            ledger.loadEvents() / running,
                            "events/s",
                            null);
                    sample(
                            "aggregator alone: load events (start to caught up)",
                            ledger.loadEvents() / aggregatorSeconds,
                            "events/s",
                            null);
                    sample("aggregator alone: start-up to RUNNING", startupSeconds, "s", null);
                }
            } finally {
                TempDirs.deleteRecursively(stateDir);
            }
        }

        out.printf("  4/5%s end to end: rebound run in a new process ...%n", of);
        out.flush();
        endToEnd(scenarioFile, reference);

        if (latencySeconds > 0) {
            // a fresh broker again: a new aggregator would otherwise first read the topic's backlog
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
                out.printf("  5/5%s latency at real-time pacing, %d s of 1 s ticks ...%n", of, latencySeconds);
                out.flush();
                Instant start0 = scenario.clock().start();
                List<org.rebound.domain.scenario.ScenarioOverride> paced = new ArrayList<>(scenarioOptions.overrides());
                for (String set : List.of(
                        "clock.end=" + start0.plusSeconds(latencySeconds),
                        "clock.tick=1s",
                        "clock.period=" + latencySeconds + "s",
                        "clock.speed=1s/s")) {
                    paced.add(org.rebound.domain.scenario.ScenarioOverride.parse(set));
                }
                Scenario pacedScenario = org.rebound.domain.scenario.ScenarioLoader.load(scenarioFile, paced);
                double[] latencies =
                        BenchLatency.measure(pacedScenario, KafkaClients.of(broker.bootstrapServers()), partitions);
                sample(
                        "latency load event → aggregate, p50 (paced, 1 s ticks)",
                        percentile(latencies, 0.50),
                        "ms",
                        null);
                sample(
                        "latency load event → aggregate, p99 (paced, 1 s ticks)",
                        percentile(latencies, 0.99),
                        "ms",
                        null);
                sample("latency samples (committed transactions)", latencies.length, "samples", null);
            }
        }
    }

    /**
     * {@code rebound run SCENARIO --summary F} in a new JVM, as a user runs it (same java, same JVM
     * options, same classpath): wall time from spawning it to its exit, its first aggregate (counted
     * from its JVM's start), its peak RSS (VmHWM, read every 100 ms while it runs).
     */
    private void endToEnd(Path scenarioFile, double reference) throws Exception {
        Path work = TempDirs.create("rebound-bench-run-");
        try {
            Path summaryFile = work.resolve("summary.json");
            Path log = work.resolve("run.log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    // not the bench's own agents or flight recording
                    .filter(a -> !a.startsWith("-agentlib")
                            && !a.startsWith("-javaagent")
                            && !a.startsWith("-XX:StartFlightRecording"))
                    .toList());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    Rebound.class.getName(),
                    "run",
                    scenarioFile.toString()));
            for (String set : scenarioOptions.sets) {
                command.addAll(List.of("--set", set));
            }
            command.addAll(List.of("--partitions", Integer.toString(partitions), "--summary", summaryFile.toString()));
            if (verbose) {
                command.add("--verbose"); // its stack trace and Kafka's logs, in the failure's message
            }
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long peakKiB = -1;
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            while (!process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                peakKiB = Math.max(peakKiB, ProcessMemory.peakRssKiB(status));
            }
            double wall = seconds(start);
            if (process.exitValue() != 0 || !Files.exists(summaryFile)) {
                throw new IllegalStateException(
                        "rebound run exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            org.rebound.report.results.RunResults summary = org.rebound.report.results.Results.read(summaryFile);
            long events = summary.loadEvents();
            long records =
                    summary.ledger().records() == null ? 0 : summary.ledger().records();
            sample("end to end: wall time, spawn to exit (summary written)", wall, "s", null);
            sample("end to end: records", records / wall, "records/s", records / wall / reference);
            sample("end to end: load events", events / wall, "events/s", null);
            sample(
                    "end to end: first aggregate after the JVM's start",
                    orNaN(summary.run().firstAggregateSeconds()),
                    "s",
                    null);
            sample("end to end: aggregates match the ledger", summary.ledger().matches() ? 1 : 0, "1 = yes", null);
            sample("end to end: peak RSS of the run process (VmHWM)", peakKiB / 1024.0, "MiB", null);
            sample(
                    "end to end: peak heap of the run process (sum of heap pools' peaks)",
                    orNaN(summary.run().peakHeapMib()),
                    "MiB",
                    null);
        } finally {
            TempDirs.deleteRecursively(work);
        }
    }

    /**
     * Serialized size of a record of the requests topic as the generator writes it (Avro, no key):
     * every kind of the first data centre with its expected count at the first tick.
     */
    static int loadEventBytes(Scenario scenario) {
        DataCentre dc = scenario.datacentres().get(0);
        org.rebound.domain.demand.Demand demand = new org.rebound.domain.demand.Demand(scenario);
        long start = scenario.clock().start().toEpochMilli();
        long tick = scenario.clock().tick().toMillis();
        java.util.Map<String, Long> byKind = new java.util.HashMap<>();
        scenario.kinds()
                .values()
                .forEach(kind ->
                        byKind.put(kind.name(), Math.max(1, Math.round(demand.expected(dc, kind, start, tick)))));
        LoadEvent event = new LoadEvent(
                "bench-" + RunIds.newRunId(scenario),
                scenario.name(),
                dc.id(),
                scenario.clock().start(),
                tick,
                byKind,
                null,
                null);
        return Topics.REQUESTS.valueSerde().serializer().serialize(Topics.REQUESTS.name(), event).length;
    }

    private void createReferenceTopic(Admin admin) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(REFERENCE_TOPIC, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot create " + REFERENCE_TOPIC + ": " + e.getCause(), e.getCause());
        }
    }

    private static final Pattern PERF_SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    /**
     * Runs Kafka's ProducerPerformance in this process (it has no public API but main, which
     * prints to System.out) and returns the records/s of its final summary line.
     */
    private double producerPerformance(String bootstrap, int recordBytes) throws Exception {
        String[] args = {
            "--topic",
            REFERENCE_TOPIC,
            "--num-records",
            Long.toString(referenceRecords),
            "--record-size",
            Integer.toString(recordBytes),
            "--throughput",
            "-1",
            "--producer-props",
            "bootstrap.servers=" + bootstrap,
            "linger.ms=5",
            "batch.size=65536"
        };
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                org.apache.kafka.tools.ProducerPerformance.main(args);
            } finally {
                System.setOut(original);
            }
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        Double last = null;
        for (String line : text.split("\\R")) {
            Matcher m = PERF_SUMMARY.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) == referenceRecords) {
                last = Double.parseDouble(m.group(2));
            }
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary line:\n" + text);
        }
        return last;
    }

    /** Nearest-rank percentile; NaN without samples. */
    static double percentile(double[] values, double fraction) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void printTable(PrintWriter out, List<Row> rows) {
        int width = rows.stream().mapToInt(r -> r.what().length()).max().orElse(10);
        boolean ranges = rows.stream().anyMatch(r -> r.samples() > 1);
        out.printf(
                "%-" + width + "s  %14s  %-10s  %-18s%s%n",
                "what",
                "value",
                "unit",
                "ratio to reference",
                ranges ? "  range" : "");
        for (Row row : rows) {
            String range =
                    ranges && row.samples() > 1 ? "  [" + format(row.min()) + " – " + format(row.max()) + "]" : "";
            out.printf(
                            Locale.ROOT,
                            "%-" + width + "s  %14s  %-10s  %-18s%s%n",
                            row.what(),
                            format(row.value()),
                            row.unit(),
                            row.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", row.ratio()),
                            range)
                    .flush();
        }
    }

    private static String format(double value) {
        if (Double.isNaN(value) || value < 0) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private void writeJson(Path target, Scenario scenario, Path scenarioFile, String machine, List<Row> rows)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", scenario.name());
        root.put("scenario_file", scenarioFile.toString());
        root.put("measured_at", Instant.now().toString());
        root.put("machine", machine);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("repeat", repeat);
        ArrayNode array = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode node = array.addObject();
            node.put("what", row.what());
            node.put("value", row.value());
            node.put("unit", row.unit());
            node.put("samples", row.samples());
            node.put("min", row.min());
            node.put("max", row.max());
            row.values().forEach(node.putArray("values")::add);
            if (!row.ratios().isEmpty()) {
                row.ratios().forEach(node.putArray("ratios")::add);
            }
            if (row.ratio() == null) {
                node.putNull("ratio_to_reference");
            } else {
                node.put("ratio_to_reference", row.ratio());
            }
        }
        Files.writeString(target, mapper.writeValueAsString(root));
    }

    /** The ./rebound script exports REBOUND_HOME (the repository); otherwise scenarios/ here. */
    private static Path defaultScenario() {
        String home = System.getenv("REBOUND_HOME");
        return home == null ? Path.of("scenarios", "global-year.yaml") : Path.of(home, "scenarios", "global-year.yaml");
    }

    /** A figure the summary may lack (an older run), as NaN: the bench prints it as missing. */
    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
