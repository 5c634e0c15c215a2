package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.TimelineEvent;
import org.rebound.kafka.KafkaClients;

/** A live change sent with `rebound set` to a run in progress, on the real broker. */
@DisplayName("live changes to a running scenario")
class LiveControlTest {

    static final String SCENARIO = """
            name: live
            title: "Live change"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z, tick: 1h, speed: 2h/s, period: 1h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 24000, arrival: exact, mix: {text: 1.0}}
            """;

    private static int rebound(StringWriter err, String... args) {
        return Rebound.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    @Test
    @DisplayName(
            "a valid change applies from the next tick on; refused changes (unknown path, above a safety limit) never reach the run")
    void liveChange() throws Exception {
        String bootstrap = SharedBroker.bootstrapServers();
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "live.yaml");
        AtomicReference<String> run = new AtomicReference<>();
        AtomicReference<Instant> simulated = new AtomicReference<>(Instant.EPOCH);
        List<TimelineEvent> changes = new CopyOnWriteArrayList<>();
        List<ScenarioChange> rejected = new CopyOnWriteArrayList<>();
        ScenarioRun.Listener listener = new ScenarioRun.Listener() {
            @Override
            public void started(String id, Scenario s) {
                run.set(id);
            }

            @Override
            public void progress(
                    Instant until,
                    long requests,
                    long loadEvents,
                    Totals aggregated,
                    org.rebound.avro.PeriodTotals period) {
                simulated.set(until);
            }

            @Override
            public void changed(TimelineEvent change) {
                changes.add(change);
            }

            @Override
            public void rejected(ScenarioChange change, List<Problem> problems) {
                rejected.add(change);
            }
        };
        CompletableFuture<Summary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return ScenarioRun.execute(
                        scenario,
                        KafkaClients.of(bootstrap),
                        ScenarioRun.Settings.defaults(),
                        listener,
                        System.nanoTime());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // wait until a quarter of the day has been produced
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (simulated.get().isBefore(Instant.parse("2025-01-01T06:00:00Z")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        StringWriter err = new StringWriter();
        assertThat(rebound(err, "set", "--bootstrap", bootstrap, "--run", run.get(), "workload.requests_per_dya=48000"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("change refused, nothing was sent")
                .contains("did you mean 'requests_per_day'");
        assertThat(rebound(err, "set", "--bootstrap", bootstrap, "--run", run.get(), "datacentres.paris-1.pue=0.5"))
                .isEqualTo(2);
        assertThat(rebound(err, "set", "--bootstrap", bootstrap, "--run", run.get(), "workload.requests_per_day=1e13"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("safety limit");
        Instant sentAt = simulated.get();
        assertThat(rebound(
                        err,
                        "set",
                        "--bootstrap",
                        bootstrap,
                        "--run",
                        run.get(),
                        "workload.requests_per_day=48000",
                        "--note",
                        "a viral app"))
                .isEqualTo(0);

        JsonNode summary = running.get(90, TimeUnit.SECONDS).json();
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(rejected).isEmpty();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).note()).isEqualTo("a viral app");
        Instant effective = changes.get(0).effectiveAt();
        assertThat(effective).isAfterOrEqualTo(sentAt).isBefore(Instant.parse("2025-01-02T00:00:00Z"));
        // predicted: 1,000 requests an hour before the change, 2,000 from the hour it took effect
        for (JsonNode period : summary.get("periods")) {
            boolean after = !Instant.parse(period.get("start").asText()).isBefore(effective);
            assertThat(period.get("requests").asLong())
                    .as(period.get("start").asText())
                    .isEqualTo(after ? 2000 : 1000);
        }
        long hoursBefore = java.time.Duration.between(Instant.parse("2025-01-01T00:00:00Z"), effective)
                .toHours();
        assertThat(summary.get("requests").asLong()).isEqualTo(1000 * hoursBefore + 2000 * (24 - hoursBefore));
    }
}
