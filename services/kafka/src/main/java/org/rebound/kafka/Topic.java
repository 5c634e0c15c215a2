package org.rebound.kafka;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes and its configuration: the one place that says what a topic holds.
 *
 * @param config topic-level configuration applied when the topic is created
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> config) {}
