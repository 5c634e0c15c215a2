package org.rebound.generator;

import java.util.List;

/** A generator's {@link Ledger} filled by hand, for tests outside the generator (its counting is package-private). */
public final class LedgerFixture {

    private LedgerFixture() {}

    /**
     * A ledger of these data centres and kinds.
     *
     * @param counts  one {@code {datacentre index, kind index, requests}} per load event
     * @param records records of the requests topic
     */
    public static Ledger ledger(List<String> datacentres, List<String> kinds, long[][] counts, long records) {
        Ledger ledger = new Ledger(datacentres, kinds);
        for (long[] count : counts) {
            ledger.count((int) count[0], (int) count[1], count[2]);
        }
        for (long r = 0; r < records; r++) {
            ledger.record();
        }
        return ledger;
    }
}
