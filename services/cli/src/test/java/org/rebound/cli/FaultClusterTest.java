package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.broker.EmbeddedKafkaCluster;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;

/**
 * A broker fails in the middle of a run: on a three-node cluster (3 replicas, min ISR 2), one node
 * stops abruptly (no controlled shutdown: {@link EmbeddedKafkaCluster#stop}) while the generator is
 * producing (at least a quarter into the simulated day) and the aggregator has committed totals;
 * the run must end with exactly the figures of the same scenario on one healthy broker.
 * Exactly-once holds across the failover: nothing lost, nothing counted twice.
 */
@DisplayName("a run on a three-broker cluster that loses a broker mid-run")
class FaultClusterTest {

    /**
     * Poisson arrivals (the counts are drawn from the seed, so both runs produce the same load
     * events), two data centres on two grids, three kinds, one simulated day in ticks of 10
     * minutes at 75 simulated minutes a second: about 19 s of wall time, so the broker stops well
     * before the end.
     */
    static final String SCENARIO = """
            name: broker-failure
            title: "A broker fails mid-run"
            seed: 11
            clock: {start: 2025-03-01T00:00:00Z, end: 2025-03-02T00:00:00Z, tick: 10m, speed: 75m/s, period: 6h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: {low: 322, central: 380, high: 411}, water_l_per_kwh: 3.13}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, embodied_g_per_kwh: 90, share: 0.4}
              - {id: ashburn-1, region: US-VA, pue: {low: 1.08, central: 1.1, high: 1.2}, wue_l_per_kwh: 0.55, share: 0.6}
            kinds:
              text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
              image: {energy_wh: 2.9}
              video: {energy_wh: 100}
            workload: {requests_per_day: 2.0e6, arrival: poisson, mix: {text: 0.9, image: 0.08, video: 0.02}}
            """;

