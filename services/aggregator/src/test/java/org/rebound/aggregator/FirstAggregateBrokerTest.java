package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rebound.broker.testing.OwnBroker;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicAdmin;

/**
 * The first aggregate does not wait for the commit interval: the task commits after its first
 * load event, and again as soon as the first totals are written, so that they are read (read
 * committed) at once. With 9 s between commits (the most that Kafka Streams allows under its 10 s
 * transaction timeout), the totals of three load events are committed within one interval; when
 * the aggregator only committed on its interval, they came after two (the deltas' commit, then the
 * totals'). On a broker of its own: on the shared one, a new aggregator reads every earlier test's
 * load first, and its first commit is not this load's.
 */
@DisplayName("the first aggregate: committed without waiting for the commit interval (real broker)")
class FirstAggregateBrokerTest {

    private static final Duration LONG_INTERVAL = Duration.ofSeconds(9);

    @RegisterExtension
    final OwnBroker broker = new OwnBroker();

    @Test
    @DisplayName("with 9 s between commits, the first totals are committed less than 9 s after the load")
    void firstTotalsBeforeTheInterval() throws Exception {
        KafkaClients clients = KafkaClients.of(broker.bootstrapServers());
        String run = "first-aggregate-test@" + UUID.randomUUID();
        try (Admin admin = Admin.create(clients.config())) {
            TopicAdmin.ensureTopics(admin, 2, (short) 1);
        }
        Path stateDir = Files.createTempDirectory("first-aggregate-test");
        try (ImpactAggregator aggregator = ImpactAggregator.create(
                clients, "first-aggregate-test-" + UUID.randomUUID(), stateDir, true, LONG_INTERVAL)) {
            aggregator.begin();
            aggregator.awaitRunning(Duration.ofSeconds(60));
            long start = System.nanoTime();
            JsonMirrorsBrokerTest.produceThreeMinutes(clients, run);
            JsonNode totals = JsonMirrorsBrokerTest.awaitJson(
                    clients,
                    "rebound.totals.json",
                    run,
                    node -> node.get("requests").asLong() == 3000,
                    aggregator,
                    LONG_INTERVAL);
            assertThat(totals.get("load_events").asLong()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG_INTERVAL);
        } finally {
            JsonMirrorsBrokerTest.deleteRecursively(stateDir);
        }
    }
}
