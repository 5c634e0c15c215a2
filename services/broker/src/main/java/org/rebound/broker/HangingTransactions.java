package org.rebound.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts <em>hanging</em> transactions: a partition holds records of a transaction that
 * is still open, while the transaction coordinator does not count that partition in any open
 * transaction of that producer, so no one will ever write its commit or abort marker. Every
 * read_committed consumer of the partition (Kafka Streams' tasks, their state restoration, the
 * run's own readers) then stops at the transaction's first offset, for good.
 *
 * <p>How one arises here (Kafka 4.4, seen in ResumeAfterKillTest's logs): the process running the
 * in-process broker is killed while a transaction is open, so the transaction coordinator must
 * abort it once it times out. If that moment falls while the restarted broker is still starting
 * (its partitions have no leader yet), the coordinator logs "Couldn't find leader endpoint for
 * partitions … these partitions are likely deleted already and hence can be skipped", drops them
 * from the transaction and completes the abort without their markers. Kafka's own remedy is
 * {@code kafka-transactions.sh find-hanging} then {@code abort} (KIP-664); this class does the
 * same with the {@link Admin} calls behind that tool: {@code describeProducers} for the open
 * transactions of each partition, {@code listTransactions} and {@code describeTransactions} for
 * what the coordinator owns, {@code abortTransaction} for the rest.
 *
 * <p>A transaction the coordinator still owns (ongoing, or preparing its commit or abort with that
 * partition) is never touched: the coordinator finishes it, and aborting a partition of a
 * transaction being committed would lose committed records.
 */
public final class HangingTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);

    private static final Set<TransactionState> OPEN_STATES = Set.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE);

    /** An open transaction seen on a partition. */
    public record Open(
            TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch, long startOffset) {}

    /** How long apart the two looks that confirm a hanging transaction are. */
    static final Duration CONFIRM = Duration.ofSeconds(1);

    private HangingTransactions() {}

    /**
     * The open transactions of every partition of the cluster (internal topics included, but the
     * transaction log itself) that no coordinator counts as open.
     */
    public static List<Open> find(Admin admin) throws InterruptedException {
        try {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            topics = new HashSet<>(topics);
            topics.remove("__transaction_state");
            if (topics.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription description :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                description
                        .partitions()
                        .forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
            }
            List<Open> open = new ArrayList<>();
            admin.describeProducers(partitions).all().get().forEach((partition, producers) -> {
                for (ProducerState producer : producers.activeProducers()) {
                    producer.currentTransactionStartOffset()
                            .ifPresent(start -> open.add(new Open(
                                    partition,
                                    producer.producerId(),
                                    producer.producerEpoch(),
                                    producer.coordinatorEpoch().orElse(0),
                                    start)));
                }
            });
            if (open.isEmpty()) {
                return List.of();
            }
            Set<Long> producerIds = new HashSet<>();
            open.forEach(o -> producerIds.add(o.producerId()));
            Map<Long, List<TransactionDescription>> owned = new HashMap<>();
            List<String> ids =
                    admin
                            .listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
                            .all()
                            .get()
                            .stream()
                            .map(TransactionListing::transactionalId)
                            .toList();
            if (!ids.isEmpty()) {
                admin.describeTransactions(ids)
                        .all()
                        .get()
                        .values()
                        .forEach(d -> owned.computeIfAbsent(d.producerId(), k -> new ArrayList<>())
                                .add(d));
            }
            return open.stream()
                    .filter(o -> owned.getOrDefault(o.producerId(), List.of()).stream()
                            .noneMatch(d -> OPEN_STATES.contains(d.state())
                                    && d.topicPartitions().contains(o.partition())))
                    .toList();
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "could not look for hanging transactions: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Aborts the hanging transactions found by {@link #find}: each one once it has been seen twice,
     * unchanged, {@link #CONFIRM} apart (a transaction that a live producer completes between the
     * two questions of one look is not taken for a hanging one). Looks again until none is left or
     * {@code within} has passed.
     *
     * @return the transactions aborted (empty when there were none: the usual case, one look)
     */
    public static List<Open> abortAll(Admin admin, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Open> aborted = new ArrayList<>();
        Set<Open> seen = Set.of();
        while (true) {
            List<Open> hanging = find(admin);
            if (hanging.isEmpty()) {
                return aborted;
            }
            for (Open o : hanging) {
                if (seen.contains(o)) {
                    abort(admin, o).ifPresent(aborted::add);
                }
            }
            seen = new HashSet<>(hanging);
            if (System.nanoTime() > deadline) {
                return aborted;
            }
            Thread.sleep(CONFIRM.toMillis());
        }
    }

    private static java.util.Optional<Open> abort(Admin admin, Open o) throws InterruptedException {
        try {
            admin.abortTransaction(new AbortTransactionSpec(
                            o.partition(), o.producerId(), (short) o.producerEpoch(), o.coordinatorEpoch()))
                    .all()
                    .get();
            LOG.info(
                    "aborted a hanging transaction on {} (producer {}, epoch {}, open since offset {}):"
                            + " its coordinator did not count it open, so no marker would ever end it",
                    o.partition(),
                    o.producerId(),
                    o.producerEpoch(),
                    o.startOffset());
            return java.util.Optional.of(o);
        } catch (ExecutionException e) {
            LOG.warn(
                    "could not abort the hanging transaction {}: {}",
                    o,
                    e.getCause().toString());
            return java.util.Optional.empty();
        }
    }
}
