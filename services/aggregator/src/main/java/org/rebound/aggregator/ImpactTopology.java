package org.rebound.aggregator;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.rebound.avro.Dimension;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.kafka.Topic;
import org.rebound.kafka.Topics;

/**
 * The impact aggregator's topology:
 * <ol>
 *   <li>the load events reach one processor ({@link ValuationProcessor}): the data-centre states
 *       they carry become versions of a <em>versioned</em> table, and each load event is valued with
 *       the state in force at its simulated time (its record timestamp), not the latest one: energy,
 *       CO₂e and water of each kind, low/central/high; events that cannot be valued throw, and the
 *       processing error handler sends them to the dead-letter topic;</li>
 *   <li>the processor sums what it valued per data centre, kind, region, day of simulated time,
 *       period and run until its task commits ({@link DeltaBuffer}), and forwards one delta per
 *       aggregate in that commit's transaction ({@link CommitFlush}, the aggregator's one use of
 *       Kafka Streams internals: why is there): downstream work grows with the number of
 *       aggregates, not of load events;</li>
 *   <li>the deltas are summed by aggregate (one repartition topic) into the compacted totals
 *       topics, and by period into the period table ({@link PeriodTable}); the sums of the
 *       possible worlds travel with them and become each quantity's p5/p95 as an aggregate is
 *       written ({@link WorldSums}), without the world sums;</li>
 *   <li>each data centre's telemetry windows (the simulated hour, or the tick when longer) are
 *       summed the same way, one more aggregate per data centre and window ({@link TelemetryMath});</li>
 *   <li>a training campaign is valued once, on its region's grid at its instant.</li>
 * </ol>
 * Every aggregate is written twice, by two sinks of the same node and so in the same exactly-once
 * transaction: Avro to its topic, and plain JSON to the topic's mirror {@code <topic>.json}
 * ({@link Topics#JSON_MIRRORS}) for clients that cannot read Avro.
 */
public final class ImpactTopology {

    public static final String DATACENTRE_STORE = "datacentres-versioned";
    /**
     * How far back the versioned table keeps superseded data-centre states: long enough for any
     * scenario's simulated span (events are joined by simulated time).
     */
    static final Duration DATACENTRE_HISTORY = Duration.ofDays(200 * 366L);

    private ImpactTopology() {}

