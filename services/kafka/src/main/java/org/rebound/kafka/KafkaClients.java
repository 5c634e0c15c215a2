package org.rebound.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** Client settings shared by every service: where the cluster is, plus any user-given client settings (security etc.). */
public record KafkaClients(String bootstrapServers, Map<String, Object> extra) {

    public KafkaClients {
        extra = Map.copyOf(extra);
    }

    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, Map.of());
    }

    /** Base configuration for any client; callers add their own settings on top. */
    public Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** A consumer that sees only committed transactions and never commits offsets itself: for reading topics back. */
    public <K, V> KafkaConsumer<K, V> reader(Deserializer<K> keys, Deserializer<V> values) {
        // Reading back what exists: an empty fetch should answer at once, not wait 500 ms for data.
        return committedReader(keys, values, READER_FETCH_WAIT_MS);
    }

    /**
     * A {@link #reader} that follows topics as they grow: its fetches wait up to 100 ms for
     * records instead of 10 (the broker answers a waiting fetch as soon as a transaction's records
     * become readable), so that a follower idle between commits asks ten times a second, not a
     * hundred.
     */
    public <K, V> KafkaConsumer<K, V> follower(Deserializer<K> keys, Deserializer<V> values) {
        return committedReader(keys, values, FOLLOWER_FETCH_WAIT_MS);
    }

    private static final int READER_FETCH_WAIT_MS = 10;
    private static final int FOLLOWER_FETCH_WAIT_MS = 100;

    private <K, V> KafkaConsumer<K, V> committedReader(Deserializer<K> keys, Deserializer<V> values, int fetchWaitMs) {
        Map<String, Object> config = config();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMs);
        return new KafkaConsumer<>(config, keys, values);
    }

    /**
     * Closes a {@link #follower} without waiting for the fetch it has in flight: a consumer
     * without a group has nothing to hand over, and a plain close waits for that fetch's answer,
     * up to its 100 ms wait at the broker, at the end of every run.
     */
    public static void closeNow(Consumer<?, ?> follower) {
        follower.close(CloseOptions.timeout(Duration.ZERO));
    }
}
