package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.OwnBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topics;

/**
 * Failover in seconds (issue 16): two `rebound aggregate` processes (real JVMs, one consumer
 * group, the aggregator's own settings: no --kafka-config) on the real broker, a generator paced
 * at 3 h of simulated time per second; one aggregator is killed with SIGKILL mid-run. Every total
 * of the run (overall and each data centre's, read committed) is watched as it arrives: the time
 * from the kill until each is moving again is measured and written to
 * {@code target/failover-seconds.txt} (the target, 10 s, is a measured figure in
 * docs/operations.md, not a timed assertion: this machine's load would make it flaky); the test
 * asserts the totals move again well before Kafka's default settings would let them (45 s
 * sessions), and that the final totals equal the generator's ledger exactly (exactly-once across
 * the kill).
 */
@DisplayName("failover: one of two aggregators killed (SIGKILL) mid-run, the totals move again in seconds, exactly")
class FailoverTest {

    /** A broker of its own: its aggregate processes' new consumer group reads the topics from the beginning. */
    @RegisterExtension
    final OwnBroker broker = new OwnBroker();

    /**
     * A regression guard, not the target: with Kafka's defaults (45 s sessions, 10 s transactions
     * checked every 10 s) the totals stand still for more than 45 s; with the aggregator's failover
     * settings they moved again after 5.8–8.2 s (docs/operations.md, "Failover in seconds").
     */
    static final Duration FAILOVER_GUARD = Duration.ofSeconds(30);

    /** The target, from the kill to every total moving again: measured, not asserted. */
    static final Duration FAILOVER_TARGET = Duration.ofSeconds(10);