    /**
     * The topology's repartition topics, without the application id that prefixes them on the
     * cluster ({@code <application.id>-<name>}): what an end-of-run barrier must also wait for.
     */
    public static java.util.Set<String> repartitionTopics() {
        return nodes().filter(node -> node instanceof TopologyDescription.Source source && source.topicSet() != null)
                .flatMap(source -> ((TopologyDescription.Source) source).topicSet().stream())
                .filter(topic -> topic.endsWith("-repartition"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * The topology's state stores that Kafka Streams backs with a changelog ({@code
     * <application.id>-<store>-changelog}): all but the commit buffer ({@link CommitFlush}), which
     * holds nothing across a commit.
     */
    static java.util.Set<String> loggedStores() {
        return nodes().filter(node -> node instanceof TopologyDescription.Processor)
                .flatMap(processor -> ((TopologyDescription.Processor) processor).stores().stream())
                .filter(store -> !store.equals(DeltaBuffer.NAME))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Every node of every sub-topology, as Kafka Streams describes the topology. */
    private static java.util.stream.Stream<TopologyDescription.Node> nodes() {
        return build().describe().subtopologies().stream().flatMap(sub -> sub.nodes().stream());
    }

    public static Topology build() {
        return build(Stores::persistentKeyValueStore);
    }

    /**
     * The topology with its key-value stores in memory (the versioned data-centre store stays on
     * RocksDB: Kafka has no versioned store in memory), for a run whose state directory is
     * temporary anyway: the same stores, names and changelogs (under exactly-once a store
     * rebuilt from its changelog holds what was committed, in memory as on disk), without
     * opening, flushing and closing a RocksDB instance per store and task at start and exit.
     */
    public static Topology buildInMemory() {
        return build(Stores::inMemoryKeyValueStore);
    }

    private static Topology build(java.util.function.Function<String, KeyValueBytesStoreSupplier> stores) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.versionedKeyValueStoreBuilder(
                Stores.persistentVersionedKeyValueStore(DATACENTRE_STORE, DATACENTRE_HISTORY),
                Topics.KEY,
                Topics.DATA_CENTRE));
        builder.addStateStore(CommitFlush.builder(DeltaBuffer.NAME));

        KStream<String, LoadEvent> loadEvents = builder.stream(
                Topics.REQUESTS.name(),
                Consumed.with(Topics.KEY, Topics.LOAD_EVENT).withName("requests-source"));

        // One processor values each load event with the data-centre state in force at its time
        // (the states ride on the events, in a header: ValuationProcessor) and sums per task until
        // the task commits, per run and
        //   data centre · kind · region · day of simulated time · period · the run as a whole
        // (DeltaBuffer.add), then forwards one delta per aggregate in the commit's transaction
        // (CommitFlush).
        KStream<String, SpecificRecord> deltas = loadEvents.process(
                ValuationProcessor::new, Named.as("value-and-sum"), DATACENTRE_STORE, DeltaBuffer.NAME);

        // One delta per aggregate and commit: summed by key (through one repartition topic), then
        // written to the topic of its dimension under its own key.
        KStream<String, Totals> totals = deltas.filter(
                        (key, delta) -> delta instanceof Totals, Named.as("totals-deltas"))
                .mapValues(delta -> (Totals) delta, Named.as("as-totals"))
                .groupByKey(Grouped.with("totals", Topics.KEY, Topics.TOTALS_SERDE))
                .reduce(
                        TotalsMath::plus,
                        // Not cached: each delta (one per key and commit from a task) is summed
                        // and written at once, and the first one asks for a commit
                        // (CommitAfterFirst). Cached, the first totals waited for the next
                        // commit, a whole interval later, and were read when the drain of all
                        // that was valued meanwhile had been written too (docs/performance.md,
                        // "The first aggregate: two commits asked for").
                        Materialized.<String, Totals>as(stores.apply("totals"))
                                .withKeySerde(Topics.KEY)
                                .withValueSerde(Topics.TOTALS_SERDE)
                                .withCachingDisabled())
                .toStream(Named.as("totals-changes"))
                .selectKey((key, value) -> DeltaBuffer.outputKey(key), Named.as("totals-output-key"))
                // each quantity's p5/p95 from the possible worlds' sums, which stay in the aggregator
                .processValues(() -> new CommitAfterFirst<>(WorldSums::settle), Named.as("totals-likely-range"));
        totals.to(
                (key, value, context) -> OUTPUTS.get(value.getDimension()).name(),
                Produced.with(Topics.KEY, Topics.TOTALS_SERDE).withName("totals-sink"));
        totals.to(
                (key, value, context) -> MIRRORS.get(value.getDimension()).name(),
                Produced.with(Topics.KEY, Topics.TOTALS_JSON.valueSerde()).withName("totals-sink-json"));

        periods(
                builder,
                stores,
                deltas.filter((key, delta) -> delta instanceof PeriodTotals, Named.as("period-deltas"))
                        .mapValues(delta -> (PeriodTotals) delta, Named.as("as-period-totals")));

        KStream<String, Totals> training = builder.stream(
                        Topics.TRAINING.name(),
                        Consumed.with(Topics.KEY, Topics.TRAINING_CAMPAIGN).withName("training-source"))
                .mapValues(Valuation::training, Named.as("value-training"));
        toTopicAndMirror(training, Topics.TOTALS_TRAINING, Topics.TOTALS_TRAINING_JSON, "training-sink");

        // Added last, so that the nodes, stores and internal topics above keep their names.
        telemetry(
                stores,
                deltas.filter((key, delta) -> delta instanceof Telemetry, Named.as("telemetry-deltas"))
                        .mapValues(delta -> (Telemetry) delta, Named.as("as-telemetry")));
        return builder.build();
    }

    /** The topic of each dimension's totals, and its JSON mirror (training totals have their own path). */
    static final Map<Dimension, Topic<String, Totals>> OUTPUTS = Map.of(
            Dimension.OVERALL,
            Topics.TOTALS,
            Dimension.DATACENTRE,
            Topics.TOTALS_BY_DATACENTRE,
            Dimension.KIND,
            Topics.TOTALS_BY_KIND,
            Dimension.REGION,
            Topics.TOTALS_BY_REGION,
            Dimension.DAY,
            Topics.TOTALS_DAILY);

