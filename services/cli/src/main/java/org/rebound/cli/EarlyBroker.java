package org.rebound.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;

/**
 * The in-process broker of a {@code run} (or {@code compare}) started as the process starts, on a
 * thread of its own, while the command line is parsed and the scenario read: the broker's start
 * is the longest step before a run can begin, and those take another ~0.5 s of a cold JVM
 * (docs/performance.md, "Start-up"). Only from {@link Rebound#main}, and only for a command line
 * that will start the default broker (no {@code --bootstrap}, no {@code --data-dir}, no help):
 * {@link ScenarioRunner} takes it instead of starting its own; one that no command took (an
 * invalid scenario, say) is closed at exit.
 */
final class EarlyBroker {

    private static final List<String> COMMANDS = List.of("run", "compare");
    /** Options after which the run does not start the default broker, or does not run at all. */
    private static final List<String> OTHER_BROKER_OR_NO_RUN =
            List.of("--bootstrap", "--data-dir", "-h", "--help", "-V", "--version");

    private static CompletableFuture<Started> starting;

    /** A broker and how long it took to start. */
    record Started(EmbeddedKafkaBroker broker, long startNanos) {}

    private EarlyBroker() {}

    /** Starts the broker (and the aggregator's warm-up) if this command line will want it. */
    static synchronized void startFor(String... args) {
        if (starting != null || !wanted(args)) {
            return;
        }
        Thread warmUp = new Thread(ImpactAggregator::warmUp, "rebound-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        CompletableFuture<Started> future = new CompletableFuture<>();
        starting = future;
        Thread thread = new Thread(
                () -> {
                    long start = System.nanoTime();
                    org.rebound.kafka.Timeline.mark("early broker: start");
                    try {
                        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
                        org.rebound.kafka.Timeline.mark("early broker: ready");
                        future.complete(new Started(broker, System.nanoTime() - start));
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                },
                "rebound-early-broker");
        thread.setDaemon(true);
        thread.start();
    }

    static boolean wanted(String... args) {
        return args.length > 1
                && COMMANDS.contains(args[0])
                && isFile(args[1]) // a scenario file, not a typo
                && Arrays.stream(args)
                        .takeWhile(arg -> !arg.equals("--"))
                        .noneMatch(arg -> OTHER_BROKER_OR_NO_RUN.stream()
                                .anyMatch(option -> arg.equals(option) || arg.startsWith(option + "=")));
    }

    private static boolean isFile(String path) {
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The broker started early, now the caller's to close; null if none was. */
    static Started take() throws InterruptedException {
        CompletableFuture<Started> early;
        synchronized (EarlyBroker.class) {
            early = starting;
            starting = null;
        }
        if (early == null) {
            return null;
        }
        try {
            return early.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes the broker started early if no command took it (its temporary log is deleted). */
    static void discard() {
        try {
            Started left = take();
            if (left != null) {
                left.broker().close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // it did not start: nothing to close
        }
    }
}
