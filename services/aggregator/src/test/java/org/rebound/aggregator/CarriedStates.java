package org.rebound.aggregator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.rebound.avro.DataCentre;
import org.rebound.avro.LoadEvent;
import org.rebound.kafka.Topics;

/**
 * What the generator does for the aggregator, in tests that write load events by hand: a data
 * centre's new states ride on its next load event, in the header
 * {@link Topics#DATACENTRE_STATE_HEADER} (several, in the order published, if several came between
 * two events). For topology tests written as if the states had a topic of their own: "piping"
 * a state publishes it, and {@link #requests} pipes events with the states they carry.
 */
final class CarriedStates {

    private final Map<String, List<byte[]>> pending = new HashMap<>();

    /** A state of the data centre keyed {@code key}, for its next event to carry. */
    void publish(String key, DataCentre state) {
        pending.computeIfAbsent(key, k -> new ArrayList<>())
                .add(Topics.DATA_CENTRE.serializer().serialize(Topics.DATACENTRES.name(), state));
    }

    /** The headers of the data centre's next event: the states published since its last one. */
    Headers next(String key) {
        RecordHeaders headers = new RecordHeaders();
        List<byte[]> states = pending.remove(key);
        if (states != null) {
            states.forEach(state -> headers.add(Topics.DATACENTRE_STATE_HEADER, state));
        }
        return headers;
    }

    /** Publishes the record's state (its timestamp aside: a state starts at its valid_from). */
    void pipeInput(TestRecord<String, DataCentre> record) {
        publish(record.key(), record.value());
    }

    /** The load events' input topic, each event carrying the states published for its key since the last. */
    Requests requests(TestInputTopic<String, LoadEvent> topic) {
        return new Requests(topic);
    }

    final class Requests {
        private final TestInputTopic<String, LoadEvent> topic;

        private Requests(TestInputTopic<String, LoadEvent> topic) {
            this.topic = topic;
        }

        void pipeInput(TestRecord<String, LoadEvent> record) {
            Headers headers = new RecordHeaders();
            for (Header header : record.headers()) {
                headers.add(header);
            }
            for (Header header : next(record.key())) {
                headers.add(header);
            }
            topic.pipeInput(new TestRecord<>(record.key(), record.value(), headers, record.getRecordTime()));
        }
    }
}