    /** A pause between two updates of a total longer than this is a freeze (updates come every ~0.1 s). */
    private static final long FROZEN_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);

    static final String SCENARIO = """
            name: failover
            title: "Eight data centres, paced at 3 h/s"
            seed: 16
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-11T00:00:00Z, tick: 10m, speed: 3h/s, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: 323, water_l_per_kwh: 3.1}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.15}
              - {id: paris-2, region: FR, pue: 1.3, wue_l_per_kwh: 0.5, share: 0.1}
              - {id: paris-3, region: FR, pue: 1.2, wue_l_per_kwh: 0.4, share: 0.1}
              - {id: paris-4, region: FR, pue: 1.1, wue_l_per_kwh: 0.4, share: 0.15}
              - {id: ashburn-1, region: US-VA, pue: 1.1, wue_l_per_kwh: 1.0, share: 0.2}
              - {id: ashburn-2, region: US-VA, pue: 1.4, wue_l_per_kwh: 1.0, share: 0.1}
              - {id: ashburn-3, region: US-VA, pue: 1.3, wue_l_per_kwh: 0.9, share: 0.1}
              - {id: ashburn-4, region: US-VA, pue: 1.2, wue_l_per_kwh: 0.8, share: 0.1}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3}
            workload: {requests_per_day: 4.0e6, arrival: poisson, mix: {text: 0.9, image: 0.1}}
            """;

    @TempDir
    Path dir;

    private final List<Process> aggregators = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process aggregator : aggregators) {
            aggregator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process aggregator(String bootstrap, String applicationId, Path log) throws Exception {
        Process process = ReboundProcess.start(
                log, ReboundProcess.aggregate(bootstrap, applicationId, dir.resolve("state-" + aggregators.size())));
        aggregators.add(process);
        return process;
    }

    /** When each update of a total arrived (nanoTime), and what it counted. */
    record Update(long arrivedNanos, long requests, long loadEvents) {}

    @Test
    @DisplayName(
            "from the kill to every total (overall, each data centre) moving again: measured, well under Kafka's defaults; then equal to the ledger")
    void killOneOfTwo() throws Exception {
        String bootstrap = broker.bootstrapServers();
        KafkaClients clients = KafkaClients.of(bootstrap);
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "failover.yaml");
        String suffix = Long.toString(System.nanoTime());
        String run = "failover@test-" + suffix;
        String applicationId = "rebound-aggregator-failover-" + suffix;
        Path[] logs = {dir.resolve("aggregator-0.log"), dir.resolve("aggregator-1.log")};
        aggregator(bootstrap, applicationId, logs[0]);
        aggregator(bootstrap, applicationId, logs[1]);
        for (Path log : logs) {
            long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(log) && Files.readString(log).contains("aggregating")) && System.nanoTime() < ready) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).as("aggregator running: " + log).contains("aggregating");
        }

        // every update of the run's totals, as a read-committed reader sees it arrive
        Map<String, List<Update>> updates = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);
        String prefix = Keys.member(run, "");
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            try (KafkaConsumer<String, Totals> reader = clients.reader(
                    Topics.TOTALS.keySerde().deserializer(),
                    Topics.TOTALS.valueSerde().deserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(Topics.TOTALS.name(), Topics.TOTALS_BY_DATACENTRE.name())) {
                    reader.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                reader.assign(partitions);
                reader.seekToEnd(partitions);
                partitions.forEach(reader::position); // from now on
                positioned.countDown();
                while (watching.get()) {
                    for (ConsumerRecord<String, Totals> record : reader.poll(Duration.ofMillis(20))) {
                        if (record.key().equals(run) || record.key().startsWith(prefix)) {
                            updates.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>())
                                    .add(new Update(
                                            System.nanoTime(),
                                            record.value().getRequests(),
                                            record.value().getLoadEvents()));
                        }
                    }
                }
            }
        });
        try {
            assertThat(positioned.await(60, TimeUnit.SECONDS))
                    .as("totals watched")
                    .isTrue();
            CompletableFuture<Ledger> generator = CompletableFuture.supplyAsync(() -> {
                try {
                    return new LoadGenerator(scenario, LoadGenerator.Options.of(run, scenario), clients)
                            .run((until, requests, events) -> {});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });

            // mid-run: once every data centre's totals move (the run lasts 80 s at 3 h/s: long enough for two
            // aggregator JVMs to share it on a loaded machine)
            long generatorStart = System.nanoTime();
            long deadline = generatorStart + TimeUnit.SECONDS.toNanos(60);
            while ((updates.size() < 1 + scenario.datacentres().size()
                            || System.nanoTime() - generatorStart < TimeUnit.SECONDS.toNanos(8))
                    && !generator.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(generator.isDone()).as("the kill lands mid-run").isFalse();
            assertThat(updates)
                    .as("every total moving before the kill")
                    .hasSize(1 + scenario.datacentres().size());
            long killNanos = System.nanoTime();
            aggregators.get(1).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no leave, no commit

            Ledger ledger = generator.get(180, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - killNanos)
                    .as("the run went on long enough after the kill to see the takeover")
                    .isGreaterThan(FAILOVER_TARGET.toNanos() + TimeUnit.SECONDS.toNanos(5));

            // exactly once: the survivor ends with the ledger's counts
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (latest(updates, run).loadEvents() < ledger.loadEvents() && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000); // anything counted twice would show now
            watching.set(false);
            watcher.get(30, TimeUnit.SECONDS);

            assertThat(latest(updates, run).loadEvents())
                    .as("load events of the run")
                    .isEqualTo(ledger.loadEvents());
            assertThat(latest(updates, run).requests())
                    .as("requests of the run")
                    .isEqualTo(ledger.requests());
            for (var dc : scenario.datacentres()) {
                assertThat(latest(updates, Keys.member(run, dc.id())).requests())
                        .as("requests of " + dc.id())
                        .isEqualTo(ledger.requestsByDatacentre().get(dc.id()));
            }

            // from the kill to each total moving again: the end of its longest pause that started
            // before the kill or within a second of it (records committed just before the kill arrive just after)
            Map<String, Double> seconds = new java.util.TreeMap<>();
            updates.forEach((key, list) -> seconds.put(key, movingAgainSeconds(list, killNanos)));
            double worst = seconds.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElseThrow();
            String report = String.format(
                    Locale.ROOT,
                    "FAILOVER kill to every total moving again: %.1f s (overall %.1f s; by key %s)",
                    worst,
                    seconds.get(run),
                    seconds);
            System.out.println(report);
            Files.writeString(
                    Path.of("target", "failover-seconds.txt"),
                    report + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            assertThat(worst)
                    .as("%s%nsurvivor's log:%n%s", report, Files.readString(logs[0]))
                    .isLessThanOrEqualTo(FAILOVER_GUARD.toSeconds());
        } finally {
            watching.set(false);
            watcher.exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        }
    }

    private static Update latest(Map<String, List<Update>> updates, String key) {
        List<Update> list = updates.getOrDefault(key, List.of());
        return list.isEmpty() ? new Update(0, 0, 0) : list.get(list.size() - 1);
    }

    /**
     * Seconds from the kill to the end of the longest pause (at least {@link #FROZEN_NANOS}) of
     * one total that began before the kill or within a second after it; 0 if it never paused.
     */
    static double movingAgainSeconds(List<Update> list, long killNanos) {
        long longest = 0;
        long resumed = killNanos;
        long previous = Long.MIN_VALUE;
        for (Update update : list) {
            if (previous != Long.MIN_VALUE
                    && update.arrivedNanos() > killNanos
                    && previous <= killNanos + FROZEN_NANOS
                    && update.arrivedNanos() - previous >= FROZEN_NANOS
                    && update.arrivedNanos() - previous > longest) {
                longest = update.arrivedNanos() - previous;
                resumed = update.arrivedNanos();
            }
            previous = update.arrivedNanos();
        }
        return (resumed - killNanos) / 1e9;
    }
}
