package org.rebound.aggregator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.rebound.avro.DataCentre;
import org.rebound.avro.LaterTick;
import org.rebound.avro.LoadEvent;
import org.rebound.kafka.AvroMapping;
import org.rebound.kafka.Topics;

/**
 * Values load events with the data-centre state in force at their simulated time, and sums them
 * per task until the task commits ({@link DeltaBuffer}). A record holds one or more ticks of a
 * data centre ({@code later_ticks}, LoadEvent v4): each is valued at its own instant, with the
 * state in force then, exactly as a record of its own would be; a record with one tick that
 * cannot be valued is dead-lettered whole, and nothing of it is added.
 *
 * <p>The states come with the load: the first event of each data centre after a new state (the
 * run's start, a timeline or live change, a generator's resume) carries it in the header
 * {@link Topics#DATACENTRE_STATE_HEADER}, and it goes into the versioned store (what the DSL's
 * join against a versioned table keeps) before that event is valued. An event is joined with the
 * version in force at its timestamp. The states are not read from the data-centre topic: co-
 * partitioned with the events, it made each task wait on a second partition, fetched apart on a
 * cluster (an event could be valued before its state had been fetched), and empty between
 * versions, which cost Kafka Streams a log line built for every record (docs/performance.md).
 *
 * <p>The version a key last resolved to is kept, unpacked; while it is the key's latest version,
 * it values every event at or after its start without reading the store (and deserializing the
 * record) again. A new state for the key drops it; an event older than the kept version, or a key
 * with later versions, reads the store.
 *
 * <p>The sums are forwarded while the task prepares its commit, in the transaction that commits
 * the offsets of the events they sum: {@link CommitFlush}, the one place where Kafka Streams
 * internals are used (why, and the test that guards it, are there).
 */
final class ValuationProcessor implements Processor<String, LoadEvent, String, SpecificRecord> {

    /** Resolved states kept per task before the cache is dropped and rebuilt. */
    private static final int MAX_CACHED_STATES = 10_000;

    private CommitFlush<String, SpecificRecord> commitFlush;
    private VersionedKeyValueStore<String, DataCentre> datacentres;
    private DeltaBuffer buffer;
    private final Map<String, DatacentreState> states = new HashMap<>();
    /** The start of each key's latest version (Long.MIN_VALUE: none). */
    private final Map<String, Long> latestVersion = new HashMap<>();

