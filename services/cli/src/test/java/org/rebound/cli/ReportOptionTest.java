package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.broker.testing.SharedBroker;

@DisplayName("run --report")
class ReportOptionTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("writes a self-contained HTML report with its charts and the period table as CSV beside it")
    void report() throws Exception {
        Path report = dir.resolve("jevons.html");
        StringWriter out = new StringWriter();
        int code = Rebound.execute(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "run",
                "../../scenarios/jevons-paradox.yaml",
                "--bootstrap",
                SharedBroker.bootstrapServers(),
                "--report",
                report.toString());
        assertThat(code).isZero();
        String html = Files.readString(report);
        assertThat(html)
                .contains("<svg")
                .contains("Jevons")
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("<script");
        Path csv = dir.resolve("jevons.csv");
        assertThat(Files.readAllLines(csv)).hasSize(1 + 5); // header + five yearly periods
        assertThat(out.toString()).contains("Report written to " + report);
    }
}
