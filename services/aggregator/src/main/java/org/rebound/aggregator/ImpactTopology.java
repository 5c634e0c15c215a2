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

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, DataCentre> datacentres = builder.table(Topics.DATACENTRES.name(),
                Consumed.with(Topics.KEY, Topics.DATA_CENTRE).withName("datacentres-source"),
                Materialized.<String, DataCentre>as(Stores.persistentVersionedKeyValueStore(DATACENTRE_STORE, DATACENTRE_HISTORY))
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.DATA_CENTRE));
        KStream<String, LoadEvent> events = builder.stream(Topics.REQUESTS.name(),
                Consumed.with(Topics.KEY, Topics.LOAD_EVENT).withName("requests-source"));

        KStream<String, ValuedEvent> valued = events.leftJoin(datacentres, (event, dc) -> Valuation.value(event, dc),
                org.apache.kafka.streams.kstream.Joined.<String, LoadEvent, DataCentre>as("value-events")
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.LOAD_EVENT).withOtherValueSerde(Topics.DATA_CENTRE));

        // Per data centre: the key is already <run>/<datacentre>.
        sum(valued.mapValues(v -> v.asTotals(Dimension.DATACENTRE, v.event().getDatacentre()), Named.as("as-datacentre-totals")),
                "by-datacentre", Topics.TOTALS_BY_DATACENTRE);
        sum(valued.map((key, v) -> KeyValue.pair(Keys.member(v.event().getRun(), v.event().getKind()), v.asTotals(Dimension.KIND, v.event().getKind())),
                Named.as("as-kind-totals")), "by-kind", Topics.TOTALS_BY_KIND);
        sum(valued.map((key, v) -> KeyValue.pair(Keys.member(v.event().getRun(), v.region()), v.asTotals(Dimension.REGION, v.region())),
                Named.as("as-region-totals")), "by-region", Topics.TOTALS_BY_REGION);
        KGroupedStream<String, Totals> overall = valued
                .map((key, v) -> KeyValue.pair(v.event().getRun(), v.asTotals(Dimension.OVERALL, v.event().getScenario())), Named.as("as-overall-totals"))
                .groupByKey(Grouped.with("overall", Topics.KEY, Topics.TOTALS_SERDE));
        sum(overall, "overall", Topics.TOTALS);
        daily(overall);

        periods(builder, valued);

        builder.stream(Topics.TRAINING.name(), Consumed.with(Topics.KEY, Topics.TRAINING_CAMPAIGN).withName("training-source"))
                .mapValues(Valuation::training, Named.as("value-training"))
                .to(Topics.TOTALS_TRAINING.name(), Produced.with(Topics.KEY, Topics.TOTALS_SERDE).withName("training-sink"));
        return builder.build();
    }

    /**
     * The period table: each event summed into its run's period (cached: one update per period
     * per commit), then re-keyed by run so that one processor sees all periods of a run and can
     * compare each with the first.
     */
    private static void periods(StreamsBuilder builder, KStream<String, ValuedEvent> valued) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PeriodTable.STORE), Topics.KEY, Topics.PERIOD_TOTALS));
        valued.map((key, v) -> KeyValue.pair(Keys.period(v.event().getRun(), v.period().index()), v.asPeriodTotals()), Named.as("as-period-totals"))
                .groupByKey(Grouped.with("by-period", Topics.KEY, Topics.PERIOD_TOTALS))
                .reduce(PeriodTable::plus, Materialized.<String, PeriodTotals, KeyValueStore<Bytes, byte[]>>as("totals-by-period")
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.PERIOD_TOTALS))
                .toStream(Named.as("period-totals-changes"))
                .selectKey((key, totals) -> totals.getRun(), Named.as("period-totals-by-run"))
                .repartition(Repartitioned.<String, PeriodTotals>as("periods-by-run").withKeySerde(Topics.KEY).withValueSerde(Topics.PERIOD_TOTALS))
                .process(PeriodTable::new, Named.as("period-table"), PeriodTable.STORE)
                .to(Topics.PERIODS.name(), Produced.with(Topics.KEY, Topics.PERIOD_TOTALS).withName("periods-sink"));
    }

    /**
     * Totals of each UTC day of simulated time: the time series behind the training crossover
     * (and charts). Windows never close early: a long grace keeps late records of any scenario.
     */
    private static void daily(KGroupedStream<String, Totals> overall) {
        overall.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofDays(1), DAILY_GRACE))
                .reduce(TotalsMath::plus, Materialized.<String, Totals, WindowStore<Bytes, byte[]>>as("totals-daily")
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.TOTALS_SERDE))
                .toStream(Named.as("totals-daily-changes"))
                .map((window, totals) -> {
                    String day = LocalDate.ofInstant(window.window().startTime(), ZoneOffset.UTC).toString();
                    Totals daily = Totals.newBuilder(totals).setDimension(Dimension.DAY).setMember(day).build();
                    return KeyValue.pair(Keys.member(window.key(), day), daily);
                }, Named.as("as-daily-totals"))
                .to(Topics.TOTALS_DAILY.name(), Produced.with(Topics.KEY, Topics.TOTALS_SERDE).withName("totals-daily-sink"));
    }

    private static void sum(KStream<String, Totals> deltas, String name, Topic<String, Totals> output) {
        sum(deltas.groupByKey(Grouped.with(name, Topics.KEY, Topics.TOTALS_SERDE)), name, output);
    }

    private static void sum(KGroupedStream<String, Totals> grouped, String name, Topic<String, Totals> output) {
        grouped.reduce(TotalsMath::plus, Materialized.<String, Totals, org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("totals-" + name)
                        .withKeySerde(Topics.KEY).withValueSerde(Topics.TOTALS_SERDE))
                .toStream(Named.as("totals-" + name + "-changes"))
                .to(output.name(), Produced.with(output.keySerde(), output.valueSerde()).withName("totals-" + name + "-sink"));
    }
}
