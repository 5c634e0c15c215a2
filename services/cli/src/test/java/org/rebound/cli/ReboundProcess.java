package org.rebound.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@code rebound} command in a process of its own, as a service runs: this JVM's class path, 256 MiB of heap. */
final class ReboundProcess {

    private ReboundProcess() {}

    /** Starts {@code rebound ARGS}, its standard output and error into {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Rebound.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * The arguments of one {@code aggregate} instance of {@code applicationId}, its Kafka Streams
     * state in {@code stateDir}: a test's directory, since an instance the test kills cannot remove
     * a temporary one (41 MB left in /tmp at every run).
     */
    static List<String> aggregate(String bootstrap, String applicationId, Path stateDir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "aggregate",
                "--bootstrap",
                bootstrap,
                "--application-id",
                applicationId,
                "--state-dir",
                stateDir.toString()));
        args.addAll(List.of(more));
        return args;
    }
}