    private ProcessorContext<String, SpecificRecord> context;
    /** Whether the task has asked for its first commit (see {@link #process}). */
    private boolean firstCommitAsked;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        // A revived task (after a failed commit) reuses this processor with its stores restored
        // from what was committed: what was resolved before may no longer be in them.
        org.rebound.kafka.Timeline.once("streams: first task initialised (valuation processor)");
        states.clear();
        latestVersion.clear();
        this.context = context;
        firstCommitAsked = false;
        this.datacentres = context.getStateStore(ImpactTopology.DATACENTRE_STORE);
        this.buffer = new DeltaBuffer();
        this.commitFlush = context.getStateStore(DeltaBuffer.NAME);
        commitFlush.bind(context, this::drain, buffer::clear);
    }

    @Override
    public void process(Record<String, LoadEvent> record) {
        org.rebound.kafka.Timeline.once("streams: first load event processed");
        LoadEvent event = record.value();
        if (event == null) {
            throw new InvalidLoadEventException(
                    "record without a value on " + Topics.REQUESTS.name() + " (expected a load event)");
        }
        // (a lookup without allocation for the many events that carry none)
        if (record.headers().lastHeader(Topics.DATACENTRE_STATE_HEADER) != null) {
            for (Header carried : record.headers().headers(Topics.DATACENTRE_STATE_HEADER)) {
                adopt(record.key(), carried.value());
            }
        }
        // throws on an event that cannot be valued: the processing handler dead-letters it, and
        // nothing of it has been added
        List<LaterTick> later = event.getLaterTicks();
        if (later.isEmpty()) {
            ValuedTick tick = Valuation.value(event, stateAt(record.key(), record.timestamp()));
            buffer.add(tick, record.timestamp());
        } else {
            // several ticks: each valued at its own instant, all before any is added
            ValuedTick[] ticks = new ValuedTick[1 + later.size()];
            ticks[0] = Valuation.value(event, stateAt(record.key(), record.timestamp()));
            for (int i = 0; i < later.size(); i++) {
                LoadEvent tick = tickOf(event, later.get(i));
                ticks[i + 1] = Valuation.value(
                        tick, stateAt(record.key(), tick.getTickStart().toEpochMilli()));
            }
            for (ValuedTick tick : ticks) {
                buffer.add(tick, tick.tickStartMs());
            }
        }
        commitFlush.processed();
        if (!firstCommitAsked) {
            // The first deltas go out at once, not a commit interval (300 ms in a long run) after
            // the task starts: the first aggregate waits for them (docs/performance.md, "The
            // first aggregate: two commits asked for").
            firstCommitAsked = true;
            context.commit();
        }
    }

    /** A later tick of a record as a one-tick event of the same run and data centre. */
    private static LoadEvent tickOf(LoadEvent record, LaterTick tick) {
        return new LoadEvent(
                record.getRun(),
                record.getScenario(),
                record.getDatacentre(),
                tick.getTickStart(),
                tick.getTickMillis(),
                tick.getRequestsByKind(),
                null,
                null,
                tick.getFleet(),
                List.of());
    }

    /** The state of the data centre {@code key} in force at {@code timestamp} (null: none). */
    private DatacentreState stateAt(String key, long timestamp) {
        DatacentreState state = states.get(key);
        if (state == null || timestamp < state.validFrom() || state.validFrom() != latest(key)) {
            VersionedRecord<DataCentre> version = datacentres.get(key, timestamp);
            state = version == null || version.value() == null
                    ? null
                    : DatacentreState.of(version.value(), version.timestamp(), buffer.cells());
            if (states.size() >= MAX_CACHED_STATES) {
                states.clear();
                latestVersion.clear();
            }
            if (state != null) {
                states.put(key, state);
            }
        }
        return state;
    }

    /**
     * A state an event carries: into the versioned table unless a version starting at the same
     * instant is there already (a state carried again after a resume, say).
     */
    private void adopt(String key, byte[] encoded) {
        DataCentre state;
        try {
            state = Topics.DATA_CENTRE.deserializer().deserialize(Topics.DATACENTRES.name(), encoded);
        } catch (RuntimeException e) {
            throw new InvalidLoadEventException(
                    "header " + Topics.DATACENTRE_STATE_HEADER + " is not a data-centre state: " + e.getMessage());
        }
        if (state == null || state.getValidFrom() == null) {
            throw new InvalidLoadEventException(
                    "header " + Topics.DATACENTRE_STATE_HEADER + " carries no data-centre state");
        }
        long from = AvroMapping.recordTimestamp(state.getValidFrom());
        VersionedRecord<DataCentre> known = datacentres.get(key, from);
        if (known == null || known.timestamp() != from) {
            datacentres.put(key, state, from);
            latestVersion.remove(key);
            states.remove(key);
        }
    }

    private long latest(String key) {
        Long latest = latestVersion.get(key);
        if (latest == null) {
            VersionedRecord<DataCentre> version = datacentres.get(key);
            latest = version == null ? Long.MIN_VALUE : version.timestamp();
            latestVersion.put(key, latest);
        }
        return latest;
    }

    /** The sums as records to forward, called while the task prepares its commit ({@link CommitFlush}). */
    private List<Record<String, SpecificRecord>> drain() {
        List<Record<String, SpecificRecord>> records = new java.util.ArrayList<>(buffer.size());
        for (KeyValue<String, DeltaBuffer.TimestampedDelta> delta : buffer.drain()) {
            records.add(new Record<>(delta.key, delta.value.value(), delta.value.timestamp(), new RecordHeaders()));
        }
        return records;
    }
}
