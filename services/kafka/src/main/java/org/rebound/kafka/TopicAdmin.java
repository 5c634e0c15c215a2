package org.rebound.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Rebound's topics, and checks that the joined ones share a partition count. */
public final class TopicAdmin {

    private TopicAdmin() {}

    /**
     * Asks, without waiting, for the coordinators of a consumer group and of a transactional id:
     * a broker creates its offsets and transaction-state topics on the first such request, which
     * otherwise happens on the critical path of the first consumer group join and the first
     * transactional producer (a few hundred ms each on a fresh broker). Harmless on a cluster
     * that has them; the answers are not needed.
     */
    public static void warmCoordinators(Admin admin, String groupId) {
        admin.describeConsumerGroups(List.of(groupId));
        admin.describeTransactions(List.of(groupId + "-warm-up"));
    }

    /**
     * Creates every topic of {@link Topics#ALL} that does not exist yet.
     *
     * @param partitions partitions of each new topic
     * @param replicationFactor replication factor of each new topic (1 on a single broker)
     */
    public static void ensureTopics(Admin admin, int partitions, short replicationFactor) throws InterruptedException {
        createTopics(admin, partitions, replicationFactor);
        awaitReady(admin);
    }

    /**
     * The first half of {@link #ensureTopics}: creates every topic of {@link Topics#ALL} that does
     * not exist yet and returns once the broker describes them all (what a client's metadata
     * request sees), before their partitions have leaders. Enough for a Kafka Streams
     * application to start: its first rebalance needs its source topics' partition counts, and
     * fails for good if its consumer's metadata lacks one (the controller acknowledges a new
     * topic before the broker it asked knows it). A producer must wait for {@link #awaitReady}.
     */
    public static void createTopics(Admin admin, int partitions, short replicationFactor) throws InterruptedException {
        createTopics(admin, partitions, replicationFactor, List.of());
    }

    /**
     * {@link #createTopics(Admin, int, short)}, and with them, in the same request, {@code
     * internal}: a Kafka Streams application's internal topics, which it would otherwise create
     * during its first rebalance. Only when this call creates the load topic too: the internal
     * topics then share its partition count, as Kafka Streams requires; on a cluster that had the
     * topics already, Kafka Streams creates its own.
     */
    public static void createTopics(Admin admin, int partitions, short replicationFactor, List<NewTopic> internal)
            throws InterruptedException {
        Set<String> existing = get(admin.listTopics().names());
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.ALL) {
            if (!existing.contains(topic.name())) {
                missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(topic.config()));
            }
        }
        if (!existing.contains(Topics.REQUESTS.name())) {
            internal.stream().filter(topic -> !existing.contains(topic.name())).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another instance created it first
                    throw new KafkaSetupException(
                            "cannot create topics "
                                    + missing.stream().map(NewTopic::name).toList() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        awaitDescribed(admin);
    }

    /** Waits until the broker describes every topic of {@link Topics#ALL}. */
    private static void awaitDescribed(Admin admin) throws InterruptedException {
        List<String> names = Topics.ALL.stream().map(Topic::name).toList();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (unlessRetriable(admin.describeTopics(names).allTopicNames()) == null) {
            if (System.nanoTime() > deadline) {
                throw new KafkaSetupException("topics " + names + " still unknown to the broker after 30 s", null);
            }
            Thread.sleep(10);
        }
    }

    /**
     * The second half of {@link #ensureTopics}: waits until every partition of {@link Topics#ALL}
     * has a leader that hosts it. New partitions take a moment to get a leader; a transactional
     * producer that writes before then has its first batches refused and retried out of order
     * (the broker logs OutOfOrderSequenceException).
     */
    public static void awaitReady(Admin admin) throws InterruptedException {
        List<String> names = Topics.ALL.stream().map(Topic::name).toList();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            // just created: the answering broker may not know or host the partitions yet
            Map<String, TopicDescription> topics =
                    unlessRetriable(admin.describeTopics(names).allTopicNames());
            boolean ready = topics != null
                    && topics.values().stream()
                            .flatMap(t -> t.partitions().stream())
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            if (ready && hosted(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaSetupException(
                        "topics " + names + " still have partitions without a leader after 30 s", null);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Whether every partition's leader answers for it: a broker may list a new partition's leader
     * in its metadata a moment before it hosts the partition, and a reader that asks for its end
     * offset then is told "This server does not host this topic-partition".
     */
    private static boolean hosted(Admin admin, Map<String, TopicDescription> topics) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topics.values()
                .forEach(t -> t.partitions()
                        .forEach(p -> latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        return unlessRetriable(admin.listOffsets(latest).all()) != null;
    }

    /** The future's value, or null if it failed with an error worth retrying. */
    private static <T> T unlessRetriable(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return null;
            }
            throw new KafkaSetupException(e.getCause().getMessage(), e.getCause());
        }
    }

    static <T> T get(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new KafkaSetupException(e.getCause().getMessage(), e.getCause());
        }
    }
}
