package org.rebound.generator;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rebound.kafka.Topics;

/**
 * The generator's records of the requests topic: each holds up to {@link LoadGenerator#TICKS_PER_RECORD}
 * ticks of one data centre ({@code LoadEvent} v4: the first in the record's fields, the others
 * in {@code later_ticks}). A data centre's ticks are held until it has that many, until the
 * transaction commits ({@link #flush}: a record never spans two transactions, so the load a
 * paced run commits is never held back), or until a new state of the data centre takes effect:
 * the record that starts with the first tick under a new state carries that state (header
 * {@link Topics#DATACENTRE_STATE_HEADER}), and no record holds ticks under two states.
 *
 * <p>Fewer, larger records: Kafka's producer, the broker and Kafka Streams each have a cost per
 * record whatever it holds, and the aggregator's decode reads the strings once per record
 * (docs/performance.md, "Several ticks per record"). Not thread-safe: owned by the generator.
 */
final class LoadRecords implements Simulation.Sink {

    private final KafkaProducer<String, byte[]> producer;
    private final LoadEventBytes encoder;
    private final Ledger ledger;
    private final String[] keys;
    private final int[] partitionOf;
    /** Per data centre, the state its next tick's record carries (null: none), set by the generator; shared. */
    private final byte[][] stateToCarry;
    /** Per data centre, the state the record of its held ticks carries (null: none). */
    private final byte[][] carried;
    /** Per data centre, the start of its first held tick: the record's timestamp. */
    private final long[] firstTickStart;
    /** Per partition, the last record sent to it in the open transaction (null: none). */
    private final Future<RecordMetadata>[] lastSent;

    private int ticksInTransaction;

    @SuppressWarnings("unchecked")
    LoadRecords(
            KafkaProducer<String, byte[]> producer,
            LoadEventBytes encoder,
            Ledger ledger,
            String[] keys,
            int[] partitionOf,
            int partitions,
            byte[][] stateToCarry) {
        this.producer = producer;
        this.encoder = encoder;
        this.ledger = ledger;
        this.keys = keys;
        this.partitionOf = partitionOf;
        this.stateToCarry = stateToCarry;
        this.carried = new byte[keys.length][];
        this.firstTickStart = new long[keys.length];
        this.lastSent = new Future[partitions];
    }

    @Override
    public void load(
            int d,
            long tickStartMs,
            long lengthMs,
            int[] kindIndexes,
            long[] counts,
            int kinds,
            FleetSimulation.Tick fleet) {
        if (stateToCarry[d] != null) {
            send(d); // the ticks under the state before, if any
            carried[d] = stateToCarry[d];
            stateToCarry[d] = null;
        }
        if (encoder.ticks(d) == 0) {
            firstTickStart[d] = tickStartMs;
        }
        encoder.add(d, tickStartMs, lengthMs, kindIndexes, counts, kinds, fleet);
        ticksInTransaction++;
        if (encoder.ticks(d) >= LoadGenerator.TICKS_PER_RECORD) {
            send(d);
        }
    }

    /** Ticks handed over since the last commit. */
    int ticksInTransaction() {
        return ticksInTransaction;
    }

    /** Sends every data centre's held ticks; called before the transaction commits. */
    void flush() {
        for (int d = 0; d < keys.length; d++) {
            send(d);
        }
    }

    /**
     * After the transaction committed: records in the ledger the offset of the last record it
     * wrote to each partition (what the end-of-run barrier waits for).
     */
    void committed() {
        for (int p = 0; p < lastSent.length; p++) {
            if (lastSent[p] != null) {
                try {
                    ledger.sent(Topics.REQUESTS.name(), p, lastSent[p].get().offset());
                } catch (ExecutionException e) {
                    throw new KafkaException("a committed send failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
                lastSent[p] = null;
            }
        }
        ticksInTransaction = 0;
    }

    /** The record of data centre {@code d}'s held ticks, if any, to the partition the producer's own partitioner would pick. */
    private void send(int d) {
        if (encoder.ticks(d) == 0) {
            return;
        }
        RecordHeaders headers = null;
        if (carried[d] != null) {
            headers = new RecordHeaders();
            headers.add(Topics.DATACENTRE_STATE_HEADER, carried[d]);
            carried[d] = null;
        }
        lastSent[partitionOf[d]] = producer.send(new ProducerRecord<>(
                Topics.REQUESTS.name(), partitionOf[d], firstTickStart[d], keys[d], encoder.take(d), headers));
        ledger.record();
    }
}
