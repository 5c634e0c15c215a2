package org.rebound.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rebound.kafka.TempDirs;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/**
 * The whole pipeline as a user runs it: {@code rebound run SCENARIO --summary F} in a new
 * process. The command line comes from the caller (the CLI, whose script and main class this
 * module does not know).
 */
public final class EndToEnd {

    /** The command line of a run that writes its summary to {@code summaryFile}. */
    @FunctionalInterface
    public interface Launcher {
        List<String> command(Path summaryFile);
    }

    private EndToEnd() {}

    /**
     * {@code java [this JVM's options] -cp [this classpath] MAIN ARGS...}: a new JVM as this one
     * runs (same java, same options but agents and flight recording, same classpath).
     */
    public static List<String> sameJvm(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                // not the bench's own agents or flight recording
                .filter(a -> !a.startsWith("-agentlib")
                        && !a.startsWith("-javaagent")
                        && !a.startsWith("-XX:StartFlightRecording"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * Runs the launcher's command: wall time from spawning it to its exit, its first aggregate
     * (counted from its JVM's start), its peak RSS (VmHWM, read every 100 ms while it runs, the
     * largest of the process and its descendants': the {@code ./rebound} script runs the JVM as
     * its child).
     */
    static void measure(Launcher launcher, Samples samples, double reference) throws Exception {
        Path work = TempDirs.create("rebound-bench-run-");
        try {
            Path summaryFile = work.resolve("summary.json");
            Path log = work.resolve("run.log");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(launcher.command(summaryFile))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long peakKiB = -1;
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                peakKiB = Math.max(peakKiB, peakRssKiB(process.toHandle()));
            }
            double wall = PipelineBench.seconds(start);
            if (process.exitValue() != 0 || !Files.exists(summaryFile)) {
                throw new IllegalStateException(
                        "rebound run exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            RunResults summary = Results.read(summaryFile);
            long events = summary.loadEvents();
            long records =
                    summary.ledger().records() == null ? 0 : summary.ledger().records();
            samples.add("end to end: wall time, spawn to exit (summary written)", wall, "s", null);
            samples.add("end to end: records", records / wall, "records/s", records / wall / reference);
            samples.add("end to end: load events", events / wall, "events/s", null);
            samples.add(
                    "end to end: first aggregate after the JVM's start",
                    orNaN(summary.run().firstAggregateSeconds()),
                    "s",
                    null);
            samples.add(
                    "end to end: aggregates match the ledger", summary.ledger().matches() ? 1 : 0, "1 = yes", null);
            samples.add("end to end: peak RSS of the run process (VmHWM)", peakKiB / 1024.0, "MiB", null);
            samples.add(
                    "end to end: peak heap of the run process (sum of heap pools' peaks)",
                    orNaN(summary.run().peakHeapMib()),
                    "MiB",
                    null);
        } finally {
            TempDirs.deleteRecursively(work);
        }
    }

    /** The largest VmHWM of a process and its descendants (-1: none readable). */
    private static long peakRssKiB(ProcessHandle process) {
        long peak = ProcessMemory.peakRssKiB(Path.of("/proc", Long.toString(process.pid()), "status"));
        for (ProcessHandle child : process.descendants().toList()) {
            peak = Math.max(peak, ProcessMemory.peakRssKiB(Path.of("/proc", Long.toString(child.pid()), "status")));
        }
        return peak;
    }

    /** A figure the summary may lack (an older run), as NaN: the bench prints it as missing. */
    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
