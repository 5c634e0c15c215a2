package org.rebound.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.ControlSource;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.domain.scenario.ScenarioText;
import org.rebound.domain.scenario.TimelineEvent;
import org.rebound.kafka.AvroMapping;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topic;
import org.rebound.kafka.Topics;

/**
 * Produces a scenario's load: first the data centres (the state the aggregator values events
 * with) and the training campaign, then, tick by tick in simulated-time order, each data centre's
 * ticks with the count of every kind that has requests, several ticks of a data centre per record
 * ({@link LoadRecords}; the ledger counts one load event per data centre, kind and tick with
 * requests, as the aggregates do). When a timeline change takes effect, the new data-centre
 * states are written, and the first record of each data centre after them carries its state
 * (header {@link Topics#DATACENTRE_STATE_HEADER}): the aggregator values events with the states
 * they bring, not with the data-centre topic. Keys are {@code <run>/<datacentre>}, so each data
 * centre's events keep their order. Writes are transactional: what a read_committed consumer sees
 * is always whole, and a transaction always ends between two ticks.
 */
public final class LoadGenerator {

    /**
     * @param run                        run identifier, prefix of every key
     * @param speedSimulatedPerWallSecond simulated seconds per wall-clock second; infinite = as fast as possible
     * @param maxTicksPerTransaction      bound on a transaction's size at full speed, in data-centre ticks
     * @param startedAt                   wall-clock instant the run was started, kept in its definition
     *                                    ("the latest run" is the greatest; runs started together share it)
     */
    public record Options(
            String run,
            double speedSimulatedPerWallSecond,
            int maxTicksPerTransaction,
            int instance,
            int instances,
            Instant startedAt) {
        public Options {
            if (instances < 1 || instance < 0 || instance >= instances) {
                throw new IllegalArgumentException(
                        "expected an instance i/n with 0 <= i < n, found " + instance + "/" + instances);
            }
        }

        public static Options of(String run, Scenario scenario) {
            return new Options(run, scenario.clock().speedSimulatedPerWallSecond(), 50_000, 0, 1, Instant.now());
        }

        public Options withSpeed(double speed) {
            return new Options(run, speed, maxTicksPerTransaction, instance, instances, startedAt);
        }

        /** Runs started by one command (a scenario and its baseline, a comparison) share their start. */
        public Options withStartedAt(Instant instant) {
            return new Options(run, speedSimulatedPerWallSecond, maxTicksPerTransaction, instance, instances, instant);
        }

        /**
         * Instance {@code instance} of {@code instances} produces the load of the data centres
         * whose index modulo {@code instances} is {@code instance} (every arrival stream is seeded
         * by its data centre and kind, so the split changes no count); instance 0 also publishes
         * the scenario's definition, timeline and training campaign.
         */
        public Options withInstance(int newInstance, int newInstances) {
            return new Options(
                    run, speedSimulatedPerWallSecond, maxTicksPerTransaction, newInstance, newInstances, startedAt);
        }

        boolean owns(int datacentreIndex) {
            return datacentreIndex % instances == instance;
        }
    }

    /** Told as the run goes. */
    public interface Progress {
        /** After each committed transaction. */
        void committed(Instant simulatedUntil, long requests, long loadEvents);

        /** Once set up (producer, data-centre states, definition published), before the first load event; may block. */
        default void beforeLoad() throws InterruptedException {}

        /** When a scheduled or live change takes effect (its events are committed with the next transaction). */
        default void changed(TimelineEvent change) {}

        /** When a live change cannot apply to the scenario as it stands (the run goes on unchanged). */
        default void rejected(ScenarioChange change, List<Problem> problems) {}
    }

    /**
     * The most ticks of one data centre a record of the requests topic holds ({@link LoadRecords}):
     * two hours of five-minute ticks. Chosen by measurement (docs/performance.md, "Several ticks
     * per record").
     */
    public static final int TICKS_PER_RECORD = Integer.getInteger("rebound.ticksPerRecord", 24);

    /** How long the generator waits to read back the scheduled changes it has just published. */
    private static final java.time.Duration CONTROL_CATCH_UP = java.time.Duration.ofSeconds(30);

    /** At a paced speed, the longest a produced load event waits for its transaction to commit. */
    private static final long PACED_COMMIT_NANOS = 100_000_000L;

