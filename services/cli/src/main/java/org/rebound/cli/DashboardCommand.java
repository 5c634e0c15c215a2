package org.rebound.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rebound.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rebound dashboard}: the live page for a run started elsewhere. */
@Command(
        name = "dashboard",
        header = "The live dashboard (and /metrics) of a run on a cluster.",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the live dashboard of a run on a cluster (by default the most recently started one),",
            "until Ctrl-C. Binds to 127.0.0.1 unless --host says otherwise. Prints two addresses: the page",
            "for the room (read-only) and the facilitator's (?key=…: the sliders; only it can change the run)."
        },
        footer = {"", "Example:", "  ./rebound dashboard --bootstrap 127.0.0.1:9092 --port 8080"})
final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    KafkaOptions kafka;

    @Option(
            names = "--run",
            paramLabel = "RUN",
            description = "The run to show (default: the most recently started one).")
    String run;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "Port (default: a free port).")
    int port;

    @Option(
            names = "--host",
            paramLabel = "H",
            defaultValue = DashboardServer.LOCALHOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(
            names = "--control-key",
            paramLabel = "KEY",
            description =
                    "The facilitator's key for the controls (default: a fresh random key; " + ControlKeys.FORM + ").")
    String controlKey;

    @Override
    public Integer call() throws Exception {
        InvalidInputException.checkedRun(run);
        ControlKeys.check(controlKey);
        Preflight.canListen(host, port);
        try (DashboardServer server = DashboardServer.start(kafka.clients(), () -> run, host, port, controlKey)) {
            spec.commandLine().getOut().println(Language.messages().text("dashboard.room", "url", server.url()));
            spec.commandLine()
                    .getOut()
                    .println(Language.messages().text("dashboard.facilitator", "url", server.facilitatorUrl()));
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return Rebound.OK;
    }
}
