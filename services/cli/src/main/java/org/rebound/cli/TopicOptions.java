package org.rebound.cli;

import org.apache.kafka.clients.admin.Admin;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicAdmin;
import picocli.CommandLine.Option;

/** How the service entry points create the topics they need when the cluster lacks them. */
final class TopicOptions {

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "2",
            description = "Partitions of topics it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "R",
            defaultValue = "1",
            description = "Replication of topics it creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    /** Creates the missing topics (existing ones keep their settings). */
    void ensureTopics(KafkaClients clients) throws InvalidInputException, InterruptedException {
        if (partitions < 1 || replicationFactor < 1) {
            throw new InvalidInputException(Language.messages().text("option.topics"));
        }
        try (Admin admin = Admin.create(clients.config())) {
            TopicAdmin.ensureTopics(admin, partitions, replicationFactor);
        }
    }
}