    /** At full speed, the longest a transaction stays open (besides its bound in records). */
    private static final long FULL_SPEED_COMMIT_NANOS = 250_000_000L;

    /**
     * At full speed, the longest the first load transaction stays open: the aggregator (read
     * committed) starts on the first ticks while the generator writes the rest, instead of
     * waiting for a whole first transaction.
     */
    private static final long FIRST_COMMIT_NANOS = 20_000_000L;

    private final Scenario scenario;
    private final Options options;
    private final KafkaClients clients;

    /**
     * Per data centre, the encoded state its next load event carries in the header
     * {@link Topics#DATACENTRE_STATE_HEADER} (null: none): set when a state is published, and on
     * a resume; sent once.
     */
    private final byte[][] stateToCarry;

    /** Where the data centres' current state starts: the run's start, then the tick of the last change applied. */
    private Instant stateFrom;

    public LoadGenerator(Scenario scenario, Options options, KafkaClients clients) {
        this.scenario = scenario;
        this.options = options;
        this.clients = clients;
        this.stateToCarry = new byte[scenario.datacentres().size()][];
        this.stateFrom = scenario.clock().start();
    }

    /** Produces the whole run and returns its ledger; the topics must exist. */
    public Ledger run(Progress progress) throws InterruptedException {
        Ledger ledger = new Ledger(
                scenario.datacentres().stream().map(DataCentre::id).toList(),
                List.copyOf(scenario.kinds().keySet()));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerConfig(), Topics.KEY.serializer(), new ByteArraySerializer())) {
            // Fences any earlier incarnation of this generator (same run, same instance) and
            // aborts what it left open: what follows sees only its committed transactions.
            org.rebound.kafka.Timeline.mark("generator: producer created");
            producer.initTransactions();
            org.rebound.kafka.Timeline.mark("generator: transactions initialised");
            Resume resume = Resume.find(clients, options, scenario);
            if (!resume.started()) {
                producer.beginTransaction();
                publishState(producer, scenario, scenario.clock().start());
                if (options.instance() == 0) {
                    scenario.trainingCampaign()
                            .ifPresent(training -> send(
                                    producer,
                                    Topics.TRAINING,
                                    training.at().toEpochMilli(),
                                    options.run(),
                                    AvroMapping.training(options.run(), scenario, training)));
                    publishDefinition(producer);
                }
                // Committed before any load event exists: from now on the run has started (Resume),
                // and its first events carry these states to the aggregator.
                producer.commitTransaction();
                org.rebound.kafka.Timeline.mark("generator: states committed");
            }
            try (ControlFeed feed = new ControlFeed(clients, options.run())) {
                org.rebound.kafka.Timeline.mark("generator: control feed open");
                progress.beforeLoad();
                org.rebound.kafka.Timeline.mark("generator: aggregator running, load starts");
                produceLoad(producer, feed, ledger, progress, resume);
            }
        }
        return ledger;
    }

    /**
     * What the run was started with (for validating live changes), and its scheduled changes as
     * control events: the generator applies scheduled and live changes alike from that topic.
     */
    private void publishDefinition(KafkaProducer<String, byte[]> producer) {
        ScenarioText text = scenario.text();
        send(
                producer,
                Topics.SCENARIOS,
                scenario.clock().start().toEpochMilli(),
                options.run(),
                new ScenarioDefinition(
                        options.run(),
                        scenario.name(),
                        text.fileName(),
                        text.yaml(),
                        text.overrides().stream()
                                .map(ScenarioOverride::toString)
                                .toList(),
                        scenario.clock().start(),
                        scenario.clock().end(),
                        options.startedAt()));
        int index = 0;
        for (TimelineEvent change : scenario.timeline()) {
            send(
                    producer,
                    Topics.CONTROL,
                    change.at().toEpochMilli(),
                    options.run(),
                    ControlEvent.newBuilder()
                            .setRun(options.run())
                            .setId(options.run() + "/timeline/" + index++)
                            .setSource(ControlSource.TIMELINE)
                            .setAt(change.at())
                            .setSet(change.set())
                            .setNote(change.note())
                            .build());
        }
    }

    /** Every data centre's state from {@code validFrom} on, also carried by its next load event. */
    private void publishState(KafkaProducer<String, byte[]> producer, Scenario state, Instant validFrom) {
        carryState(state, validFrom);
        for (int d = 0; d < state.datacentres().size(); d++) {
            if (options.owns(d)) {
                producer.send(new ProducerRecord<>(
                        Topics.DATACENTRES.name(),
                        null,
                        AvroMapping.recordTimestamp(validFrom),
                        Keys.member(options.run(), state.datacentres().get(d).id()),
                        stateToCarry[d]));
            }
        }
    }

    /** Encodes every owned data centre's state from {@code validFrom} on, for its next load event to carry. */
    private void carryState(Scenario state, Instant validFrom) {
        stateFrom = validFrom;
        for (int d = 0; d < state.datacentres().size(); d++) {
            if (!options.owns(d)) {
                continue;
            }
            DataCentre dc = state.datacentres().get(d);
            stateToCarry[d] = Topics.DATACENTRES
                    .valueSerde()
                    .serializer()
                    .serialize(
                            Topics.DATACENTRES.name(),
                            AvroMapping.dataCentre(
                                    options.run(),
                                    state,
                                    dc,
                                    validFrom,
                                    scenario.datacentres().get(d).pue()));
        }
    }

    private static <V> void send(
            KafkaProducer<String, byte[]> producer, Topic<String, V> topic, long timestamp, String key, V value) {
        producer.send(new ProducerRecord<>(
                topic.name(),
                null,
                timestamp,
                key,
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private void produceLoad(
            KafkaProducer<String, byte[]> producer, ControlFeed feed, Ledger ledger, Progress progress, Resume resume)
            throws InterruptedException {
        Clock clock = scenario.clock();
        List<DataCentre> datacentres = scenario.datacentres();
        Simulation simulation = new Simulation(scenario, options);
        String[] keys = datacentres.stream()
                .map(dc -> Keys.member(options.run(), dc.id()))
                .toArray(String[]::new);
        LoadEventBytes records = new LoadEventBytes(
                options.run(),
                scenario.name(),
                datacentres.stream().map(DataCentre::id).toList(),
                simulation.kindNames());
        int partitions = producer.partitionsFor(Topics.REQUESTS.name()).size();
        int[] partitionOf = Arrays.stream(keys)
                .mapToInt(key -> BuiltInPartitioner.partitionForKey(
                        Topics.KEY.serializer().serialize(Topics.REQUESTS.name(), key), partitions))
                .toArray();
        // several ticks of a data centre per record, every kind of each, to the partition the
        // producer's own partitioner would pick for the key, named so that the last send to each
        // partition is known without a callback per record; the first record of a data centre
        // after a new state carries that state (Topics.DATACENTRE_STATE_HEADER)
        LoadRecords send = new LoadRecords(producer, records, ledger, keys, partitionOf, partitions, stateToCarry);

        // Resuming: every control event of the run so far, a live change's copy (stamped with the
        // tick it took effect at) in place of the original, so the replay applies it where it was.
        List<ControlEvent> pending = resume.started()
                ? ControlFeed.preferStamped(feed.readToEnd())
                : new ArrayList<>(feed.awaitFirst(scenario.timeline().size(), CONTROL_CATCH_UP));

        long startMs = clock.start().toEpochMilli();
        long endMs = clock.end().toEpochMilli();
        long tickMs = clock.tick().toMillis();
        Pacer pacer = null;
        long lastCommitNanos = System.nanoTime();
        boolean firstCommitted = false;
        org.rebound.kafka.Timeline.mark("generator: control events read");
        producer.beginTransaction();
        for (long tick = 0, tickStart = startMs; tickStart < endMs; tick++, tickStart += tickMs) {
            long length = Math.min(tickMs, endMs - tickStart);
            // ticks committed before a crash are recomputed (the ledger, the state) but not sent again
            boolean replay = tickStart <= resume.lastTickStartMs();
            if (!replay && pacer == null) {
                pacer = new Pacer(tickStart, options.speedSimulatedPerWallSecond());
                if (resume.started()) {
                    // the state in force where the run resumes, carried by each data centre's
                    // next event: the event that was to carry it may never have been committed
                    // (a crash after the run's first states were committed, before its first load)
                    carryState(simulation.state(), stateFrom);
                }
            }
            if (!replay && pacer.paced()) {
                // Events of a tick happen during it: publish them when simulated time reaches its
                // end. Commit what is pending before waiting, or every 100 ms when running behind,
                // so that consumers see the load promptly without a transaction per short tick.
                boolean due =
                        pacer.ahead(tickStart + length) || System.nanoTime() - lastCommitNanos >= PACED_COMMIT_NANOS;
                if (send.ticksInTransaction() > 0 && due) {
                    commit(producer, send, ledger, progress, tickStart);
                    lastCommitNanos = System.nanoTime();
                    producer.beginTransaction();
                }
                pacer.waitUntil(tickStart + length);
            }
            if (!replay) {
                pending.addAll(feed.poll());
            }
            // new states go out with this tick's load, and ride on each data centre's next event
            applyDue(producer, simulation, pending, tickStart, replay, progress);
            simulation.tick(tick, tickStart, length, ledger, replay ? null : send);
            // at full speed: bounded transactions, committed at least every 250 ms so that the
            // aggregates (read_committed) follow promptly, the first one after 20 ms
            if (send.ticksInTransaction() >= options.maxTicksPerTransaction()
                    || (send.ticksInTransaction() > 0
                            && System.nanoTime() - lastCommitNanos
                                    >= (firstCommitted ? FULL_SPEED_COMMIT_NANOS : FIRST_COMMIT_NANOS))) {
                commit(producer, send, ledger, progress, tickStart + length);
                lastCommitNanos = System.nanoTime();
                firstCommitted = true;
                producer.beginTransaction();
            }
        }
        commit(producer, send, ledger, progress, endMs);
        org.rebound.kafka.Timeline.mark("generator: last commit");
    }

    /**
     * Applies the control events due at this tick (scheduled ones whose instant has come, live
     * ones at once), in time order, and publishes each applied change's new data-centre states in
     * the open transaction; instance 0 stamps a live change with the tick it took effect at, for a
     * resume to replay it there.
     */
    private void applyDue(
            KafkaProducer<String, byte[]> producer,
            Simulation simulation,
            List<ControlEvent> pending,
            long tickStart,
            boolean replay,
            Progress progress) {
        Instant tickInstant = Instant.ofEpochMilli(tickStart);
        List<ControlEvent> due = new ArrayList<>();
        for (java.util.Iterator<ControlEvent> it = pending.iterator(); it.hasNext(); ) {
            ControlEvent event = it.next();
            if (event.getAt() == null || event.getAt().toEpochMilli() <= tickStart) {
                due.add(event);
                it.remove();
            }
        }
        due.sort(java.util.Comparator.comparing(e -> e.getAt() == null ? tickInstant : e.getAt()));
        for (ControlEvent event : due) {
            ScenarioChange change = AvroMapping.change(event, tickInstant);
            try {
                if (!simulation.apply(event.getId(), change, event.getSource() == ControlSource.LIVE)) {
                    continue; // the stamped copy of a live change already applied
                }
            } catch (ScenarioException e) {
                progress.rejected(change, e.problems());
                continue;
            }
            if (replay) {
                stateFrom = tickInstant;
                continue;
            }
            publishState(producer, simulation.state(), tickInstant);
            if (event.getAt() == null && options.instance() == 0) {
                // where it took effect, for a resume after a crash to replay it at the same tick
                send(
                        producer,
                        Topics.CONTROL,
                        tickStart,
                        options.run(),
                        ControlEvent.newBuilder(event).setAt(tickInstant).build());
            }
            progress.changed(
                    new TimelineEvent(change.at(), tickInstant, change.set(), change.note(), 0, simulation.state()));
        }
    }

    /**
     * Sends the ticks held, commits the open transaction, then records in the ledger the offset
     * of the last record it wrote to each partition: what the end-of-run barrier waits for.
     */
    private void commit(
            KafkaProducer<String, byte[]> producer,
            LoadRecords records,
            Ledger ledger,
            Progress progress,
            long simulatedUntilMs) {
        records.flush();
        producer.commitTransaction(); // also flushes: every send has completed
        org.rebound.kafka.Timeline.once("generator: first load commit");
        records.committed();
        progress.committed(Instant.ofEpochMilli(simulatedUntilMs), ledger.requests(), ledger.loadEvents());
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = clients.config();
        config.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "rebound-generator-" + options.run()
                        + (options.instances() == 1 ? "" : "-" + options.instance() + "-of-" + options.instances()));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Defaults measured on the in-process broker (docs/performance.md); a client properties
        // file (--kafka-config) overrides them, e.g. compression.type=lz4 across a network.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.putIfAbsent(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, System.getProperty("rebound.generator.compression", "none"));
        return config;
    }
}