    @Test
    @DisplayName(
            "ends with the request counts, load events and impacts of the same run on one healthy broker; ledger matches, no dead letter")
    void brokerStopsMidRun() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "broker-failure.yaml");
        long testStart = System.nanoTime();

        JsonNode faulty;
        StoppedNode stopped;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, BrokerOptions.defaults())) {
            ScenarioRun.Settings settings = new ScenarioRun.Settings(
                    3, (short) 3, ImpactAggregator.DEFAULT_APPLICATION_ID, null, Duration.ofSeconds(120));
            CountDownLatch firstCommit = new CountDownLatch(1);
            AtomicReference<Instant> simulated = new AtomicReference<>(Instant.EPOCH);
            AtomicLong aggregatedRequests = new AtomicLong();
            ScenarioRun.Listener listener = new ScenarioRun.Listener() {
                @Override
                public void started(String run, Scenario s) {}

                @Override
                public void progress(
                        Instant until, long requests, long loadEvents, Totals aggregated, PeriodTotals period) {
                    simulated.set(until);
                    if (aggregated != null && aggregated.getRequests() > 0) {
                        aggregatedRequests.set(aggregated.getRequests());
                    }
                    firstCommit.countDown();
                }
            };
            CompletableFuture<Summary> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return ScenarioRun.execute(
                            scenario,
                            KafkaClients.of(cluster.bootstrapServers()),
                            settings,
                            listener,
                            System.nanoTime());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(firstCommit.await(120, TimeUnit.SECONDS))
                    .as("the generator's first commit (after the aggregator is running)")
                    .isTrue();
            // mid-run for both: the generator a quarter into the day, the aggregator with totals committed
            Instant quarter = scenario.clock().start().plus(Duration.ofHours(6));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((simulated.get().isBefore(quarter) || aggregatedRequests.get() == 0)
                    && !running.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // the node that leads partition 0 of the requests topic: the generator and the aggregator both lose a
            // leader
            stopped = leaderOfRequests(cluster);
            Instant simulatedAtStop = simulated.get();
            long aggregatedAtStop = aggregatedRequests.get();
            long stopNanos = System.nanoTime();
            cluster.stop(stopped.index());

            faulty = running.get(150, TimeUnit.SECONDS).json();
            double secondsAfterStop = (System.nanoTime() - stopNanos) / 1e9;
            assertThat(simulatedAtStop)
                    .as("the generator was mid-run at the stop")
                    .isAfterOrEqualTo(quarter)
                    .isBefore(scenario.clock().end());
            assertThat(aggregatedAtStop)
                    .as("the aggregator was mid-run at the stop")
                    .isPositive()
                    .isLessThan(faulty.get("requests").asLong());
            System.out.printf(
                    "FaultClusterTest: stopped node %d (leader of %s) at simulated %s, %d requests aggregated;"
                            + " run ended %.1f s later, wall %.1f s%n",
                    stopped.nodeId(),
                    stopped.led(),
                    simulatedAtStop,
                    aggregatedAtStop,
                    secondsAfterStop,
                    faulty.get("run").get("wall_seconds").asDouble());
            // Kafka Streams' internal topics (changelogs, repartitions) take the broker's default replication factor
            assertThat(replicasOfInternalTopics(cluster))
                    .as("replicas of the aggregator's internal topics and Kafka's own")
                    .containsOnly(3);
        }

        JsonNode healthy;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
            // the same load events, produced flat out: pacing changes when they are sent, not what they are
            ScenarioRun.Settings settings = new ScenarioRun.Settings(
                    3, (short) 1, ImpactAggregator.DEFAULT_APPLICATION_ID, Clock.MAX_SPEED, Duration.ofSeconds(120));
            healthy = ScenarioRun.execute(
                            scenario,
                            KafkaClients.of(broker.bootstrapServers()),
                            settings,
                            ScenarioRun.Listener.SILENT,
                            System.nanoTime())
                    .json();
        }

        assertThat(faulty.get("ledger").get("matches").asBoolean())
                .as("ledger matches after the failover")
                .isTrue();
        assertThat(healthy.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(faulty.get("dead_letters").asLong()).isZero();
        assertThat(healthy.get("dead_letters").asLong()).isZero();
        assertThat(faulty.get("requests").asLong()).isPositive();
        PoisonRecordsTest.assertSameOutcome(faulty, healthy);
        System.out.printf(
                "FaultClusterTest: %d requests in %d load events on both; test took %.1f s%n",
                faulty.get("requests").asLong(),
                faulty.get("load_events").asLong(),
                (System.nanoTime() - testStart) / 1e9);
    }

    /** Which node stops, and what it led at that moment. */
    record StoppedNode(int index, int nodeId, String led) {}

    private static StoppedNode leaderOfRequests(EmbeddedKafkaCluster cluster) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicDescription requests = admin.describeTopics(List.of(Topics.REQUESTS.name()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.REQUESTS.name());
            int leader = requests.partitions().get(0).leader().id();
            List<Integer> led = requests.partitions().stream()
                    .filter(p -> p.leader() != null && p.leader().id() == leader)
                    .map(TopicPartitionInfo::partition)
                    .toList();
            return new StoppedNode(cluster.indexOf(leader), leader, Topics.REQUESTS.name() + " partitions " + led);
        }
    }

    /** The distinct replica counts of every partition of the aggregator's internal topics, the offsets and the transaction log. */
    private static Set<Integer> replicasOfInternalTopics(EmbeddedKafkaCluster cluster) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            List<String> internal =
                    admin
                            .listTopics(new ListTopicsOptions().listInternal(true))
                            .names()
                            .get(30, TimeUnit.SECONDS)
                            .stream()
                            .filter(t -> t.startsWith(ImpactAggregator.DEFAULT_APPLICATION_ID + "-")
                                    || t.equals("__consumer_offsets")
                                    || t.equals("__transaction_state"))
                            .toList();
            assertThat(internal)
                    .contains("__consumer_offsets", "__transaction_state")
                    .anyMatch(t -> t.endsWith("-changelog"))
                    .anyMatch(t -> t.endsWith("-repartition"));
            return admin.describeTopics(internal).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .map(p -> p.replicas().size())
                    .collect(Collectors.toSet());
        }
    }
}
