package org.rebound.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.demand.ArrivalProcess;
import org.rebound.domain.demand.Demand;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Scenario;
import org.rebound.kafka.AvroMapping;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topics;

/**
 * Produces a scenario's load: first the data centres (the state the aggregator values events
 * with), then, tick by tick in simulated-time order, one load event per data centre and kind with
 * a non-zero count. Keys are {@code <run>/<datacentre>}, so each data centre's events keep their
 * order. Writes are transactional: a tick is either wholly visible to read_committed consumers or
 * not at all.
 */
public final class LoadGenerator {

    /**
     * @param run                        run identifier, prefix of every key
     * @param speedSimulatedPerWallSecond simulated seconds per wall-clock second; infinite = as fast as possible
     * @param maxEventsPerTransaction    bound on a transaction's size at full speed
     */
    public record Options(String run, double speedSimulatedPerWallSecond, int maxEventsPerTransaction) {
        public static Options of(String run, Scenario scenario) {
            return new Options(run, scenario.clock().speedSimulatedPerWallSecond(), 50_000);
        }

        public Options withSpeed(double speed) {
            return new Options(run, speed, maxEventsPerTransaction);
        }
    }

    /** Told after each committed transaction. */
    public interface Progress {
        void committed(Instant simulatedUntil, long requests, long loadEvents);
    }

    /** At a paced speed, the longest a produced load event waits for its transaction to commit. */
    private static final long PACED_COMMIT_NANOS = 100_000_000L;

    private final Scenario scenario;
    private final Options options;
    private final KafkaClients clients;

    public LoadGenerator(Scenario scenario, Options options, KafkaClients clients) {
        this.scenario = scenario;
        this.options = options;
        this.clients = clients;
    }

    /** Produces the whole run and returns its ledger; the topics must exist. */
    public Ledger run(Progress progress) throws InterruptedException {
        Ledger ledger = new Ledger();
        try (KafkaProducer<String, LoadEvent> producer = new KafkaProducer<>(producerConfig(), Topics.KEY.serializer(), Topics.LOAD_EVENT.serializer())) {
            producer.initTransactions();
            publishDataCentres();
            produceLoad(producer, ledger, progress);
        }
        return ledger;
    }

    private void publishDataCentres() {
        Map<String, Object> config = producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) + "-datacentres");
        try (KafkaProducer<String, org.rebound.avro.DataCentre> producer = new KafkaProducer<>(config, Topics.KEY.serializer(), Topics.DATA_CENTRE.serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            Instant start = scenario.clock().start();
            for (DataCentre dc : scenario.datacentres()) {
                producer.send(new ProducerRecord<>(Topics.DATACENTRES.name(), null, AvroMapping.recordTimestamp(start),
                        Keys.member(options.run(), dc.id()), AvroMapping.dataCentre(options.run(), scenario, dc, start)));
            }
            // Committed before any load event exists, so the aggregator finds every data centre.
            producer.commitTransaction();
        }
    }

    private void produceLoad(KafkaProducer<String, LoadEvent> producer, Ledger ledger, Progress progress) throws InterruptedException {
        Clock clock = scenario.clock();
        Demand demand = new Demand(scenario);
        List<DataCentre> datacentres = scenario.datacentres();
        List<Kind> kinds = new ArrayList<>(scenario.kinds().values());
        String[] keys = datacentres.stream().map(dc -> Keys.member(options.run(), dc.id())).toArray(String[]::new);
        long[] cellKeys = new long[datacentres.size() * kinds.size()];
        for (int d = 0; d < datacentres.size(); d++) {
            for (int k = 0; k < kinds.size(); k++) {
                cellKeys[d * kinds.size() + k] = ArrivalProcess.cellKey(datacentres.get(d).id(), kinds.get(k).name());
            }
        }
        ArrivalProcess arrival = ArrivalProcess.of(scenario.workload().arrival(), scenario.seed(), cellKeys.length);

        long startMs = clock.start().toEpochMilli();
        long endMs = clock.end().toEpochMilli();
        long tickMs = clock.tick().toMillis();
        Pacer pacer = new Pacer(startMs, options.speedSimulatedPerWallSecond());
        int inTransaction = 0;
        long lastCommitNanos = System.nanoTime();
        producer.beginTransaction();
        for (long tick = 0, tickStart = startMs; tickStart < endMs; tick++, tickStart += tickMs) {
            long length = Math.min(tickMs, endMs - tickStart);
            if (pacer.paced()) {
                // Events of a tick happen during it: publish them when simulated time reaches its
                // end. Commit what is pending before waiting, or every 100 ms when running behind,
                // so that consumers see the load promptly without a transaction per short tick.
                boolean due = pacer.ahead(tickStart + length) || System.nanoTime() - lastCommitNanos >= PACED_COMMIT_NANOS;
                if (inTransaction > 0 && due) {
                    commit(producer, ledger, progress, tickStart);
                    lastCommitNanos = System.nanoTime();
                    inTransaction = 0;
                    producer.beginTransaction();
                }
                pacer.waitUntil(tickStart + length);
            }
            for (int d = 0; d < datacentres.size(); d++) {
                DataCentre dc = datacentres.get(d);
                for (int k = 0; k < kinds.size(); k++) {
                    int cell = d * kinds.size() + k;
                    long count = arrival.next(cell, cellKeys[cell], tick, demand.expected(dc, kinds.get(k), tickStart, length));
                    if (count == 0) {
                        continue;
                    }
                    LoadEvent event = new LoadEvent(options.run(), scenario.name(), dc.id(), kinds.get(k).name(),
                            Instant.ofEpochMilli(tickStart), length, count);
                    producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), null, tickStart, keys[d], event), (metadata, error) -> {
                        if (error == null) {
                            ledger.sent(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset());
                        }
                    });
                    ledger.count(dc.id(), kinds.get(k).name(), count);
                    inTransaction++;
                }
            }
            if (inTransaction >= options.maxEventsPerTransaction()) {
                commit(producer, ledger, progress, tickStart + length);
                inTransaction = 0;
                producer.beginTransaction();
            }
        }
        commit(producer, ledger, progress, clock.end());
    }

    private void commit(KafkaProducer<String, LoadEvent> producer, Ledger ledger, Progress progress, long simulatedUntilMs) {
        commit(producer, ledger, progress, Instant.ofEpochMilli(simulatedUntilMs));
    }

    private void commit(KafkaProducer<String, LoadEvent> producer, Ledger ledger, Progress progress, Instant simulatedUntil) {
        producer.commitTransaction(); // also flushes: every send callback has run
        progress.committed(simulatedUntil, ledger.requests(), ledger.loadEvents());
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = clients.config();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rebound-generator-" + options.run());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }

    /** Holds simulated time to the wall clock at a given speed (or not at all at full speed). */
    private static final class Pacer {
        private final long simulatedStartMs;
        private final double speed;
        private final long wallStartNanos = System.nanoTime();

        Pacer(long simulatedStartMs, double speed) {
            this.simulatedStartMs = simulatedStartMs;
            this.speed = speed;
        }

        boolean paced() {
            return !Double.isInfinite(speed);
        }

        /** Whether the wall clock has not yet reached this simulated instant. */
        boolean ahead(long simulatedMs) {
            return dueNanos(simulatedMs) > System.nanoTime();
        }

        private long dueNanos(long simulatedMs) {
            return wallStartNanos + (long) ((simulatedMs - simulatedStartMs) / speed * 1_000_000);
        }

        void waitUntil(long simulatedMs) throws InterruptedException {
            long waitNanos = dueNanos(simulatedMs) - System.nanoTime();
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
        }
    }
}
