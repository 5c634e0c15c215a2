package org.rebound.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TempDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rebound aggregate}: the impact aggregator alone (Kafka Streams), as a service of a cluster. */
@Command(
        name = "aggregate",
        header = "The impact aggregator alone (Kafka Streams), as a service of a cluster.",
        mixinStandardHelpOptions = true,
        description = {
            "Values every load event on the cluster and keeps the aggregate topics (Kafka Streams,",
            "exactly-once) until stopped (Ctrl-C or SIGTERM). Instances with the same --application-id",
            "share the partitions as one consumer group: start more to spread the work."
        },
        footer = {"", "Example:", "  ./rebound aggregate --bootstrap kafka:9092 --state-dir /var/lib/rebound"})
final class AggregateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = ImpactAggregator.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application.id, i.e. the consumer group (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Kafka Streams state directory (default: a temporary one, removed at exit).")
    Path stateDir;

    @Mixin
    TopicOptions topics;

    @Option(names = "--verbose", description = "Print stack traces and Kafka's logs.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        KafkaClients clients = kafka.clients();
        topics.ensureTopics(clients);
        Path dir = stateDir != null ? stateDir : TempDirs.create("rebound-streams-");
        CountDownLatch stopped = new CountDownLatch(1);
        try (ImpactAggregator aggregator = ImpactAggregator.start(clients, applicationId, dir, true)) {
            Thread hook = new Thread(stopped::countDown, "rebound-aggregate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            // said once Kafka Streams runs (its tasks assigned), so that what is started next is aggregated at once
            while (!aggregator.awaitRunning(java.time.Duration.ofSeconds(1))
                    && aggregator.failure().isEmpty()
                    && stopped.getCount() > 0) {
                // starting
            }
            if (aggregator.failure().isEmpty() && stopped.getCount() > 0) {
                spec.commandLine()
                        .getOut()
                        .println(Language.messages()
                                .text("aggregate.running", "id", applicationId, "cluster", kafka.bootstrap));
            }
            spec.commandLine().getOut().flush();
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                if (aggregator.failure().isPresent()) {
                    spec.commandLine()
                            .getErr()
                            .println(Language.messages()
                                    .text(
                                            "aggregate.stopped",
                                            "reason",
                                            aggregator.failure().get()));
                    return Rebound.FAILURE;
                }
            }
        } finally {
            if (stateDir == null) {
                TempDirs.deleteRecursively(dir);
            }
        }
        return Rebound.OK;
    }
}
