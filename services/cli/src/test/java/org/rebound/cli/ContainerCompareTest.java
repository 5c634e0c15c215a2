package org.rebound.cli;

import org.junit.jupiter.api.DisplayName;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The compare and baseline tests against Apache Kafka in a container (the official image), for
 * machines with Docker. Without a Docker engine the whole class is skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("compare and baseline on Apache Kafka in a container")
class ContainerCompareTest extends CompareEndToEndTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(ContainerEndToEndTest.IMAGE);

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
