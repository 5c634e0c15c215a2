package org.rebound.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.rebound.kafka.KafkaClients;
import picocli.CommandLine.Option;

/** Where the cluster is and how to talk to it: shared by the service entry points. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT[,HOST:PORT...]",
            required = true,
            description = "The Kafka cluster.")
    String bootstrap;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client settings (Java properties: security.protocol, sasl.*, ssl.* ...), passed unchanged to every client.")
    Path kafkaConfig;

    KafkaClients clients() throws InvalidInputException {
        Map<String, Object> extra = new HashMap<>();
        if (kafkaConfig != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(kafkaConfig)) {
                properties.load(reader);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new InvalidInputException(
                        Language.messages().text("option.kafkaconfig.absent", "file", kafkaConfig));
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidInputException(Language.messages()
                        .text("option.kafkaconfig.unreadable", "file", kafkaConfig, "reason", e.getMessage()));
            }
            properties.stringPropertyNames().forEach(name -> extra.put(name, properties.getProperty(name)));
        }
        KafkaClients clients = new KafkaClients(bootstrap, extra);
        Preflight.reachable(clients);
        return clients;
    }
}
