package org.rebound.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.DataCentre;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.avro.TrainingCampaign;
import org.rebound.schemas.AvroCodec;
import org.rebound.schemas.LoadEventDecoder;

/**
 * Every topic of Rebound, its key and value serdes and its configuration (docs/topics.md is the
 * reader's version of this class). Keys are UTF-8 strings: {@code <run>}, {@code <run>/<datacentre>}
 * or {@code <run>/<kind>} (see {@link Keys}). Values are Avro single-object encoded, except on the
 * JSON mirrors of the aggregate topics ({@link #JSON_MIRRORS}).
 */
public final class Topics {

    public static final Serde<String> KEY = Serdes.String();
    private static final AvroCodec<LoadEvent> LOAD_EVENT_CODEC =
            AvroCodec.of(LoadEvent.class, LoadEvent.getEncoder(), LoadEvent::createDecoder);
    /**
     * Written by Avro's codec (the generator's {@code LoadEventBytes} writes the same bytes); read by
     * {@link LoadEventDecoder}, once per record in the aggregator: records of the current schema
     * without Avro's reader, those of older schemas through the codec.
     */
    public static final Serde<LoadEvent> LOAD_EVENT =
            AvroSerde.of(LOAD_EVENT_CODEC, new LoadEventDecoder(LOAD_EVENT_CODEC)::decode);

    public static final Serde<DataCentre> DATA_CENTRE =
            AvroSerde.of(AvroCodec.of(DataCentre.class, DataCentre.getEncoder(), DataCentre::createDecoder));
    public static final Serde<Totals> TOTALS_SERDE =
            AvroSerde.of(AvroCodec.of(Totals.class, Totals.getEncoder(), Totals::createDecoder));
    public static final Serde<PeriodTotals> PERIOD_TOTALS =
            AvroSerde.of(AvroCodec.of(PeriodTotals.class, PeriodTotals.getEncoder(), PeriodTotals::createDecoder));
    public static final Serde<ControlEvent> CONTROL_EVENT =
            AvroSerde.of(AvroCodec.of(ControlEvent.class, ControlEvent.getEncoder(), ControlEvent::createDecoder));
    public static final Serde<ScenarioDefinition> SCENARIO_DEFINITION = AvroSerde.of(
            AvroCodec.of(ScenarioDefinition.class, ScenarioDefinition.getEncoder(), ScenarioDefinition::createDecoder));
    public static final Serde<TrainingCampaign> TRAINING_CAMPAIGN = AvroSerde.of(
            AvroCodec.of(TrainingCampaign.class, TrainingCampaign.getEncoder(), TrainingCampaign::createDecoder));
    public static final Serde<Telemetry> TELEMETRY_SERDE =
            AvroSerde.of(AvroCodec.of(Telemetry.class, Telemetry.getEncoder(), Telemetry::createDecoder));

