package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bad input on the command line")
class CommandLineInputTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private static Result rebound(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rebound.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    @DisplayName("a missing scenario file exits 2 naming the file, without a stack trace")
    void missingFile() {
        Result result = rebound("run", dir.resolve("nope.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.yaml").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    @DisplayName("a YAML syntax error exits 2 naming the file and the line")
    void yamlSyntaxError() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "name: broken\ntitle: \"unterminated\nseed: 1\n");
        Result result = rebound("run", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).containsPattern("broken\\.yaml:\\d+").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("an unknown key exits 2 naming the file, the line, the key and a suggestion")
    void unknownKey() throws Exception {
        String quickstart = Files.readString(Path.of("../../scenarios/quickstart.yaml"));
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, quickstart.replace("requests_per_day:", "requests_per_dya:"));
        int line = 1
                + (int) quickstart
                        .substring(0, quickstart.indexOf("requests_per_day:"))
                        .chars()
                        .filter(c -> c == '\n')
                        .count();
        Result result = rebound("run", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("typo.yaml:" + line)
                .contains("requests_per_dya")
                .contains("requests_per_day")
                .doesNotContain("\tat ");
    }

    @Test
    @DisplayName("an unknown option or a bad --speed exits 2 with a usage message")
    void badOptions() {
        assertThat(rebound("run", "--no-such-option", "x.yaml").exitCode()).isEqualTo(2);
        Result speed = rebound("run", "../../scenarios/quickstart.yaml", "--speed", "fast");
        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.err()).contains("--speed").contains("1h/s");
    }

    @Test
    @DisplayName("an unreachable broker is named within seconds, in a sentence, exit 1, before any run")
    void unreachableBroker() {
        long start = System.nanoTime();
        Result result = rebound("run", "../../scenarios/quickstart.yaml", "--bootstrap", "127.0.0.1:1");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains(
                        "no Kafka broker answered at 127.0.0.1:1 within " + Preflight.BROKER_TIMEOUT.toSeconds() + " s")
                .contains("without --bootstrap")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("org.apache");
        assertThat(result.out())
                .as("nothing of a run")
                .doesNotContain("simulated 2025")
                .doesNotContain("run id");
        assertThat(seconds).as("seconds to the answer").isLessThan(20);
        Result set = rebound("set", "--bootstrap", "127.0.0.1:1", "workload.requests_per_day=2e6");
        assertThat(set.exitCode()).isEqualTo(1);
        assertThat(set.err())
                .contains("no Kafka broker answered at 127.0.0.1:1")
                .doesNotContain("Exception");
    }

    @Test
    @DisplayName("the same failures in French with --lang fr: a sentence, the same exit codes, no class name")
    void inFrench() {
        Result broker = rebound("run", "../../scenarios/quickstart.yaml", "--bootstrap", "127.0.0.1:1", "--lang", "fr");
        assertThat(broker.exitCode()).isEqualTo(1);
        assertThat(broker.err())
                .contains("aucun broker Kafka n'a répondu à l'adresse 127.0.0.1:1")
                .contains("sans --bootstrap")
                .doesNotContain("Exception")
                .doesNotContain("no Kafka broker");
        Result summary =
                rebound("--lang", "fr", "run", "../../scenarios/quickstart.yaml", "--summary", "/no/such/dir/s.json");
        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(summary.err()).contains("--summary").contains("n'existe pas").doesNotContain("does not exist");
        Result english = rebound("run", "../../scenarios/quickstart.yaml", "--summary", "/no/such/dir/s.json");
        assertThat(english.err()).as("--lang lasts one command").contains("does not exist");
        Result wrong = rebound("validate", "--lang", "de", "../../scenarios/quickstart.yaml");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--lang: expected one of en, fr, found 'de'");
    }

    @Test
    @DisplayName(
            "a summary or report in a directory that does not exist, a dashboard port in use: exit 2 naming the option, before any run")
    void outputsAndPortCheckedFirst() throws Exception {
        Result summary = rebound("run", "../../scenarios/quickstart.yaml", "--summary", "/no/such/dir/s.json");
        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(summary.err())
                .contains("--summary: /no/such/dir/s.json: the directory /no/such/dir does not exist")
                .doesNotContain("Exception");
        assertThat(summary.out()).doesNotContain("broker:").doesNotContain("run id");
        Result report = rebound(
                "run",
                "../../scenarios/quickstart.yaml",
                "--report",
                dir.resolve("missing/r.html").toString());
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).contains("--report: ").contains("does not exist");
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            Result busy = rebound("run", "../../scenarios/quickstart.yaml", "--dashboard", "--port", port);
            assertThat(busy.exitCode()).isEqualTo(2);
            assertThat(busy.err())
                    .contains("--port " + port + ": already in use on 127.0.0.1")
                    .contains("leave --port out")
                    .doesNotContain("Exception")
                    .doesNotContain("Javalin");
            assertThat(busy.out()).doesNotContain("broker:");
            Result dashboard = rebound("dashboard", "--bootstrap", "127.0.0.1:1", "--port", port);
            assertThat(dashboard.exitCode()).isEqualTo(2);
            assertThat(dashboard.err()).contains("already in use");
        }
    }

    @Test
    @DisplayName("scenarios lists every preset with its title and the command that runs it")
    void scenarios() {
        Result result = rebound("scenarios", "--dir", "../../scenarios");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("quickstart")
                .contains("One day, two data centres")
                .contains("./rebound run ../../scenarios/quickstart.yaml")
                .contains("jevons-paradox")
                .doesNotContain("invalid");
    }

    @Test
    @DisplayName("--help describes the run and broker commands")
    void help() {
        Result result = rebound("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("run").contains("broker");
    }
}
