package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml cannot run here (no Docker engine): its services, images, ports and
 * commands are checked against the CLI and the repository instead (`.ci/run` also runs
 * `docker-compose config`).
 */
@DisplayName("docker-compose.yml: services, pinned images, ports and commands match the CLI")
class ComposeFileTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws Exception {
        Map<String, Object> compose =
                (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    /** ${VAR:-default} -> default, as compose does with VAR unset. */
    private static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(2)));
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(Map<String, Object> service) {
        return ((List<String>) service.get("command"))
                .stream().map(ComposeFileTest::interpolate).toList();
    }

    @Test
    @DisplayName("Kafka in KRaft mode from the official pinned image; the Rebound services built from this repository")
    @SuppressWarnings("unchecked")
    void servicesAndImages() throws Exception {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("kafka", "aggregator", "generator", "dashboard", "prometheus");
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
        assertThat((String) kafka.get("image"))
                .matches("apache/kafka:\\d+\\.\\d+\\.\\d+")
                .isEqualTo(ContainerEndToEndTest.IMAGE);
        Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS"))).contains("PLAINTEXT://kafka:19092");
        for (Object s : services.values()) {
            String image = (String) ((Map<String, Object>) s).get("image");
            assertThat(image)
                    .as("every image pinned")
                    .isNotNull()
                    .doesNotEndWith(":latest")
                    .contains(":");
        }
        for (String name : List.of("aggregator", "generator", "dashboard")) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            assertThat(service.get("build"))
                    .as(name + " is built from the repository")
                    .isEqualTo(".");
            assertThat(service.get("image")).isEqualTo("rebound:local");
        }
        assertThat(Files.readString(ROOT.resolve("Dockerfile")))
                .contains("rebound.jar", "ENTRYPOINT")
                .contains("COPY scenarios");
    }

    @Test
    @DisplayName(
            "every Rebound command parses with the real CLI, points at the compose broker, and names files that exist")
    @SuppressWarnings("unchecked")
    void commandsMatchTheCli() throws Exception {
        Map<String, Object> services = services();
        Map<String, String> subcommands =
                Map.of("aggregator", "aggregate", "generator", "generate", "dashboard", "dashboard");
        for (Map.Entry<String, String> entry : subcommands.entrySet()) {
            List<String> args = command((Map<String, Object>) services.get(entry.getKey()));
            ParseResult parsed = new CommandLine(new Rebound()).parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand()).as(entry.getKey()).isNotNull();
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(entry.getValue());
            assertThat(parsed.subcommand().matchedOptionValue("--bootstrap", ""))
                    .isEqualTo("kafka:19092");
        }
        List<String> generate = command((Map<String, Object>) services.get("generator"));
        assertThat(ROOT.resolve(generate.get(1)))
                .as("the generator's scenario is in the image (scenarios/ is copied)")
                .exists();
        assertThat(Rebound.execute(
                        new java.io.PrintWriter(new java.io.StringWriter()),
                        new java.io.PrintWriter(new java.io.StringWriter()),
                        "validate",
                        ROOT.resolve(generate.get(1)).toString()))
                .isEqualTo(0);
    }

    @Test
    @DisplayName(
            "the dashboard's port is the one published, bound to 0.0.0.0 inside the container only; Prometheus scrapes it")
    @SuppressWarnings("unchecked")
    void dashboardPortAndPrometheus() throws Exception {
        Map<String, Object> services = services();
        Map<String, Object> dashboard = (Map<String, Object>) services.get("dashboard");
        ParseResult parsed =
                new CommandLine(new Rebound()).parseArgs(command(dashboard).toArray(String[]::new));
        int port = parsed.subcommand().matchedOptionValue("--port", 0);
        assertThat(port).isPositive();
        assertThat(parsed.subcommand().matchedOptionValue("--host", "")).isEqualTo("0.0.0.0");
        assertThat((List<String>) dashboard.get("ports")).containsExactly("127.0.0.1:" + port + ":" + port);
        String prometheus = Files.readString(ROOT.resolve("docker/prometheus.yml"));
        assertThat(prometheus).contains("dashboard:" + port);
        Map<String, Object> prom = (Map<String, Object>) services.get("prometheus");
        assertThat((List<String>) prom.get("volumes"))
                .anySatisfy(v -> assertThat(v).startsWith("./docker/prometheus.yml:"));
    }
}
