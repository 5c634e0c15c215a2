package org.rebound.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.TimelineEvent;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.CatchUpBarrier;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.TempDirs;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * One scenario end to end against a cluster: topics, aggregator, generator, the end-of-run
 * barrier, then the summary read back from the aggregate topics.
 */
final class ScenarioRun {

    /** How long a run waits for its aggregator to be running before it starts producing anyway. */
    static final Duration AGGREGATOR_START = Duration.ofSeconds(30);

    /** What a run can be told; {@code speed} overrides the scenario's clock when not null. */
    record Settings(
            int partitions, short replicationFactor, String applicationId, Double speed, Duration stallTimeout) {
        static Settings defaults() {
            return new Settings(2, (short) 1, ImpactAggregator.DEFAULT_APPLICATION_ID, null, Duration.ofSeconds(120));
        }

        Settings withSpeed(Double newSpeed) {
            return new Settings(partitions, replicationFactor, applicationId, newSpeed, stallTimeout);
        }

        Settings withPartitions(int newPartitions) {
            return new Settings(newPartitions, replicationFactor, applicationId, speed, stallTimeout);
        }
    }

    /** Told as the run goes. */
    interface Listener {
        void started(String run, Scenario scenario);

        void progress(
                Instant simulatedUntil,
                long requests,
                long loadEvents,
                Totals aggregated,
                org.rebound.avro.PeriodTotals period);

        /** A scheduled or live change took effect. */
        default void changed(TimelineEvent change) {}

        /** A live change could not apply; the run goes on unchanged. */
        default void rejected(ScenarioChange change, List<Problem> problems) {}

        Listener SILENT = new Listener() {
            @Override
            public void started(String run, Scenario scenario) {}

            @Override
            public void progress(
                    Instant simulatedUntil,
                    long requests,
                    long loadEvents,
                    Totals aggregated,
                    org.rebound.avro.PeriodTotals period) {}
        };
    }

    private ScenarioRun() {}

    /**
     * @param startNanos System.nanoTime() when the command started (wall time and first-aggregate time count from there)
     */
    static Summary execute(
            Scenario scenario, KafkaClients clients, Settings settings, Listener listener, long startNanos)
            throws InterruptedException {
        return executeAll(List.of(scenario), clients, settings, List.of(listener), startNanos)
                .get(0);
    }

    /**
     * Several scenarios through one pipeline: one aggregator, one generator per scenario (each
     * with its run id, so the aggregates are keyed apart), produced side by side; one end-of-run
     * barrier for all. Summaries in the order of {@code scenarios}.
     */
    static List<Summary> executeAll(
            List<Scenario> scenarios,
            KafkaClients clients,
            Settings settings,
            List<Listener> listeners,
            long startNanos)
            throws InterruptedException {
        return executeAll(scenarios, clients, settings, listeners, startNanos, null);
    }

    /**
     * What a run kept in a directory needs to resume: its run ids (the keys of what it produced)
     * and the aggregator's state directory; the broker's data is the caller's.
     */
    record Persistence(List<String> runs, Path streamsDir) {}

    /**
     * Several scenarios under run ids the caller chose (a room's teams: {@code <name>@<stamp>-team-K}),
     * otherwise as {@link #executeAll(List, KafkaClients, Settings, List, long)}.
     */
    static List<Summary> executeAll(
            List<Scenario> scenarios,
            List<String> runIds,
            KafkaClients clients,
            Settings settings,
            List<Listener> listeners,
            long startNanos)
            throws InterruptedException {
        return executeAll(scenarios, clients, settings, listeners, startNanos, null, runIds);
    }

    /** @param persistence null: new run ids, a temporary state directory */
    static List<Summary> executeAll(
            List<Scenario> scenarios,
            KafkaClients clients,
            Settings settings,
            List<Listener> listeners,
            long startNanos,
            Persistence persistence)
            throws InterruptedException {
        return executeAll(scenarios, clients, settings, listeners, startNanos, persistence, null);
    }

