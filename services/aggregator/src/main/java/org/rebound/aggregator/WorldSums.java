package org.rebound.aggregator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.rebound.avro.Impacts;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.domain.LikelyRange;
import org.rebound.domain.impact.PossibleWorlds;

/**
 * The sums of an aggregate's eight impacts in each possible world, as the delta and totals
 * records carry them between the aggregator's stages ({@code worlds}: quantity-major, in the
 * order of {@link Impacts}' fields, {@code QUANTITIES × COUNT} little-endian doubles packed in
 * bytes, which (de)serialize as one copy instead of 512 boxed numbers), and the likely range
 * (p5–p95) they give each quantity when the aggregate is written to its output topic.
 */
final class WorldSums {

    static final int QUANTITIES = 8;
    static final int SIZE = QUANTITIES * PossibleWorlds.COUNT;

    private WorldSums() {}

    /** Two aggregates' world sums added (null: none known, e.g. a record written before them). */
    static ByteBuffer plus(ByteBuffer a, ByteBuffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        double[] sum = array(a);
        double[] more = array(b);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += more[i];
        }
        return bytes(sum);
    }

    static ByteBuffer bytes(double[] worlds) {
        ByteBuffer bytes = ByteBuffer.allocate(worlds.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(worlds);
        return bytes;
    }

    static double[] array(ByteBuffer worlds) {
        java.nio.DoubleBuffer doubles =
                worlds.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        double[] array = new double[doubles.remaining()];
        doubles.get(array);
        return array;
    }

    /** Totals as written to an output topic: each quantity with its p5 and p95, without the world sums. */
    static Totals settle(Totals totals) {
        if (totals.getWorlds() == null) {
            return totals;
        }
        return Totals.newBuilder(totals)
                .setImpacts(likely(totals.getImpacts(), array(totals.getWorlds()), 1))
                .setWorlds(null)
                .build();
    }

    /** Impacts with the p5 and p95 of the worlds, all scaled by a positive factor (per day, per request). */
    static Impacts likely(Impacts impacts, double[] worlds, double scale) {
        return new Impacts(
                likely(impacts.getItEnergyKwh(), worlds, 0, scale),
                        likely(impacts.getFacilityEnergyKwh(), worlds, 1, scale),
                likely(impacts.getOperationalCo2eKg(), worlds, 2, scale),
                        likely(impacts.getEmbodiedCo2eKg(), worlds, 3, scale),
                likely(impacts.getCo2eKg(), worlds, 4, scale), likely(impacts.getOnsiteWaterL(), worlds, 5, scale),
                likely(impacts.getOffsiteWaterL(), worlds, 6, scale), likely(impacts.getWaterL(), worlds, 7, scale));
    }

    /**
     * A quantity (already scaled) with the likely range of the {@code quantity}-th impact's worlds
     * scaled by {@code scale}.
     */
    static Quantity likely(Quantity q, double[] worlds, int quantity, double scale) {
        LikelyRange likely =
                PossibleWorlds.likely(worlds, quantity * PossibleWorlds.COUNT, scale, q.getLow(), q.getHigh());
        return new Quantity(q.getLow(), q.getCentral(), q.getHigh(), likely.p5(), likely.p95());
    }
}
