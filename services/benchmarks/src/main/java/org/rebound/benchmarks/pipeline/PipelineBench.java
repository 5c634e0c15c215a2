package org.rebound.benchmarks.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.aggregator.ImpactTopology;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.CatchUpBarrier;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.TempDirs;
import org.rebound.kafka.TopicAdmin;

/**
 * The pipeline bench behind {@code rebound bench}: in one process on the in-process broker, Kafka's
 * own producer perf tool (the reference), the generator alone, the aggregator alone over the
 * generator's topic; the whole pipeline in a new process ({@link EndToEnd}); the latency at
 * real-time pacing on another fresh broker ({@link PacedLatency}). Every figure is a sample of a
 * row ({@link Samples}), with its ratio to the reference of the same repetition when it has one.
 * See docs/performance.md.
 */
public final class PipelineBench {

    /**
     * What to measure.
     *
     * @param scenarioFile read again, with {@code overrides} and real-time pacing, for the latency run
     * @param overrides the {@code --set} values {@code scenario} was loaded with
     * @param latencySeconds wall (= simulated) seconds of the paced latency run; 0 skips it
     */
    public record Settings(
            Scenario scenario,
            Path scenarioFile,
            List<ScenarioOverride> overrides,
            long referenceRecords,
            int partitions,
            int latencySeconds,
            int repeat) {
        public Settings {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(scenarioFile, "scenarioFile");
            overrides = List.copyOf(overrides);
            if (partitions < 1 || referenceRecords < 1 || repeat < 1) {
                throw new IllegalArgumentException("partitions, referenceRecords and repeat must be at least 1");
            }
        }
    }

    private final Settings settings;
    private final EndToEnd.Launcher run;
    private final Consumer<String> progress;
    private final Samples samples = new Samples();

