package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.TimelineEvent;
import org.rebound.kafka.KafkaClients;

/**
 * A scenario running in the background on the shared broker, for the dashboard tests: what the
 * run itself reports (its id, how far it has simulated, the changes it applied or refused) is
 * recorded here, independently of the dashboard under test.
 */
final class RunningScenario {

    /**
     * One data centre, one kind, 24,000 requests a day arriving exactly (1,000 an hour), periods of
     * one hour: every period's requests per day is 24,000 until a live change. Two simulated days
     * at 2 h/s, so about 24 s of wall time: long enough for a browser to act while it runs.
     * Title and narrative carry markup that must reach the page as text.
     */
    static final String XSS = "<script>alert(1)</script><img src=x onerror=\"window.__xss=1\">";

    static final long REQUESTS_PER_DAY = 24_000;

    static String yaml(String name) {
        return """
                name: %s
                title: '%s'
                narrative: |
                  Facilitator: %s
                  second line
                clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, speed: 2h/s, period: 1h}
                regions:
                  FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
                datacentres:
                  - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
                kinds:
                  text: {energy_wh: 0.3}
                workload: {requests_per_day: %d, elasticity: 0.5, arrival: exact, mix: {text: 1.0}}
                """.formatted(name, XSS, XSS, REQUESTS_PER_DAY);
    }

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant END = Instant.parse("2025-01-03T00:00:00Z");

    final String bootstrap;
    final KafkaClients clients;
    final Scenario scenario;
    final AtomicReference<String> run = new AtomicReference<>();
    final AtomicReference<Instant> simulated = new AtomicReference<>(Instant.EPOCH);
    final List<TimelineEvent> changes = new CopyOnWriteArrayList<>();
    final List<ScenarioChange> rejected = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Summary> running;

    private RunningScenario(String name, String yaml) throws Exception {
        bootstrap = SharedBroker.bootstrapServers();
        clients = KafkaClients.of(bootstrap);
        scenario = ScenarioLoader.parse(yaml, name + ".yaml");
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
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return ScenarioRun.execute(
                        scenario, clients, ScenarioRun.Settings.defaults(), listener, System.nanoTime());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Starts {@link #yaml(String)} and returns once it has produced its first simulated hour. */
    static RunningScenario start(String name) throws Exception {
        return start(name, yaml(name));
    }

    /** Starts a scenario (clock from {@link #START}) and returns once it has produced its first simulated hour. */
    static RunningScenario start(String name, String yaml) throws Exception {
        RunningScenario started = new RunningScenario(name, yaml);
        started.awaitSimulated(START.plus(Duration.ofHours(1)));
        assertThat(started.run.get()).as("run id").startsWith(name + "@");
        return started;
    }

    void awaitSimulated(Instant until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (simulated.get().isBefore(until) && System.nanoTime() < deadline) {
            if (running.isDone()) {
                running.join(); // rethrows the run's failure
                break;
            }
            Thread.sleep(20);
        }
        assertThat(simulated.get()).as("simulated time reached by the run").isAfterOrEqualTo(until);
    }

    /** Waits for the run to end; its summary. */
    JsonNode finish() throws Exception {
        return running.get(90, TimeUnit.SECONDS).json();
    }
}
