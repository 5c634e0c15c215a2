package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * 1,000 records the aggregator cannot use, written into a run's partitions of the requests topic
 * while the run goes on: each must reach the dead-letter topic, and the run must end with exactly
 * the figures of the same scenario without them.
 */
@DisplayName("poison records in the middle of a run")
class PoisonRecordsTest {

    /** Poisson arrivals, two data centres, two kinds; one simulated day at 3 h/s: about 8 s of wall time. */
    static final String SCENARIO = """
            name: poisoned
            title: "Poison records in the requests topic"
            seed: 7
            clock: {start: 2025-03-01T00:00:00Z, end: 2025-03-02T00:00:00Z, tick: 10m, speed: 3h/s, period: 6h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: 380, water_l_per_kwh: 3.13}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, embodied_g_per_kwh: 90, share: 0.5}
              - {id: ashburn-1, region: US-VA, pue: 1.1, wue_l_per_kwh: 0.55, share: 0.5}
            kinds:
              text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
              image: {energy_wh: 2.9}
            workload: {requests_per_day: 1.0e6, arrival: poisson, mix: {text: 0.9, image: 0.1}}
            """;

    /** A header on every poison record, naming its kind; the dead-letter topic keeps the original headers. */
    static final String KIND_HEADER = "rebound-test-poison";

    /** Poison the aggregator dead-letters today, by kind: 1,000 records in all. */
    static final Map<String, Integer> POISON = Map.of(
            "random-bytes", 200, // 0 to 64 random bytes, the empty value included
            "truncated-avro", 150, // a valid LoadEvent cut short
            "unknown-fingerprint", 150, // single-object header, a writer schema nobody knows
            "corrupted-body", 100, // right header and fingerprint, random Avro body
            "negative-count", 150, // requests < 0
            "unknown-datacentre", 150, // keyed <run>/atlantis-1: no data-centre record in force
            "unknown-kind", 50, // kind 'hologram'
            "zero-tick", 50); // tick_millis = 0

    /**
     * Poison that decodes: events with an absurd count or a value contradicting their key (once
     * valued and summed into the totals), and records without a value (once dropped silently by
     * the stream-table join).
     */
    static final Map<String, Integer> UNCHECKED_POISON = Map.of(
            "absurd-count", 100, // Long.MAX_VALUE (half) or 1e15 requests in a 10-minute tick
            "datacentre-mismatch", 50, // value names atlantis-1, keyed <run>/paris-1 or <run>/ashburn-1
            "run-mismatch", 50, // value names another run, keyed with this run and its data centre
            "null-value", 50); // no value at all (a tombstone)

    @Test
    @DisplayName(
            "1,000 poison records of eight kinds all reach the dead-letter topic, and the totals are those of the same run without them")
    void poisonIsDeadLettered() throws Exception {
        assertThat(POISON.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        runWith(POISON);
    }

    @Test
    @DisplayName(
            "events with an absurd count or a value that contradicts their key, and records without a value, reach the dead-letter topic too")
    void uncheckedPoisonIsDeadLettered() throws Exception {
        runWith(UNCHECKED_POISON);
    }

    /**
     * Runs the scenario on the shared broker with {@code poison} written into its partitions after
     * the generator's first commit, then without it at full speed, and compares.
     */
    private static void runWith(Map<String, Integer> poison) throws Exception {
        int total = poison.values().stream().mapToInt(Integer::intValue).sum();
        long testStart = System.nanoTime();
        String bootstrap = SharedBroker.bootstrapServers();
        KafkaClients clients = KafkaClients.of(bootstrap);
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "poisoned.yaml");
        ScenarioRun.Settings settings = ScenarioRun.Settings.defaults();
        try (Admin admin = Admin.create(clients.config())) {
            TopicAdmin.ensureTopics(admin, settings.partitions(), settings.replicationFactor());
        }
        Map<TopicPartition, Long> deadLettersBefore = new TopicReader(clients).endOffsets(Topics.DEAD_LETTERS.name());

        AtomicReference<String> run = new AtomicReference<>();
        CountDownLatch firstCommit = new CountDownLatch(1);
        AtomicReference<Instant> simulated = new AtomicReference<>(Instant.EPOCH);
        ScenarioRun.Listener listener = new ScenarioRun.Listener() {
            @Override
            public void started(String id, Scenario s) {
                run.set(id);
            }

            @Override
            public void progress(
                    Instant until, long requests, long loadEvents, Totals aggregated, PeriodTotals period) {
                simulated.set(until);
                firstCommit.countDown();
            }
        };
        CompletableFuture<Summary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return ScenarioRun.execute(scenario, clients, settings, listener, System.nanoTime());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstCommit.await(60, TimeUnit.SECONDS))
                .as("the generator's first commit")
                .isTrue();
        Instant injectedAt = simulated.get();
        assertThat(injectPoison(bootstrap, run.get(), scenario.clock().start(), poison))
                .isEqualTo(total);
        assertThat(simulated.get())
                .as("the generator had more to write after the poison (so the barrier covers it)")
                .isBefore(scenario.clock().end());
        JsonNode poisoned = running.get(120, TimeUnit.SECONDS).json();