    /**
     * Record timestamps are simulated time, years in the past or future: no time-based deletion
     * and no timestamp window (Kafka 4 rejects timestamps more than an hour ahead by default).
     */
    private static final Map<String, String> SIMULATED_TIME = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE),
            TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE));

    /** Load events: N requests of kind K at data centre D during one tick. Key {@code <run>/<datacentre>}. */
    public static final Topic<String, LoadEvent> REQUESTS =
            new Topic<>("rebound.requests", KEY, LOAD_EVENT, SIMULATED_TIME);

    /**
     * The header of a load event that carries its data centre's state (a {@link DataCentre}
     * record, encoded as on {@link #DATACENTRES}): the first event of each data centre after a new
     * state, and after a generator's start or resume. The aggregator adds that state to its
     * versioned table before valuing the event: the states reach it with the load, never after it.
     */
    public static final String DATACENTRE_STATE_HEADER = "rebound.datacentre";

    /**
     * Data-centre state in force from its timestamp on: every state of a run. Key
     * {@code <run>/<datacentre>}. The aggregator does not read it: the same bytes ride on the data
     * centre's next load event ({@link #DATACENTRE_STATE_HEADER}).
     */
    public static final Topic<String, DataCentre> DATACENTRES =
            new Topic<>("rebound.datacentres", KEY, DATA_CENTRE, compacted());

    /** Changes to running scenarios: scheduled (timeline) and live (./rebound set). Key {@code <run>}. */
    public static final Topic<String, ControlEvent> CONTROL =
            new Topic<>("rebound.control", KEY, CONTROL_EVENT, SIMULATED_TIME);

    /** What each run was started with, to validate live changes against. Key {@code <run>}. */
    public static final Topic<String, ScenarioDefinition> SCENARIOS =
            new Topic<>("rebound.scenarios", KEY, SCENARIO_DEFINITION, compacted());

    /** A run's training campaign, valued once by the aggregator. Key {@code <run>}. */
    public static final Topic<String, TrainingCampaign> TRAINING =
            new Topic<>("rebound.training", KEY, TRAINING_CAMPAIGN, compacted());

    /** Running totals of a run. Key {@code <run>}. */
    public static final Topic<String, Totals> TOTALS = new Topic<>("rebound.totals", KEY, TOTALS_SERDE, compacted());

    /** Running totals per data centre. Key {@code <run>/<datacentre>}. */
    public static final Topic<String, Totals> TOTALS_BY_DATACENTRE =
            new Topic<>("rebound.totals.by-datacentre", KEY, TOTALS_SERDE, compacted());

    /** Running totals per request kind. Key {@code <run>/<kind>}. */
    public static final Topic<String, Totals> TOTALS_BY_KIND =
            new Topic<>("rebound.totals.by-kind", KEY, TOTALS_SERDE, compacted());

    /** Running totals per region (grid). Key {@code <run>/<region>}. */
    public static final Topic<String, Totals> TOTALS_BY_REGION =
            new Topic<>("rebound.totals.by-region", KEY, TOTALS_SERDE, compacted());

    /** The period table: each reporting period with its per-day figures and rebound effect. Key {@code <run>/<period, 6 digits>}. */
    public static final Topic<String, PeriodTotals> PERIODS =
            new Topic<>("rebound.periods", KEY, PERIOD_TOTALS, compacted());

    /** The impacts of a run's training campaign. Key {@code <run>}. */
    public static final Topic<String, Totals> TOTALS_TRAINING =
            new Topic<>("rebound.totals.training", KEY, TOTALS_SERDE, compacted());

    /** Totals of each day of simulated time (UTC). Key {@code <run>/<yyyy-mm-dd>}. */
    public static final Topic<String, Totals> TOTALS_DAILY =
            new Topic<>("rebound.totals.daily", KEY, TOTALS_SERDE, compacted());

    /**
     * Each data centre's telemetry per simulated hour (per tick when ticks are longer): power,
     * energy, CO₂e, water and the grid carbon, PUE and WUE in force. Key {@code <run>/<datacentre>/<window start, ISO-8601>}
     * ({@link Keys#window}).
     */
    public static final Topic<String, Telemetry> TELEMETRY =
            new Topic<>("rebound.telemetry", KEY, TELEMETRY_SERDE, compacted());

    /*
     * JSON mirrors of the aggregate topics, for clients that cannot read Avro (kcat, jq): the same
     * records under the same keys, written by the aggregator in the same exactly-once transaction,
     * as plain UTF-8 JSON with the Avro field names and instants as ISO-8601 UTC strings (AvroJson).
     */

    /** {@link #TOTALS} as JSON. */
    public static final Topic<String, Totals> TOTALS_JSON = jsonMirror(TOTALS, Totals.class, Totals.getClassSchema());
    /** {@link #TOTALS_BY_DATACENTRE} as JSON. */
    public static final Topic<String, Totals> TOTALS_BY_DATACENTRE_JSON =
            jsonMirror(TOTALS_BY_DATACENTRE, Totals.class, Totals.getClassSchema());
    /** {@link #TOTALS_BY_KIND} as JSON. */
    public static final Topic<String, Totals> TOTALS_BY_KIND_JSON =
            jsonMirror(TOTALS_BY_KIND, Totals.class, Totals.getClassSchema());
    /** {@link #TOTALS_BY_REGION} as JSON. */
    public static final Topic<String, Totals> TOTALS_BY_REGION_JSON =
            jsonMirror(TOTALS_BY_REGION, Totals.class, Totals.getClassSchema());
    /** {@link #TOTALS_DAILY} as JSON. */
    public static final Topic<String, Totals> TOTALS_DAILY_JSON =
            jsonMirror(TOTALS_DAILY, Totals.class, Totals.getClassSchema());
    /** {@link #TOTALS_TRAINING} as JSON. */
    public static final Topic<String, Totals> TOTALS_TRAINING_JSON =
            jsonMirror(TOTALS_TRAINING, Totals.class, Totals.getClassSchema());
    /** {@link #PERIODS} as JSON. */
    public static final Topic<String, PeriodTotals> PERIODS_JSON =
            jsonMirror(PERIODS, PeriodTotals.class, PeriodTotals.getClassSchema());
    /** {@link #TELEMETRY} as JSON. */
    public static final Topic<String, Telemetry> TELEMETRY_JSON =
            jsonMirror(TELEMETRY, Telemetry.class, Telemetry.getClassSchema());

    /** Every JSON mirror; each is named {@code <source topic>.json}. */
    public static final List<Topic<String, ?>> JSON_MIRRORS = List.of(
            TOTALS_JSON,
            TOTALS_BY_DATACENTRE_JSON,
            TOTALS_BY_KIND_JSON,
            TOTALS_BY_REGION_JSON,
            TOTALS_DAILY_JSON,
            TOTALS_TRAINING_JSON,
            PERIODS_JSON,
            TELEMETRY_JSON);

    /**
     * Records the aggregator could not use, with their original bytes; Kafka Streams' dead-letter
     * headers ({@code __streams.errors.*}) carry the source topic, partition, offset and the reason.
     */
    public static final Topic<byte[], byte[]> DEAD_LETTERS =
            new Topic<>("rebound.dead-letters", Serdes.ByteArray(), Serdes.ByteArray(), SIMULATED_TIME);

    public static final List<Topic<?, ?>> ALL = List.of(
            REQUESTS,
            DATACENTRES,
            CONTROL,
            SCENARIOS,
            TRAINING,
            TOTALS,
            TOTALS_BY_DATACENTRE,
            TOTALS_BY_KIND,
            TOTALS_BY_REGION,
            TOTALS_TRAINING,
            TOTALS_DAILY,
            PERIODS,
            TELEMETRY,
            TOTALS_JSON,
            TOTALS_BY_DATACENTRE_JSON,
            TOTALS_BY_KIND_JSON,
            TOTALS_BY_REGION_JSON,
            TOTALS_TRAINING_JSON,
            TOTALS_DAILY_JSON,
            PERIODS_JSON,
            TELEMETRY_JSON,
            DEAD_LETTERS);

    private Topics() {}

    /** The JSON mirror of an aggregate topic: {@code <topic>.json}, same keys, same configuration (compacted like its source). */
    public static String jsonMirrorName(String topic) {
        return topic + ".json";
    }

    private static <V extends SpecificRecord> Topic<String, V> jsonMirror(
            Topic<String, V> source, Class<V> type, Schema schema) {
        return new Topic<>(jsonMirrorName(source.name()), KEY, AvroJsonSerde.of(type, schema), source.config());
    }

    private static Map<String, String> compacted() {
        Map<String, String> config = new HashMap<>(SIMULATED_TIME);
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return Map.copyOf(config);
    }
}
