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

    /** The image docker-compose.yml uses (ComposeFileTest keeps them equal). */
    static final String IMAGE = "apache/kafka:4.1.1";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(IMAGE);

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
