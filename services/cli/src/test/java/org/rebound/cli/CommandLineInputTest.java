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

    private record Result(int exitCode, String out, String err) {
    }

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
        int line = 1 + (int) quickstart.substring(0, quickstart.indexOf("requests_per_day:")).chars().filter(c -> c == '\n').count();
        Result result = rebound("run", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("typo.yaml:" + line).contains("requests_per_dya").contains("requests_per_day").doesNotContain("\tat ");
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
    @DisplayName("scenarios lists every preset with its title and the command that runs it")
    void scenarios() {
        Result result = rebound("scenarios", "--dir", "../../scenarios");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("quickstart").contains("One day, two data centres")
                .contains("./rebound run ../../scenarios/quickstart.yaml").contains("jevons-paradox").doesNotContain("invalid");
    }

    @Test
    @DisplayName("--help describes the run and broker commands")
    void help() {
        Result result = rebound("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("run").contains("broker");
    }
}