    private static List<Summary> executeAll(
            List<Scenario> scenarios,
            KafkaClients clients,
            Settings settings,
            List<Listener> listeners,
            long startNanos,
            Persistence persistence,
            List<String> chosenRuns)
            throws InterruptedException {
        List<String> runs = persistence != null
                ? persistence.runs()
                : chosenRuns != null ? chosenRuns : RunIds.newRunIds(scenarios);
        Path stateDir = persistence != null ? persistence.streamsDir() : TempDirs.create("rebound-streams-");
        List<LiveTotals> lives = new java.util.ArrayList<>();
        TelemetryFollower telemetry = null;
        java.util.concurrent.ExecutorService generators =
                java.util.concurrent.Executors.newFixedThreadPool(scenarios.size(), r -> {
                    Thread t = new Thread(r, "rebound-generator");
                    t.setDaemon(true);
                    return t;
                });
        java.util.concurrent.ExecutorService readBack = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rebound-read-back");
            t.setDaemon(true);
            return t;
        });
        try (Admin admin = Admin.create(clients.config())) {
            org.rebound.kafka.Timeline.mark("admin created");
            TopicAdmin.warmCoordinators(admin, settings.applicationId());
            // Kafka Streams' clients are built while the topics are created (on a fresh cluster its
            // internal topics too, so that its first rebalance creates none), and Streams starts
            // (joins its group, initialises its tasks) while the new partitions get their leaders:
            // it needs its source topics to exist, not to be ready.
            java.util.concurrent.CompletableFuture<ImpactAggregator> building =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> ImpactAggregator.create(
                            clients,
                            settings.applicationId(),
                            stateDir,
                            persistence == null,
                            // the runs whose throughput matters more than their latency
                            QuickJit.longRun(scenarios, settings.speed())
                                    ? ImpactAggregator.LONG_RUN_COMMIT_INTERVAL
                                    : ImpactAggregator.COMMIT_INTERVAL));
            try {
                TopicAdmin.createTopics(
                        admin,
                        settings.partitions(),
                        settings.replicationFactor(),
                        ImpactAggregator.internalTopics(
                                settings.applicationId(), settings.partitions(), settings.replicationFactor()));
                org.rebound.kafka.Timeline.mark("topics created");
            } catch (RuntimeException | InterruptedException e) {
                closeQuietly(building);
                throw e;
            }
            try (ImpactAggregator aggregator = built(building)) {
                aggregator.begin();
                TopicAdmin.awaitReady(admin);
                org.rebound.kafka.Timeline.mark("topics ready");
                TopicReader reader = new TopicReader(clients);
                // While Kafka Streams starts, what must be read before any load exists: the
                // dead letters so far (a kept run has the broker to itself: its dead letters are
                // all there is), and the end of the totals topics for the live figures.
                Map<TopicPartition, Long> deadLettersBefore =
                        persistence != null ? Map.of() : reader.endOffsets(Topics.DEAD_LETTERS.name());
                for (int i = 0; i < scenarios.size(); i++) {
                    listeners.get(i).started(runs.get(i), scenarios.get(i));
                    lives.add(new LiveTotals(clients, runs.get(i)).start());
                }
                org.rebound.kafka.Timeline.mark("live totals assigned");
                // a resumed run's windows so far are on the topic already
                telemetry = new TelemetryFollower(clients, runs, persistence != null).start();
                List<java.util.concurrent.Future<Ledger>> produced = new java.util.ArrayList<>();
                Instant startedAt =
                        Instant.now(); // one instant for the runs started together (the dashboard shows them side by
                // side)
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario scenario = scenarios.get(i);
                    Listener listener = listeners.get(i);
                    LiveTotals live = lives.get(i);
                    LoadGenerator.Options options =
                            LoadGenerator.Options.of(runs.get(i), scenario).withStartedAt(startedAt);
                    if (settings.speed() != null) {
                        options = options.withSpeed(settings.speed());
                    }
                    LoadGenerator generator = new LoadGenerator(scenario, options, clients);
                    produced.add(generators.submit(() -> generator.run(new LoadGenerator.Progress() {
                        @Override
                        public void beforeLoad() throws InterruptedException {
                            // The generator sets up (producer, state, definition) while Streams
                            // starts; its load waits for Streams to have its tasks, so that the
                            // start-up does not compete with a generator writing flat out (after
                            // the timeout it goes on: the end-of-run barrier reports a stuck aggregator).
                            aggregator.awaitRunning(AGGREGATOR_START);
                        }

                        @Override
                        public void committed(Instant until, long requests, long events) {
                            listener.progress(until, requests, events, live.latest(), live.latestPeriod());
                        }

                        @Override
                        public void changed(TimelineEvent change) {
                            listener.changed(change);
                        }

                        @Override
                        public void rejected(ScenarioChange change, List<Problem> problems) {
                            listener.rejected(change, problems);
                        }
                    })));
                }
                List<Ledger> ledgers = new java.util.ArrayList<>();
                Map<TopicPartition, Long> lastOffsets = new java.util.HashMap<>();
                for (java.util.concurrent.Future<Ledger> future : produced) {
                    Ledger ledger = get(future);
                    ledgers.add(ledger);
                    ledger.lastOffsets()
                            .forEach((partition, offset) -> lastOffsets.merge(partition, offset, Math::max));
                }
                org.rebound.kafka.Timeline.mark("generators done");
                CatchUpBarrier barrier = new CatchUpBarrier(
                        clients,
                        admin,
                        settings.applicationId(),
                        org.rebound.aggregator.ImpactTopology.repartitionTopics(),
                        settings.stallTimeout());
                if (persistence != null) {
                    // what an earlier process produced must be aggregated too
                    barrier.lastDataOffsetsOf(Topics.REQUESTS.name())
                            .forEach((partition, offset) -> lastOffsets.merge(partition, offset, Math::max));
                }
                barrier.await(lastOffsets, aggregator::failure);
                org.rebound.kafka.Timeline.mark("barrier passed");
                reader.awaitStable(
                        Topics.ALL.stream().map(org.rebound.kafka.Topic::name).toList(), settings.stallTimeout());
                org.rebound.kafka.Timeline.mark("outputs stable");
                // Nothing more comes out of the aggregator: it closes (its last commit, leaving its
                // group, its stores) while the outputs are read back; closing it again at the end of
                // this block waits for this close to finish.
                Thread closing = new Thread(aggregator::close, "rebound-aggregator-close");
                closing.setDaemon(true);
                closing.start();
                long deadLetters = reader.countSince(Topics.DEAD_LETTERS.name(), deadLettersBefore);
                double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
                Map<String, Map<String, List<TelemetryWindow>>> windows =
                        telemetry.finish(reader.endOffsets(Topics.TELEMETRY.name()), settings.stallTimeout());
                List<Summary> summaries = new java.util.ArrayList<>();
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario scenario = scenarios.get(i);
                    Ledger ledger = ledgers.get(i);
                    LiveTotals live = lives.get(i);
                    String run = runs.get(i);
                    listeners
                            .get(i)
                            .progress(
                                    scenario.clock().end(),
                                    ledger.requests(),
                                    ledger.loadEvents(),
                                    live.latest(),
                                    live.latestPeriod());
                    String prefix = Keys.member(run, "");
                    // each topic read by a consumer of its own, side by side: each read waits on
                    // the broker more than it computes
                    var totals = readBack.submit(
                            () -> reader.latestByKey(Topics.TOTALS, run::equals).get(run));
                    var byDatacentre = readBack.submit(
                            () -> members(reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(prefix))));
                    var byKind = readBack.submit(
                            () -> members(reader.latestByKey(Topics.TOTALS_BY_KIND, k -> k.startsWith(prefix))));
                    var byRegion = readBack.submit(
                            () -> members(reader.latestByKey(Topics.TOTALS_BY_REGION, k -> k.startsWith(prefix))));
                    var training = readBack.submit(() -> reader.latestByKey(Topics.TOTALS_TRAINING, run::equals)
                            .get(run));
                    var daily = readBack.submit(() ->
                            List.copyOf(members(reader.latestByKey(Topics.TOTALS_DAILY, k -> k.startsWith(prefix)))
                                    .values()));
                    var periods = readBack.submit(
                            () -> new java.util.TreeMap<>(reader.latestByKey(Topics.PERIODS, k -> k.startsWith(prefix)))
                                    .values().stream().toList());
                    Aggregates aggregates = new Aggregates(
                            get(totals),
                            get(byDatacentre),
                            get(byKind),
                            get(byRegion),
                            get(training),
                            get(daily),
                            get(periods),
                            windows.get(run));
                    long firstSeen = live.firstSeenNanos();
                    Double firstAggregateSeconds = firstSeen == 0 ? null : (firstSeen - startNanos) / 1e9;
                    // dead letters are counted on the topic, not per run: each summary reports them all
                    summaries.add(new Summary(
                            scenario, run, aggregates, ledger, deadLetters, wallSeconds, firstAggregateSeconds));
                }
                org.rebound.kafka.Timeline.mark("read back");
                return summaries;
            }
        } finally {
            org.rebound.kafka.Timeline.mark("executeAll: finally");
            generators.shutdownNow();
            readBack.shutdownNow();
            for (LiveTotals live : lives) {
                live.close();
            }
            org.rebound.kafka.Timeline.mark("live totals closed");
            if (telemetry != null) {
                telemetry.close();
            }
            if (persistence == null) {
                TempDirs.deleteRecursively(stateDir);
            }
        }
    }

    /** The aggregator once built (what building it threw, as it was). */
    private static ImpactAggregator built(java.util.concurrent.CompletableFuture<ImpactAggregator> building)
            throws InterruptedException {
        try {
            return building.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes the aggregator being built once it is (the run failed before starting it). */
    private static void closeQuietly(java.util.concurrent.CompletableFuture<ImpactAggregator> building) {
        try {
            building.join().close();
        } catch (RuntimeException e) {
            // it failed to build: nothing to close
        }
    }

    private static <T> T get(java.util.concurrent.Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Re-keys {@code <run>/<member>} -> totals by member, sorted by member for stable output. */
    private static Map<String, Totals> members(Map<String, Totals> byKey) {
        Map<String, Totals> byMember = new LinkedHashMap<>();
        byKey.values().stream()
                .sorted(Comparator.comparing(Totals::getMember))
                .forEach(t -> byMember.put(t.getMember(), t));
        return byMember;
    }
}
