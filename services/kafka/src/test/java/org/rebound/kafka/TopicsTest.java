package org.rebound.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;

@DisplayName("the topic registry")
class TopicsTest {

    /** The aggregate topics, told apart by their value serde, not by the mirror list under test. */
    private static List<Topic<?, ?>> aggregates() {
        return Topics.ALL.stream()
                .filter(t -> t.valueSerde() == Topics.TOTALS_SERDE
                        || t.valueSerde() == Topics.PERIOD_TOTALS
                        || t.valueSerde() == Topics.TELEMETRY_SERDE)
                .toList();
    }

    @Test
    @DisplayName(
            "every aggregate topic has a JSON mirror <topic>.json in ALL, with the same key serde and configuration (compacted)")
    void everyAggregateHasAMirror() {
        assertThat(aggregates())
                .extracting(Topic::name)
                .containsExactlyInAnyOrder(
                        "rebound.totals",
                        "rebound.totals.by-datacentre",
                        "rebound.totals.by-kind",
                        "rebound.totals.by-region",
                        "rebound.totals.daily",
                        "rebound.totals.training",
                        "rebound.periods",
                        "rebound.telemetry");
        Map<String, Topic<?, ?>> byName = Topics.ALL.stream().collect(Collectors.toMap(Topic::name, t -> t));
        assertThat(byName).hasSameSizeAs(Topics.ALL); // names are unique
        for (Topic<?, ?> source : aggregates()) {
            Topic<?, ?> mirror = byName.get(source.name() + ".json");
            assertThat(mirror).as("mirror of " + source.name()).isNotNull();
            assertThat(mirror.keySerde()).isSameAs(source.keySerde());
            assertThat(mirror.config())
                    .isEqualTo(source.config())
                    .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        assertThat(Topics.JSON_MIRRORS)
                .extracting(Topic::name)
                .containsExactlyInAnyOrderElementsOf(
                        aggregates().stream().map(t -> t.name() + ".json").toList());
        assertThat(Topics.ALL).containsAll(Topics.JSON_MIRRORS);
    }

    @Test
    @DisplayName(
            "on a real broker, ensureTopics creates the mirrors compacted, and the end-of-run wait on every topic still returns")
    void mirrorsOnABroker() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        try (Admin admin = Admin.create(clients.config())) {
            TopicAdmin.ensureTopics(admin, 2, (short) 1);
            TopicAdmin.ensureTopics(admin, 2, (short) 1); // again: nothing to create, no error
            List<ConfigResource> mirrors = Topics.JSON_MIRRORS.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(mirrors).all().get(30, TimeUnit.SECONDS);
            for (ConfigResource mirror : mirrors) {
                assertThat(configs.get(mirror)
                                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                .value())
                        .as(mirror.name())
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
                assertThat(configs.get(mirror)
                                .get(TopicConfig.RETENTION_MS_CONFIG)
                                .value())
                        .as(mirror.name())
                        .isEqualTo("-1");
            }
        }
        new TopicReader(clients)
                .awaitStable(Topics.ALL.stream().map(Topic::name).toList(), Duration.ofSeconds(30));
    }
}
