package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken scenario files in {@code src/test/resources/malformed/}: each is a small
 * complete scenario with one deliberate mistake, and its first line says where the error must be
 * reported: {@code # expect: LINE KEY.PATH} ({@code -} when the problem has no key path, such as
 * a YAML syntax error).
 */
@DisplayName("malformed scenario files")
class MalformedScenariosTest {

    private static final Path CORPUS = Path.of("src/test/resources/malformed");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+) (\\S+)\\s*");

    /** One file of the corpus and where its error must be reported. */
    record Malformed(Path file, int line, String keyPath) {

        /** {@code FILE:LINE: KEY.PATH:}, or {@code FILE:LINE:} when the problem has no key path. */
        String location() {
            return file + ":" + line + ":" + (keyPath.equals("-") ? "" : " " + keyPath + ":");
        }

        @Override
        public String toString() {
            return file.getFileName() + " → line " + line + ", " + keyPath;
        }
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result rebound(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rebound.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    static Stream<Malformed> corpus() throws IOException {
        return files().stream().map(MalformedScenariosTest::expectation);
    }

    private static Malformed expectation(Path file) {
        String first;
        try {
            first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Matcher m = EXPECT.matcher(first);
        if (!m.matches()) {
            throw new IllegalStateException(
                    file + ": the first line must be '# expect: LINE KEY.PATH', found '" + first + "'");
        }
        return new Malformed(file, Integer.parseInt(m.group(1)), m.group(2));
    }

    @Test
    @DisplayName("the corpus holds at least 30 files, each starting with '# expect: LINE KEY.PATH'")
    void corpusIsLargeAndAnnotated() throws IOException {
        List<Path> files = files();
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        assertThat(files)
                .allSatisfy(file -> assertThat(
                                Files.readAllLines(file, StandardCharsets.UTF_8).get(0))
                        .matches(EXPECT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @DisplayName("validate exits 2 and reports the mistake at the expected line and key path, without a stack trace")
    void validateReportsTheMistakeWhereExpected(Malformed malformed) {
        Result result = rebound("validate", malformed.file().toString());

        assertThat(result.exitCode()).as("exit code of validate").isEqualTo(Rebound.INVALID_INPUT);
        assertThat(result.out()).as("validate must not call the file valid").doesNotContain("valid (");
        assertThat(result.err()).as("problems printed by validate").contains(malformed.location());
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @DisplayName("run refuses the file with exit 2 before starting anything (no header, no broker)")
    void runRefusesBeforeStartingAnything(Malformed malformed) {
        Result result = rebound("run", malformed.file().toString());

        assertThat(result.exitCode()).as("exit code of run").isEqualTo(Rebound.INVALID_INPUT);
        assertThat(result.out())
                .as("run must print nothing (the header and the broker line come after validation)")
                .isEmpty();
        assertThat(result.err()).contains("invalid scenario").contains(malformed.location());
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
