package org.rebound.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rebound broker}: the in-process broker alone, until interrupted. */
@Command(
        name = "broker",
        header = "The in-process Apache Kafka broker alone, for other clients and services.",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the embedded Apache Kafka broker (KRaft, broker + controller in one process) and",
            "runs until interrupted (Ctrl-C). Prints bootstrap.servers=127.0.0.1:PORT once ready."
        },
        footer = {"", "Example:", "  ./rebound broker --port 9092 --data-dir /tmp/rebound-kafka"})
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "Client port (default: a free port).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "D",
            description =
                    "Keep the broker's data in D (reused if it exists); default: a temporary directory removed at exit.")
    Path dataDir;

    @Option(names = "--verbose", description = "Print stack traces.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException(Language.messages().text("broker.port", "found", port));
        }
        BrokerOptions options = BrokerOptions.defaults().withPort(port);
        if (dataDir != null) {
            options = options.withDataDir(dataDir);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "rebound-broker-shutdown"));
        spec.commandLine().getOut().println("bootstrap.servers=" + broker.bootstrapServers());
        spec.commandLine().getOut().flush();
        stopped.await();
        return Rebound.OK;
    }
}
