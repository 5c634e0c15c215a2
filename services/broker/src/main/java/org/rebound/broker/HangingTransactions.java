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

/**
 * Finds <em>hanging</em> transactions: a partition holds records of a transaction that is still
 * open, while the transaction coordinator does not count that partition in any open transaction
 * of that producer, so no one will ever write its commit or abort marker. Every read_committed
 * consumer of the partition (Kafka Streams' tasks, their state restoration, the run's own
 * readers) then stops at the transaction's first offset, for good.
 *
 * <p>How one arises here (Kafka 4.4, seen in ResumeAfterKillTest's logs): the process running the
 * in-process broker is killed while a transaction is open or committing, so the restarted
 * broker's transaction coordinator must finish it (abort it once it times out, or complete its
 * commit). If that falls while the restarted broker is still starting, the coordinator logs
 * "Couldn't find leader endpoint for partitions … these partitions are likely deleted already and
 * hence can be skipped", drops them from the transaction and completes it without their markers.
 * Either outcome is possible: an abort (the records must go; what the coordinator's state showed
 * each time it was looked at) or a commit (the records must stay: the input offsets committed with
 * them are not read again; aborting blindly once lost aggregates). The partition alone cannot tell
 * which; the coordinator's state can, while nothing has used that producer since (see
 * {@link Outcome}). This class finds them ({@code describeProducers} for the open transactions of
 * each partition, {@code listTransactions} and {@code describeTransactions} for what the
 * coordinators own: what {@code kafka-transactions.sh find-hanging} does, KIP-664); and writes the abort
 * marker of those known to be aborted; what to do with the others is the caller's
 * ({@code run --data-dir} starts its run over).
 *
 * <p>A transaction the coordinator still owns (ongoing, or preparing its commit or abort with that
 * partition) is not reported: the coordinator finishes it.
 */
public final class HangingTransactions {

    private static final Set<TransactionState> OPEN_STATES = Set.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE);

    /** What the coordinator says became of a hanging transaction. */
    public enum Outcome {
        /**
         * Aborted: the coordinator's last transaction of that producer id is the one that began at
         * the partition's epoch, completed as an abort (transactions of version 2 end with the
         * epoch raised by one). Aborting the partition's part is then what the coordinator did.
         */
        ABORTED,
        /** Committed the same way: the partition's records belong to a committed transaction. */
        COMMITTED,
        /** Nothing tells (the coordinator forgot the producer, or went on to later transactions). */
        UNKNOWN
    }

    /** An open transaction seen on a partition, and what its coordinator says became of it. */
    public record Open(
            TopicPartition partition,
            long producerId,
            int producerEpoch,
            int coordinatorEpoch,
            long startOffset,
            Outcome outcome) {}

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
                                    start,
                                    Outcome.UNKNOWN)));
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
                    .map(o -> new Open(
                            o.partition(),
                            o.producerId(),
                            o.producerEpoch(),
                            o.coordinatorEpoch(),
                            o.startOffset(),
                            outcome(o, owned.getOrDefault(o.producerId(), List.of()))))
                    .toList();
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "could not look for hanging transactions: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Outcome outcome(Open open, List<TransactionDescription> coordinator) {
        for (TransactionDescription d : coordinator) {
            if (d.producerId() == open.producerId() && d.producerEpoch() == open.producerEpoch() + 1) {
                if (d.state() == TransactionState.COMPLETE_ABORT) {
                    return Outcome.ABORTED;
                }
                if (d.state() == TransactionState.COMPLETE_COMMIT) {
                    return Outcome.COMMITTED;
                }
            }
        }
        return Outcome.UNKNOWN;
    }

    /**
     * Writes the abort marker that a hanging transaction's partition is missing (what
     * {@code kafka-transactions.sh abort} does). Right only for {@link Outcome#ABORTED}: the
     * records of a committed transaction would be lost.
     */
    public static void abort(Admin admin, Open open) throws InterruptedException {
        if (open.outcome() != Outcome.ABORTED) {
            throw new IllegalArgumentException("not known to be aborted: " + open);
        }
        try {
            admin.abortTransaction(new AbortTransactionSpec(
                            open.partition(), open.producerId(), (short) open.producerEpoch(), open.coordinatorEpoch()))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "could not abort " + open + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The hanging transactions that {@link #find} reports twice (the same partition, producer,
     * epoch and first offset), {@link #CONFIRM} apart, with the later look's outcome: a
     * transaction that its coordinator completes between the two questions of one look is not
     * taken for a hanging one. One look when there is none (the usual case).
     */
    public static List<Open> confirmed(Admin admin) throws InterruptedException {
        List<Open> first = find(admin);
        if (first.isEmpty()) {
            return first;
        }
        Thread.sleep(CONFIRM.toMillis());
        // the same transaction on the same partition; what its coordinator says, as of the later look
        // (at the first, a coordinator still loading may not have told yet)
        Set<List<Object>> seen = new HashSet<>();
        first.forEach(o -> seen.add(List.of(o.partition(), o.producerId(), o.producerEpoch(), o.startOffset())));
        return find(admin).stream()
                .filter(o -> seen.contains(List.of(o.partition(), o.producerId(), o.producerEpoch(), o.startOffset())))
                .toList();
    }
}