    /**
     * @param run the command line of {@code rebound run} for the end-to-end stage
     * @param progress a line as each stage starts, e.g. {@code "  2/5 generator alone, flat out ..."}
     */
    public PipelineBench(Settings settings, EndToEnd.Launcher run, Consumer<String> progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.run = Objects.requireNonNull(run, "run");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** This machine and JVM in one line: cores, Java, OS, max heap. */
    public static String machine() {
        return String.format(
                Locale.ROOT,
                "%d cores, Java %s (%s), %s %s %s, max heap %d MiB",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Every stage, {@code repeat} times, then this process's memory peaks: one row per figure. */
    public List<BenchRow> run() throws Exception {
        int recordBytes = RecordSize.loadEventBytes(settings.scenario());
        for (int r = 1; r <= settings.repeat(); r++) {
            String of = settings.repeat() > 1 ? String.format(" [%d/%d]", r, settings.repeat()) : "";
            once(recordBytes, of);
        }
        samples.add(
                "bench process: peak heap (sum of heap pools' peaks)",
                ProcessMemory.peakHeapBytes() / (1024.0 * 1024.0),
                "MiB",
                null);
        samples.add("bench process: peak RSS (VmHWM)", ProcessMemory.peakRssKiB() / 1024.0, "MiB", null);
        return samples.rows();
    }

    /** One repetition of every stage. */
    private void once(int recordBytes, String of) throws Exception {
        Scenario scenario = settings.scenario();
        int partitions = settings.partitions();
        double reference;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
                Admin admin =
                        Admin.create(KafkaClients.of(broker.bootstrapServers()).config())) {
            KafkaClients clients = KafkaClients.of(broker.bootstrapServers());
            TopicAdmin.ensureTopics(admin, partitions, (short) 1);
            ReferenceProducer.createTopic(admin, partitions);

            progress.accept(String.format(
                    "  1/5%s reference: ProducerPerformance, %,d records of %d bytes ...",
                    of, settings.referenceRecords(), recordBytes));
            reference = ReferenceProducer.recordsPerSecond(
                    broker.bootstrapServers(), settings.referenceRecords(), recordBytes);
            samples.add(
                    String.format(Locale.ROOT, "reference: Kafka ProducerPerformance (%d-byte records)", recordBytes),
                    reference,
                    "records/s",
                    1.0);

            progress.accept(String.format("  2/5%s generator alone, flat out ...", of));
            Ledger ledger = generatorAlone(scenario, clients, reference);

            progress.accept(String.format(
                    "  3/5%s aggregator alone over %,d records (%,d load events) ...",
                    of, ledger.records(), ledger.loadEvents()));
            aggregatorAlone(clients, admin, ledger, reference);
        }

        progress.accept(String.format("  4/5%s end to end: rebound run in a new process ...", of));
        EndToEnd.measure(run, samples, reference);

        if (settings.latencySeconds() > 0) {
            progress.accept(String.format(
                    "  5/5%s latency at real-time pacing, %d s of 1 s ticks ...", of, settings.latencySeconds()));
            pacedLatency();
        }
    }

    private Ledger generatorAlone(Scenario scenario, KafkaClients clients, double reference)
            throws InterruptedException {
        String run = "bench-" + RunIds.newRunId(scenario);
        LoadGenerator generator = new LoadGenerator(
                scenario, LoadGenerator.Options.of(run, scenario).withSpeed(Double.POSITIVE_INFINITY), clients);
        long t0 = System.nanoTime();
        Ledger ledger = generator.run((until, requests, events) -> {});
        double generatorSeconds = seconds(t0);
        double generatorRecords = ledger.records() / generatorSeconds;
        samples.add("generator alone: records", generatorRecords, "records/s", generatorRecords / reference);
        samples.add("generator alone: load events", ledger.loadEvents() / generatorSeconds, "events/s", null);
        samples.add("generator alone: requests", ledger.requests() / generatorSeconds, "requests/s", null);
        samples.add("records in the scenario", ledger.records(), "records", null);
        samples.add("load events in the scenario (data centre × kind × tick)", ledger.loadEvents(), "events", null);
        return ledger;
    }

    private void aggregatorAlone(KafkaClients clients, Admin admin, Ledger ledger, double reference)
            throws InterruptedException {
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
                samples.add(
                        "aggregator alone: records (RUNNING to caught up)",
                        ledger.records() / running,
                        "records/s",
                        ledger.records() / running / reference);
                samples.add(
                        "aggregator alone: load events (RUNNING to caught up)",
                        ledger.loadEvents() / running,
                        "events/s",
                        null);
                samples.add(
                        "aggregator alone: load events (start to caught up)",
                        ledger.loadEvents() / aggregatorSeconds,
                        "events/s",
                        null);
                samples.add("aggregator alone: start-up to RUNNING", startupSeconds, "s", null);
            }
        } finally {
            TempDirs.deleteRecursively(stateDir);
        }
    }

    /** On a fresh broker again: a new aggregator would otherwise first read the topic's backlog. */
    private void pacedLatency() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
            double[] latencies = PacedLatency.measure(
                    pacedScenario(), KafkaClients.of(broker.bootstrapServers()), settings.partitions());
            samples.add(
                    "latency load event → aggregate, p50 (paced, 1 s ticks)",
                    Samples.percentile(latencies, 0.50),
                    "ms",
                    null);
            samples.add(
                    "latency load event → aggregate, p99 (paced, 1 s ticks)",
                    Samples.percentile(latencies, 0.99),
                    "ms",
                    null);
            samples.add("latency samples (committed transactions)", latencies.length, "samples", null);
        }
    }

    /** The scenario file with its overrides, cut to {@code latencySeconds} of 1 s ticks at 1 s/s. */
    private Scenario pacedScenario() throws ScenarioException {
        int latencySeconds = settings.latencySeconds();
        Instant start = settings.scenario().clock().start();
        List<ScenarioOverride> paced = new ArrayList<>(settings.overrides());
        for (String set : List.of(
                "clock.end=" + start.plusSeconds(latencySeconds),
                "clock.tick=1s",
                "clock.period=" + latencySeconds + "s",
                "clock.speed=1s/s")) {
            paced.add(ScenarioOverride.parse(set));
        }
        return ScenarioLoader.load(settings.scenarioFile(), paced);
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
