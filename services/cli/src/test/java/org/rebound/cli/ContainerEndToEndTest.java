package org.rebound.cli;

import org.junit.jupiter.api.DisplayName;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end tests against Apache Kafka in a container (the official image), for
 * machines with Docker. Without a Docker engine the whole class is skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("a scenario end to end on Apache Kafka in a container")
class ContainerEndToEndTest extends QuickstartEndToEndTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
