package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.Topics;

/**
 * A run creates the aggregator's internal topics with its own ({@link
 * ImpactAggregator#internalTopics}), so that Kafka Streams finds them at its first rebalance
 * instead of creating them then. They must be the ones Kafka Streams would create: the same names,
 * partitions and settings. A store added to the topology, a repartition topic renamed, or a Kafka
 * upgrade that configures its internal topics otherwise fails this test.
 */
@DisplayName("internal topics: created by a run as Kafka Streams would create them (real broker)")
class InternalTopicsTest {

    @Test
    @DisplayName("the same names, partitions and settings as the topics Kafka Streams creates for itself")
    void sameAsKafkaStreams() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        String ours = "internal-ours-" + UUID.randomUUID();
        String theirs = "internal-theirs-" + UUID.randomUUID();
        try (Admin admin = Admin.create(clients.config())) {
            TopicAdmin.ensureTopics(admin, 2, (short) 1);
            int partitions = admin.describeTopics(List.of(Topics.REQUESTS.name()))
                    .allTopicNames()
                    .get()
                    .get(Topics.REQUESTS.name())
                    .partitions()
                    .size();
            admin.createTopics(ImpactAggregator.internalTopics(ours, partitions, (short) 1))
                    .all()
                    .get();

            Path state = Files.createTempDirectory("internal-topics");
            try (ImpactAggregator aggregator = ImpactAggregator.start(clients, theirs, state)) {
                assertThat(aggregator.awaitRunning(Duration.ofSeconds(60))).isTrue();
            }

            Map<String, String> oursDescribed = described(admin, ours);
            Map<String, String> theirsDescribed = described(admin, theirs);
            assertThat(theirsDescribed)
                    .as("Kafka Streams created internal topics")
                    .isNotEmpty();
            assertThat(oursDescribed).isEqualTo(theirsDescribed);
        }
    }

    @Test
    @DisplayName("the list names every repartition topic and every logged store's changelog, once")
    void namesEachOnce() {
        List<NewTopic> topics = ImpactAggregator.internalTopics("app", 3, (short) 1);
        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
        assertThat(names).hasSize(topics.size());
        assertThat(names).contains("app-totals-repartition", "app-" + ImpactTopology.DATACENTRE_STORE + "-changelog");
        assertThat(names).doesNotContain("app-" + DeltaBuffer.NAME + "-changelog");
        assertThat(topics).allSatisfy(topic -> assertThat(topic.numPartitions()).isEqualTo(3));
    }

    /**
     * Each internal topic of the application, without its prefix, with its partition count and
     * the settings given when it was created (not the broker's defaults).
     */
    private static Map<String, String> described(Admin admin, String applicationId) throws Exception {
        List<String> names = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId + "-"))
                .sorted()
                .toList();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get();
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .all()
                .get();
        Map<String, String> described = new TreeMap<>();
        for (String name : names) {
            String given = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries().stream()
                    .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .map(entry -> entry.name() + "=" + entry.value())
                    .sorted()
                    .collect(Collectors.joining(", "));
            described.put(
                    name.substring(applicationId.length() + 1),
                    descriptions.get(name).partitions().size() + " partitions; " + given);
        }
        return described;
    }
}