    static final Map<Dimension, Topic<String, Totals>> MIRRORS = Map.of(
            Dimension.OVERALL,
            Topics.TOTALS_JSON,
            Dimension.DATACENTRE,
            Topics.TOTALS_BY_DATACENTRE_JSON,
            Dimension.KIND,
            Topics.TOTALS_BY_KIND_JSON,
            Dimension.REGION,
            Topics.TOTALS_BY_REGION_JSON,
            Dimension.DAY,
            Topics.TOTALS_DAILY_JSON);

    /**
     * The period table: each period's deltas summed (cached: one update per period per commit),
     * then re-keyed by run so that one processor sees all periods of a run and can compare each
     * with the first.
     */
    private static void periods(
            StreamsBuilder builder,
            java.util.function.Function<String, KeyValueBytesStoreSupplier> stores,
            KStream<String, PeriodTotals> deltas) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(stores.apply(PeriodTable.STORE), Topics.KEY, Topics.PERIOD_TOTALS));
        KStream<String, PeriodTotals> table = deltas.groupByKey(
                        Grouped.with("by-period", Topics.KEY, Topics.PERIOD_TOTALS))
                .reduce(
                        PeriodTable::plus,
                        Materialized.<String, PeriodTotals>as(stores.apply("totals-by-period"))
                                .withKeySerde(Topics.KEY)
                                .withValueSerde(Topics.PERIOD_TOTALS))
                .toStream(Named.as("period-totals-changes"))
                .selectKey((key, totals) -> totals.getRun(), Named.as("period-totals-by-run"))
                .repartition(Repartitioned.<String, PeriodTotals>as("periods-by-run")
                        .withKeySerde(Topics.KEY)
                        .withValueSerde(Topics.PERIOD_TOTALS))
                .process(PeriodTable::new, Named.as("period-table"), PeriodTable.STORE);
        toTopicAndMirror(table, Topics.PERIODS, Topics.PERIODS_JSON, "periods-sink");
    }

    /**
     * Each data centre's telemetry windows. A window whole in one delta (most: {@link
     * DeltaBuffer}) carries its likely range already and is written as it is, in the transaction
     * that valued its ticks; the deltas of a window split between commits (a window's deltas all
     * come from the task of its data centre) are summed by key like the totals, through one
     * repartition topic, then written with each quantity's likely range.
     */
    private static void telemetry(
            java.util.function.Function<String, KeyValueBytesStoreSupplier> stores, KStream<String, Telemetry> deltas) {
        Map<String, KStream<String, Telemetry>> split = deltas.split(Named.as("telemetry-"))
                .branch((key, delta) -> TelemetryMath.settled(delta), Branched.as("whole"))
                .defaultBranch(Branched.as("partial"));
        KStream<String, Telemetry> summed = split.get("telemetry-partial")
                .groupByKey(Grouped.with("telemetry", Topics.KEY, Topics.TELEMETRY_SERDE))
                .reduce(
                        TelemetryMath::plus,
                        Materialized.<String, Telemetry>as(stores.apply("telemetry"))
                                .withKeySerde(Topics.KEY)
                                .withValueSerde(Topics.TELEMETRY_SERDE))
                .toStream(Named.as("telemetry-changes"))
                .mapValues(TelemetryMath::settle, Named.as("telemetry-likely-range"));
        toTopicAndMirror(
                split.get("telemetry-whole").merge(summed, Named.as("telemetry-windows")),
                Topics.TELEMETRY,
                Topics.TELEMETRY_JSON,
                "telemetry-sink");
    }

    /**
     * Writes each record to its topic (Avro) and to the topic's JSON mirror: two sinks of one
     * node, so both are in the same transaction, with the same key (and so, the partition counts
     * being equal, the same partition) and the same timestamp.
     *
     * @param sinkName the Avro sink's processor name; the mirror's is {@code sinkName + "-json"}
     */
    private static <V> void toTopicAndMirror(
            KStream<String, V> records, Topic<String, V> topic, Topic<String, V> mirror, String sinkName) {
        records.to(
                topic.name(),
                Produced.with(topic.keySerde(), topic.valueSerde()).withName(sinkName));
        records.to(
                mirror.name(),
                Produced.with(mirror.keySerde(), mirror.valueSerde()).withName(sinkName + "-json"));
    }
}
