package org.rebound.aggregator;

import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rebound.avro.PeriodTotals;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.common.utils.Bytes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.rebound.avro.DataCentre;
import org.rebound.avro.Dimension;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Totals;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topic;
import org.rebound.kafka.Topics;

/**
 * The impact aggregator's topology:
 * <ol>
 *   <li>the data centres become a <em>versioned</em> table, so that each load event is joined with
 *       the state in force at its simulated time (its record timestamp), not the latest one;</li>
 *   <li>each load event is valued ({@link Valuation}): energy, CO₂e and water, low/central/high;
 *       events that cannot be valued throw, and the processing error handler sends them to the
 *       dead-letter topic;</li>
 *   <li>the valued events are summed per data centre (same key: no repartition), per kind, per
 *       region and overall (re-keyed, through repartition topics), and per day of simulated time,
 *       into compacted totals topics;</li>
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
    /** How late (in simulated time) a record may reach a daily window: never too late in practice. */
    static final Duration DAILY_GRACE = Duration.ofDays(200 * 366L);

    private ImpactTopology() {
    }

    /**
     * The topology's repartition topics, without the application id that prefixes them on the
     * cluster ({@code <application.id>-<name>}): what an end-of-run barrier must also wait for.
     */
    public static java.util.Set<String> repartitionTopics() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (org.apache.kafka.streams.TopologyDescription.Subtopology sub : build().describe().subtopologies()) {
            for (org.apache.kafka.streams.TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof org.apache.kafka.streams.TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(t -> t.endsWith("-repartition")).forEach(names::add);
                }
            }
        }
        return names;
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, DataCentre> datacentres = builder.table(Topics.DATACENTRES.name(),
                Consumed.with(Topics.KEY, Topics.DATA_CENTRE).withName("datacentres-source"),
                Materialized.<String, DataCentre>as(Stores.persistentVersionedKeyValueStore(DATACENTRE_STORE, DATACENTRE_HISTORY))
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.DATA_CENTRE));
        KStream<String, LoadEvent> events = builder.stream(Topics.REQUESTS.name(),
                Consumed.with(Topics.KEY, Topics.LOAD_EVENT).withName("requests-source"))
                // a record without a value would be dropped by the join without a trace: dead-letter it
                .mapValues(ImpactTopology::present, Named.as("require-value"));

        KStream<String, ValuedEvent> valued = events.leftJoin(datacentres, (event, dc) -> Valuation.value(event, dc),
                org.apache.kafka.streams.kstream.Joined.<String, LoadEvent, DataCentre>as("value-events")
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.LOAD_EVENT).withOtherValueSerde(Topics.DATA_CENTRE));

        // Per data centre: the key is already <run>/<datacentre>.
        sum(valued.mapValues(v -> v.asTotals(Dimension.DATACENTRE, v.event().getDatacentre()), Named.as("as-datacentre-totals")),
                "by-datacentre", Topics.TOTALS_BY_DATACENTRE, Topics.TOTALS_BY_DATACENTRE_JSON);
        sum(valued.map((key, v) -> KeyValue.pair(Keys.member(v.event().getRun(), v.event().getKind()), v.asTotals(Dimension.KIND, v.event().getKind())),
                Named.as("as-kind-totals")), "by-kind", Topics.TOTALS_BY_KIND, Topics.TOTALS_BY_KIND_JSON);
        sum(valued.map((key, v) -> KeyValue.pair(Keys.member(v.event().getRun(), v.region()), v.asTotals(Dimension.REGION, v.region())),
                Named.as("as-region-totals")), "by-region", Topics.TOTALS_BY_REGION, Topics.TOTALS_BY_REGION_JSON);
        KGroupedStream<String, Totals> overall = valued
                .map((key, v) -> KeyValue.pair(v.event().getRun(), v.asTotals(Dimension.OVERALL, v.event().getScenario())), Named.as("as-overall-totals"))
                .groupByKey(Grouped.with("overall", Topics.KEY, Topics.TOTALS_SERDE));
        sum(overall, "overall", Topics.TOTALS, Topics.TOTALS_JSON);
        daily(overall);

        periods(builder, valued);

        KStream<String, Totals> training = builder.stream(Topics.TRAINING.name(), Consumed.with(Topics.KEY, Topics.TRAINING_CAMPAIGN).withName("training-source"))
                .mapValues(Valuation::training, Named.as("value-training"));
        toTopicAndMirror(training, Topics.TOTALS_TRAINING, Topics.TOTALS_TRAINING_JSON, "training-sink");
        return builder.build();
    }

    /**
     * The period table: each event summed into its run's period (cached: one update per period
     * per commit), then re-keyed by run so that one processor sees all periods of a run and can
     * compare each with the first.
     */
    private static LoadEvent present(LoadEvent event) {
        if (event == null) {
            throw new InvalidLoadEventException("record without a value on " + Topics.REQUESTS.name() + " (expected a load event)");
        }
        return event;
    }

    private static void periods(StreamsBuilder builder, KStream<String, ValuedEvent> valued) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PeriodTable.STORE), Topics.KEY, Topics.PERIOD_TOTALS));
        KStream<String, PeriodTotals> table = valued.map((key, v) -> KeyValue.pair(Keys.period(v.event().getRun(), v.period().index()), v.asPeriodTotals()), Named.as("as-period-totals"))
                .groupByKey(Grouped.with("by-period", Topics.KEY, Topics.PERIOD_TOTALS))
                .reduce(PeriodTable::plus, Materialized.<String, PeriodTotals, KeyValueStore<Bytes, byte[]>>as("totals-by-period")
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.PERIOD_TOTALS))
                .toStream(Named.as("period-totals-changes"))
                .selectKey((key, totals) -> totals.getRun(), Named.as("period-totals-by-run"))
                .repartition(Repartitioned.<String, PeriodTotals>as("periods-by-run").withKeySerde(Topics.KEY).withValueSerde(Topics.PERIOD_TOTALS))
                .process(PeriodTable::new, Named.as("period-table"), PeriodTable.STORE);
        toTopicAndMirror(table, Topics.PERIODS, Topics.PERIODS_JSON, "periods-sink");
    }

    /**
     * Totals of each UTC day of simulated time: the time series behind the training crossover
     * (and charts). Windows never close early: a long grace keeps late records of any scenario.
     */
    private static void daily(KGroupedStream<String, Totals> overall) {
        KStream<String, Totals> days = overall.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofDays(1), DAILY_GRACE))
                .reduce(TotalsMath::plus, Materialized.<String, Totals, WindowStore<Bytes, byte[]>>as("totals-daily")
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.TOTALS_SERDE))
                .toStream(Named.as("totals-daily-changes"))
                .map((window, totals) -> {
                    String day = LocalDate.ofInstant(window.window().startTime(), ZoneOffset.UTC).toString();
                    Totals daily = Totals.newBuilder(totals).setDimension(Dimension.DAY).setMember(day).build();
                    return KeyValue.pair(Keys.member(window.key(), day), daily);
                }, Named.as("as-daily-totals"));
        toTopicAndMirror(days, Topics.TOTALS_DAILY, Topics.TOTALS_DAILY_JSON, "totals-daily-sink");
    }

    private static void sum(KStream<String, Totals> deltas, String name, Topic<String, Totals> output, Topic<String, Totals> mirror) {
        sum(deltas.groupByKey(Grouped.with(name, Topics.KEY, Topics.TOTALS_SERDE)), name, output, mirror);
    }

    private static void sum(KGroupedStream<String, Totals> grouped, String name, Topic<String, Totals> output, Topic<String, Totals> mirror) {
        KStream<String, Totals> changes = grouped.reduce(TotalsMath::plus, Materialized.<String, Totals, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("totals-" + name)
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.TOTALS_SERDE))
                .toStream(Named.as("totals-" + name + "-changes"));
        toTopicAndMirror(changes, output, mirror, "totals-" + name + "-sink");
    }

    /**
     * Writes each record to its topic (Avro) and to the topic's JSON mirror: two sinks of one
     * node, so both are in the same transaction, with the same key (and so, the partition counts
     * being equal, the same partition) and the same timestamp.
     *
     * @param sinkName the Avro sink's processor name; the mirror's is {@code sinkName + "-json"}
     */
    private static <V> void toTopicAndMirror(KStream<String, V> records, Topic<String, V> topic, Topic<String, V> mirror, String sinkName) {
        records.to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName(sinkName));
        records.to(mirror.name(), Produced.with(mirror.keySerde(), mirror.valueSerde()).withName(sinkName + "-json"));
    }
}