        JsonNode clean = ScenarioRun.execute(
                        scenario,
                        clients,
                        settings.withSpeed(Clock.MAX_SPEED),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();

        Map<String, Integer> deadLettered = deadLettersOf(clients, run.get(), deadLettersBefore);
        System.out.printf(
                "PoisonRecordsTest: %d poison records written at simulated %s; dead-lettered by kind %s;"
                        + " summary dead_letters %d; requests %d (without poison %d); test took %.1f s%n",
                total,
                injectedAt,
                new TreeMap<>(deadLettered),
                poisoned.get("dead_letters").asLong(),
                poisoned.get("requests").asLong(),
                clean.get("requests").asLong(),
                (System.nanoTime() - testStart) / 1e9);
        assertThat(deadLettered)
                .as("dead letters keyed with this run, by poison kind")
                .isEqualTo(poison);
        assertThat(poisoned.get("dead_letters").asLong())
                .as("the summary counts them (and any other run's since this one started)")
                .isGreaterThanOrEqualTo(total);
        assertThat(poisoned.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(clean.get("ledger").get("matches").asBoolean()).isTrue();
        assertSameOutcome(poisoned, clean);
    }

    /**
     * Writes the poison, all keyed {@code <run>/<datacentre>} and timestamped in the run's simulated
     * span, into the partitions of the run's own data centres: the generator keeps writing after
     * them there, so the end-of-run barrier (the aggregator's committed offsets reaching the
     * generator's last ones) covers them.
     */
    private static int injectPoison(String bootstrap, String run, Instant start, Map<String, Integer> poison)
            throws Exception {
        Random random = new Random(42);
        String paris = Keys.member(run, "paris-1");
        String ashburn = Keys.member(run, "ashburn-1");
        String atlantis = Keys.member(run, "atlantis-1");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(Topics.REQUESTS.name()).size();
            for (Map.Entry<String, Integer> kind : new TreeMap<>(poison).entrySet()) {
                for (int i = 0; i < kind.getValue(); i++) {
                    Instant tick = start.plus(Duration.ofMinutes(10L * random.nextInt(36)));
                    String dc = i % 2 == 0 ? "paris-1" : "ashburn-1";
                    String key = Keys.member(run, dc);
                    byte[] value = switch (kind.getKey()) {
                        case "random-bytes" -> randomBytes(random, i % 65);
                        case "truncated-avro" -> {
                            byte[] valid = encode(event(run, dc, "text", tick, 600_000L, 5));
                            yield Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
                        }
                        case "unknown-fingerprint" -> {
                            byte[] valid = encode(event(run, dc, "text", tick, 600_000L, 5));
                            valid[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                            yield valid;
                        }
                        case "corrupted-body" -> {
                            byte[] valid = encode(event(run, dc, "text", tick, 600_000L, 5));
                            byte[] corrupted = Arrays.copyOf(valid, 10 + 1 + random.nextInt(64));
                            byte[] body = randomBytes(random, corrupted.length - 10);
                            System.arraycopy(body, 0, corrupted, 10, body.length);
                            yield corrupted;
                        }
                        case "negative-count" ->
                            encode(event(run, dc, "text", tick, 600_000L, -1 - random.nextInt(1_000_000)));
                        case "absurd-count" ->
                            encode(event(
                                    run,
                                    dc,
                                    "text",
                                    tick,
                                    600_000L,
                                    i % 2 == 0 ? Long.MAX_VALUE : 1_000_000_000_000_000L));
                        case "unknown-datacentre" -> {
                            key = atlantis;
                            yield encode(event(run, "atlantis-1", "text", tick, 600_000L, 5));
                        }
                        case "datacentre-mismatch" -> encode(event(run, "atlantis-1", "text", tick, 600_000L, 5));
                        case "run-mismatch" -> encode(event("elsewhere@" + run, dc, "text", tick, 600_000L, 5));
                        case "unknown-kind" -> encode(event(run, dc, "hologram", tick, 600_000L, 5));
                        case "zero-tick" -> encode(event(run, dc, "text", tick, 0L, 5));
                        case "null-value" -> null;
                        default -> throw new IllegalStateException(kind.getKey());
                    };
                    // the partition of a real data centre of the run, whatever the key
                    int partition = partition(i % 2 == 0 ? paris : ashburn, partitions);
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                            Topics.REQUESTS.name(),
                            partition,
                            tick.toEpochMilli(),
                            key.getBytes(StandardCharsets.UTF_8),
                            value);
                    record.headers().add(KIND_HEADER, kind.getKey().getBytes(StandardCharsets.UTF_8));
                    records.add(record);
                }
            }
            java.util.Collections.shuffle(records, random);
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        return records.size();
    }

    /** The producer's default partitioner for a key. */
    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static LoadEvent event(String run, String dc, String kind, Instant tick, long tickMillis, long requests) {
        return new LoadEvent(
                run, "poisoned", dc, tick, tickMillis, java.util.Map.of(kind, requests), null, null, null, List.of());
    }

    private static byte[] encode(LoadEvent event) {
        return Topics.REQUESTS.valueSerde().serializer().serialize(Topics.REQUESTS.name(), event);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * The dead letters written since {@code from} whose key is one of this run's
     * ({@code <run>/...}), counted by the poison kind their original headers carry.
     */
    private static Map<String, Integer> deadLettersOf(
            KafkaClients clients, String run, Map<TopicPartition, Long> from) {
        String prefix = Keys.member(run, "");
        Map<String, Integer> byKind = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                clients.reader(new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.stream().filter(from::containsKey).forEach(p -> consumer.seek(p, from.get(p)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("reading the dead-letter topic to its end")
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(prefix)) {
                        Header kind = record.headers().lastHeader(KIND_HEADER);
                        byKind.merge(
                                kind == null ? "(no kind header)" : new String(kind.value(), StandardCharsets.UTF_8),
                                1,
                                Integer::sum);
                    }
                }
            }
        }
        return byKind;
    }

    /**
     * Two summaries of the same scenario agree: every count exactly (requests, load events, per
     * data centre, kind, region and period, the ledger's requests and load events), every
     * quantity to 1e-9 relative. What differs between two runs by nature is left out: the run's
     * id and timings, the dead letters (counted on the topic, across runs), and the records that
     * held the load (a record holds a data centre's ticks until it has 24 or its transaction
     * commits, which depends on the pace and the machine).
     */
    static void assertSameOutcome(JsonNode actual, JsonNode expected) {
        assertThat(fieldNames(actual)).isEqualTo(fieldNames(expected));
        for (String field : fieldNames(expected)) {
            if (!field.equals("run") && !field.equals("dead_letters")) {
                assertSame(field, actual.get(field), expected.get(field));
            }
        }
    }

    private static void assertSame(String path, JsonNode actual, JsonNode expected) {
        if (path.equals("ledger.records")) {
            assertThat(actual.asLong()).as(path).isPositive();
            return;
        }
        assertThat(actual.getNodeType()).as(path).isEqualTo(expected.getNodeType());
        if (expected.isObject()) {
            assertThat(fieldNames(actual)).as(path).isEqualTo(fieldNames(expected));
            for (String field : fieldNames(expected)) {
                assertSame(path + "." + field, actual.get(field), expected.get(field));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSame(path + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else if (expected.isIntegralNumber()) {
            assertThat(actual.asLong()).as(path).isEqualTo(expected.asLong());
        } else if (expected.isNumber()) {
            double e = expected.asDouble();
            // a decomposition term is a sum of logarithmic means × log-ratios of the period's sums:
            // one that is zero in theory (no intensity change) carries their rounding, ~1e-12 of kWh/day
            double floor = path.contains(".decomposition.") ? 1e-6 : 1e-12;
            assertThat(actual.asDouble()).as(path).isCloseTo(e, within(Math.max(Math.abs(e) * 1e-9, floor)));
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.stream().sorted().toList();
    }
}
