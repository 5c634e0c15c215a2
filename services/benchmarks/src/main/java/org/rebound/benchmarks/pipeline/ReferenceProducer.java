package org.rebound.benchmarks.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;

/** The reference: Kafka's own producer perf tool, in this process, on a topic of its own. */
final class ReferenceProducer {

    static final String TOPIC = "rebound.bench.reference";

    private static final Pattern PERF_SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    private ReferenceProducer() {}

    static void createTopic(Admin admin, int partitions) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create " + TOPIC + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs Kafka's ProducerPerformance in this process (it has no public API but main, which
     * prints to System.out) and returns the records/s of its final summary line.
     */
    static double recordsPerSecond(String bootstrap, long records, int recordBytes) throws Exception {
        String[] args = {
            "--topic",
            TOPIC,
            "--num-records",
            Long.toString(records),
            "--record-size",
            Integer.toString(recordBytes),
            "--throughput",
            "-1",
            "--producer-props",
            "bootstrap.servers=" + bootstrap,
            "linger.ms=5",
            "batch.size=65536"
        };
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                ProducerPerformance.main(args);
            } finally {
                System.setOut(original);
            }
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        Double last = null;
        for (String line : text.split("\\R")) {
            Matcher m = PERF_SUMMARY.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) == records) {
                last = Double.parseDouble(m.group(2));
            }
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary line:\n" + text);
        }
        return last;
    }
}
