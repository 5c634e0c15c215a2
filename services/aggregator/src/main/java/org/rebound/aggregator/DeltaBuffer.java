package org.rebound.aggregator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.rebound.avro.Dimension;
import org.rebound.avro.FleetTick;
import org.rebound.avro.PeriodCell;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.domain.Range;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;
import org.rebound.kafka.AvroMapping;
import org.rebound.kafka.Keys;

/**
 * What one task has valued since its last commit, summed per aggregate it feeds (each data
 * centre, kind, region, day, period, telemetry window of a data centre and the run as a whole), so that each aggregate downstream
 * receives one delta per commit instead of one record per load event. Each sum also keeps its
 * central values per ratio cell ({@link WorldCells}), turned into the sums of the 64 possible
 * worlds when it is drained: the deltas carry them ({@code worlds}) to the reduce, and the likely
 * ranges are computed from them when an aggregate is written ({@link WorldSums}).
 *
 * <p>The sums live in memory only (plain Java, no Kafka), and never outlive a commit: the
 * processor drains them while its task prepares a commit ({@link CommitFlush}) and forwards them
 * as records <em>in the transaction that also commits the offsets of the load events they
 * sum</em>. A crash before the commit aborts both; the load events are read again. A dirty close
 * (a task lost or revived) aborts the task's transaction, deltas included, and clears the buffer.
 * So no changelog is needed, and exactly-once holds.
 *
 * <p>Known limit: a child of the processor that threw while the deltas are forwarded (a
 * serialization failure of a {@code Totals}: nothing in them can be null or foreign today) would
 * be handled by the processing exception handler, which logs and continues: that delta would be
 * lost while the offsets commit.
 */
final class DeltaBuffer {

    static final String NAME = "valued-deltas";

    /** The prefix of a totals delta's key: which output topic it goes to, then the key there. */
    static String totalsKey(Dimension dimension, String outputKey) {
        return dimension.name() + '|' + outputKey;
    }

    /** The output topic's key of a totals delta's key. */
    static String outputKey(String totalsKey) {
        return totalsKey.substring(totalsKey.indexOf('|') + 1);
    }

    /**
     * One aggregate fed by this task: a dimension (null for a period or a telemetry window) and
     * member of a run; a telemetry window is its data centre ({@code member}) and start ({@code bucket}).
     */
    private record Slot(Dimension dimension, String run, String member, long bucket, boolean window) {

        Slot(Dimension dimension, String run, String member, long bucket) {
            this(dimension, run, member, bucket, false);
        }
    }

    /**
     * A running sum: the same monoid as {@link TotalsMath}, mutable (a hot path: one update per
     * aggregate fed by every record), the impacts as plain doubles, low/central/high of each
     * quantity of {@link Impacts} in turn, in the order of its components (and of the Avro
     * record's fields).
     */
    private static final class Sum {
        final String scenario;
        long requests;
        long loadEvents;
        final double[] impacts = new double[QUANTITIES * 3];
        long first = Long.MAX_VALUE;
        /** The latest tick start summed here (for a data centre's sum: has a tick after a window come?). */
        long latestStart = Long.MIN_VALUE;

        long last = Long.MIN_VALUE;
        long timestamp = Long.MIN_VALUE;
        long periodStart;
        long periodEnd;
        /** A telemetry window's end, and the values in force at its latest tick (for a window without energy). */
        long windowEnd;

        /** A telemetry window: the start of its first tick here, and the length of its ticks. */
        long firstTick = Long.MAX_VALUE;

        long tickMillis;
        /** A telemetry window's fleet: server-hours served and available; servers and backlog at its latest tick. */
        double servedHours;

        double capacityHours;
        Long servers;
        Long backlog;
        String region;
        double carbonGPerKwh;
        double pue;
        double wueLPerKwh;
        /** A telemetry window's outdoor temperature: the ticks' means × their length, summed, and the length. */
        double outdoorCMs;

        double outdoorMs;
        long latestTick = Long.MIN_VALUE;
        /** A period's counterfactual sums (central): requests, facility kWh, no-rebound facility kWh. */
        double counterfactualRequests;

        double counterfactualKwh;
        double noReboundKwh;
        /** A period's sums per data centre, then kind: {@link #CELL_FIELDS} values each (null for other aggregates). */
        Map<String, Map<String, double[]>> periodCells;
        /**
         * Central values of the independent impacts summed per ratio cell met by this sum, in the
         * order met: {@code [slot * BASE + base]}; the cell of each slot; and each cell's slot + 1
         * by the cell's number (0: not met). A sum meets few of the task's cells (a telemetry
         * window, its data centre's): sized for all of them, each sum was 4.6 KB to allocate and
         * a walk over every cell of the task to turn into worlds.
         */
        private double[] centrals = new double[2 * WorldCells.BASE];

        private WorldCells.Cell[] slotCells = new WorldCells.Cell[2];
        private int[] slotOf;
        private int slots;

        /** @param cells the cells met by the task so far (what the index by cell number is sized for) */
        Sum(String scenario, int cells) {
            this.scenario = scenario;
            this.slotOf = new int[Math.max(cells, 1)];
        }

        /** Adds a tick's requests, facility energy and counterfactual to the period's sums and its cells'. */
        void addCells(ValuedTick tick) {
            if (periodCells == null) {
                periodCells = new HashMap<>();
            }
            Map<String, double[]> kinds = periodCells.get(tick.event().getDatacentre());
            if (kinds == null) {
                kinds = new HashMap<>();
                periodCells.put(tick.event().getDatacentre(), kinds);
            }
            double[] cf = tick.counterfactual();
            for (int i = 0; i < tick.kinds().length; i++) {
                double[] cell = kinds.get(tick.kinds()[i]);
                if (cell == null) {
                    cell = new double[CELL_FIELDS];
                    kinds.put(tick.kinds()[i], cell);
                }
                int c = ValuedTick.COUNTERFACTUAL_FIELDS * i;
                cell[0] += tick.requests()[i];
                cell[1] += cf[c];
                cell[2] += tick.impacts()[i * ImpactModel.FLAT + ImpactModel.central(FACILITY)];
                cell[3] += cf[c + 1];
                cell[4] += cf[c + 2];
                counterfactualRequests += cf[c];
                counterfactualKwh += cf[c + 1];
                noReboundKwh += cf[c + 2];
            }
        }

        List<PeriodCell> periodCells() {
            List<PeriodCell> list = new ArrayList<>();
            if (periodCells != null) {
                periodCells.forEach((dc, kinds) -> kinds.forEach((kind, cell) ->
                        list.add(new PeriodCell(kind, dc, (long) cell[0], cell[1], cell[2], cell[3], cell[4]))));
            }
            // in the order the reduce keeps (PeriodTable.plus): a period's cells are the same list whoever sums them
            list.sort(java.util.Comparator.comparing(PeriodCell::getKind).thenComparing(PeriodCell::getDatacentre));
            return list;
        }

        /** Adds one kind of a tick (which starts at {@code start} and ends at {@code end}). */
        void add(
                long moreRequests,
                long moreEvents,
                double[] more,
                int from,
                long start,
                long end,
                long recordTimestamp) {
            requests += moreRequests;
            loadEvents += moreEvents;
            addTo(impacts, more, from);
            stamp(start, start, end, recordTimestamp);
        }

        /**
         * Adds what a data centre's ticks fed in a row ({@link Fed#fold}).
         *
         * @param more the impacts to add, low, central and high of each quantity in the order of
         *     {@link Impacts}' fields
         */
        void add(long moreRequests, long moreEvents, double[] more, Fed stamps) {
            requests += moreRequests;
            loadEvents += moreEvents;
            for (int i = 0; i < impacts.length; i++) {
                impacts[i] += more[i];
            }
            stamp(stamps.first, stamps.latestStart, stamps.last, stamps.timestamp);
        }

        private void stamp(long firstStart, long latestStart, long lastEnd, long recordTimestamp) {
            first = Math.min(first, firstStart);
            this.latestStart = Math.max(this.latestStart, latestStart);
            last = Math.max(last, lastEnd);
            timestamp = Math.max(timestamp, recordTimestamp);
        }

        /**
         * Adds one kind's central impacts to its ratio cell: six additions, no allocation once
         * grown (the hot path: every kind of every tick for its kind's sum, and of every run of
         * ticks for the six others).
         *
         * @param more the kind's six independent impacts, central, from {@code from} ({@link #centrals})
         */
        void addCentrals(WorldCells.Cell cell, double[] more, int from) {
            int index = cell.index();
            if (index >= slotOf.length) {
                slotOf = java.util.Arrays.copyOf(slotOf, Math.max(index + 1, 2 * slotOf.length));
            }
            int slot = slotOf[index] - 1;
            if (slot < 0) {
                slot = slots++;
                if (slot == slotCells.length) {
                    slotCells = java.util.Arrays.copyOf(slotCells, 2 * slot);
                    centrals = java.util.Arrays.copyOf(centrals, 2 * slot * WorldCells.BASE);
                }
                slotCells[slot] = cell;
                slotOf[index] = slot + 1;
            }
            int at = slot * WorldCells.BASE;
            for (int base = 0; base < WorldCells.BASE; base++) {
                centrals[at + base] += more[from + base];
            }
        }

        /**
         * The sums of the eight impacts in each possible world ({@link WorldSums}): each cell's
         * central sums times its ratios; CO₂e and water are the sums of their parts in each world.
         */
        java.nio.ByteBuffer worlds() {
            return WorldSums.bytes(worldArray());
        }

        double[] worldArray() {
            return worldArray(new double[WorldSums.SIZE]);
        }

        /** {@link #worldArray()} written into {@code worlds} ({@link WorldSums#SIZE} doubles, overwritten). */
        double[] worldArray(double[] worlds) {
            int n = org.rebound.domain.impact.PossibleWorlds.COUNT;
            java.util.Arrays.fill(worlds, 0);
            for (int slot = 0; slot < slots; slot++) {
                int at = slot * WorldCells.BASE;
                double[] ratios = slotCells[slot].ratios();
                for (int base = 0; base < WorldCells.BASE; base++) {
                    double central = centrals[at + base];
                    if (central == 0) {
                        continue;
                    }
                    int to = WorldCells.IMPACT_INDEX[base] * n;
                    for (int w = 0; w < n; w++) {
                        worlds[to + w] += central * ratios[base * n + w];
                    }
                }
            }
            for (int w = 0; w < n; w++) {
                worlds[4 * n + w] = worlds[2 * n + w] + worlds[3 * n + w];
                worlds[7 * n + w] = worlds[5 * n + w] + worlds[6 * n + w];
            }
            return worlds;
        }

        /** The {@code q}-th quantity's low/central/high, without its likely range (computed when written). */
        Quantity quantity(int q) {
            return new Quantity(impacts[3 * q], impacts[3 * q + 1], impacts[3 * q + 2], null, null);
        }

        org.rebound.avro.Impacts avroImpacts() {
            Range[] q = new Range[QUANTITIES];
            for (int i = 0; i < QUANTITIES; i++) {
                q[i] = new Range(impacts[3 * i], impacts[3 * i + 1], impacts[3 * i + 2]);
            }
            return AvroMapping.impacts(new Impacts(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]));
        }
    }

    private static final int QUANTITIES = ImpactModel.QUANTITIES;
    /** Indices of {@link Impacts}' quantities: the ones telemetry reports or derives its ratios from. */
    private static final int IT = ImpactModel.IT_ENERGY_KWH;

    private static final int FACILITY = ImpactModel.FACILITY_ENERGY_KWH;
    private static final int OPERATIONAL_CO2E = ImpactModel.OPERATIONAL_CO2E_KG;
    private static final int CO2E = ImpactModel.CO2E_KG;
    private static final int ONSITE_WATER = ImpactModel.ONSITE_WATER_L;
    private static final int WATER = ImpactModel.WATER_L;
    /** A period cell's sums: requests, counterfactual requests, facility kWh, counterfactual kWh, no-rebound kWh. */
    private static final int CELL_FIELDS = 5;

    /**
     * Adds each quantity's low, central and high to {@code sums} (in the order of {@link Impacts}'
     * fields), as {@link Impacts#plus} adds them, from a tick's impacts ({@link ValuedTick#impacts}:
     * one kind's from {@code from}); on the quick JIT compiler, which does not remove allocations,
     * the objects of {@code Impacts} were a good part of valuing and summing a tick.
     */
    private static void addTo(double[] sums, double[] more, int from) {
        for (int i = 0; i < ImpactModel.FLAT; i++) {
            sums[i] += more[from + i];
        }
    }

    private final Map<Slot, Sum> sums = new HashMap<>();
    /** The ratio cells met by this task (they outlive the commits: states are cached across them). */
    private final WorldCells cells = new WorldCells();
    /** A whole telemetry window's worlds' sums, read at once into its likely ranges: one array for all windows. */
    private final double[] worldScratch = new double[WorldSums.SIZE];

    /** A delta with the timestamp to forward it with (the latest record it sums). */
    record TimestampedDelta(SpecificRecord value, long timestamp) {}

    /**
     * Adds a valued tick to every aggregate it feeds: each of its kinds to the kind's sum at once;
     * the tick as a whole (its kinds summed) to its data centre's run of ticks ({@link Fed}), which
     * is added to the six aggregates a data centre's ticks feed together (its telemetry window,
     * itself, its region, the run, the day, the period) when one of them or the tick's ratio cells
     * change, and before the sums are drained: one addition per run of ticks instead of six per
     * tick (the same sums, to floating-point rounding).
     */
    void add(ValuedTick tick, long recordTimestamp) {
        String run = tick.event().getRun();
        String scenario = tick.event().getScenario();
        Fed fed = fed(tick, run, scenario);
        long tickStart = tick.tickStartMs();
        long tickMillis = tick.event().getTickMillis();
        long tickEnd = tickStart + tickMillis;
        if (fed.periodIndex != tick.period().index() || fed.period == null) { // (null: none yet)
            fed.periodIndex = tick.period().index();
            fed.period = sum(new Slot(null, run, null, tick.period().index()), scenario);
        }
        Sum period = fed.period;
        // the simulated hour containing the tick's start, or the tick itself when it is longer
        long windowStart = tickMillis > GridClock.HOUR_MS
                ? tickStart
                : Math.floorDiv(tickStart, GridClock.HOUR_MS) * GridClock.HOUR_MS;
        if (fed.windowStart != windowStart || fed.window == null) {
            fed.windowStart = windowStart;
            fed.window = sum(new Slot(null, run, tick.event().getDatacentre(), windowStart, true), scenario);
        }
        Sum window = fed.window;
        long day = Math.floorDiv(recordTimestamp, GridClock.DAY_MS);
        if (fed.day != day || fed.daySum == null) {
            fed.day = day;
            fed.daySum = sum(new Slot(Dimension.DAY, run, null, day), scenario);
        }
        fed.follow(window, fed.daySum, period, tick.cells());
        double[] centrals = centrals(tick.impacts());
        for (int i = 0; i < tick.kinds().length; i++) {
            Sum kind = fed.kind(tick.kinds()[i]);
            long events = events(tick, i);
            int from = i * ImpactModel.FLAT;
            kind.add(tick.requests()[i], events, tick.impacts(), from, tickStart, tickEnd, recordTimestamp);
            kind.addCentrals(tick.cells()[i], centrals, i * WorldCells.BASE);
            fed.add(i, tick.requests()[i], events, tick.impacts(), from, centrals);
        }
        fed.stamp(tickStart, tickEnd, recordTimestamp);
        period.addCells(tick);
        period.periodStart = tick.period().startMs();
        period.periodEnd = tick.period().endMs();
        window.windowEnd = Math.max(
                window.windowEnd,
                tickMillis > GridClock.HOUR_MS ? tickStart + tickMillis : windowStart + GridClock.HOUR_MS);
        window.firstTick = Math.min(window.firstTick, tickStart);
        FleetTick fleet = tick.event().getFleet();
        if (tick.fleet() != null) {
            window.servedHours += tick.fleet().servedHours();
            window.capacityHours += tick.fleet().availableHours();
        }
        window.tickMillis = tickMillis;
        if (!Double.isNaN(tick.outdoorC())) {
            window.outdoorCMs += tick.outdoorC() * tickMillis;
            window.outdoorMs += tickMillis;
        }
        if (tickStart >= window.latestTick) {
            window.latestTick = tickStart;
            window.region = tick.region();
            window.carbonGPerKwh = tick.carbonGPerKwh();
            window.pue = tick.pue();
            window.wueLPerKwh = tick.wueLPerKwh();
            window.servers = fleet == null ? null : fleet.getServers();
            window.backlog = fleet == null ? null : Math.round(fleet.getBacklog());
        }
    }

    /**
     * The load events a kind of a tick counts for: one per kind with requests (a fleet's tick also
     * values the kinds it served from the backlog only, or all of them when idle: none for those).
     */
    private static long events(ValuedTick tick, int kind) {
        return tick.event().getFleet() == null || tick.requests()[kind] > 0 ? 1 : 0;
    }

    /** The six independent impacts of each kind, central, in the order of {@link WorldCells#BASE}: read once per record. */
    private static double[] centrals(double[] impacts) {
        int kinds = impacts.length / ImpactModel.FLAT;
        double[] centrals = new double[kinds * WorldCells.BASE];
        for (int i = 0; i < kinds; i++) {
            int at = i * WorldCells.BASE;
            for (int base = 0; base < WorldCells.BASE; base++) {
                centrals[at + base] =
                        impacts[i * ImpactModel.FLAT + ImpactModel.central(WorldCells.IMPACT_INDEX[base])];
            }
        }
        return centrals;
    }

    /**
     * The sums a data centre's ticks fed since the last commit, looked up once: the ticks of a
     * data centre feed the same aggregates tick after tick (its kinds, itself, its region, its run;
     * the day, period and hour change now and then), and ten lookups of a composite key per record
     * were a sixth of the stream thread. Forgotten with the sums.
     */
    private static final class Fed {
        final String run;
        final String scenario;
        final String region;
        final Sum datacentreSum;
        final Sum regionSum;
        final Sum overallSum;
        private final Map<String, Sum> kinds = new HashMap<>();
        private final DeltaBuffer buffer;
        int periodIndex = -1;
        Sum period;
        long windowStart;
        Sum window;
        long day;
        Sum daySum;

        /*
         * The run of ticks not yet added to the six aggregates they feed together: their kinds
         * summed (requests, load events, each quantity's low/central/high), each kind's central
         * impacts summed for its ratio cell, and their stamps; added by fold() to the window, day
         * and period they were summed for (foldWindow, foldDay, foldPeriod) and to the data
         * centre's, region's and run's sums.
         */
        private long requests;
        private long events;
        private final double[] impacts = new double[3 * QUANTITIES];
        private double[] centrals = new double[0];
        private WorldCells.Cell[] foldCells = new WorldCells.Cell[0];
        private Sum foldWindow;
        private Sum foldDay;
        private Sum foldPeriod;
        long first = Long.MAX_VALUE;
        long latestStart = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        long timestamp = Long.MIN_VALUE;

        Fed(DeltaBuffer buffer, String run, String scenario, String datacentre, String region) {
            this.buffer = buffer;
            this.run = run;
            this.scenario = scenario;
            this.region = region;
            datacentreSum = buffer.sum(new Slot(Dimension.DATACENTRE, run, datacentre, 0), scenario);
            regionSum = buffer.sum(new Slot(Dimension.REGION, run, region, 0), scenario);
            overallSum = buffer.sum(new Slot(Dimension.OVERALL, run, scenario, 0), scenario);
        }

        Sum kind(String kind) {
            Sum sum = kinds.get(kind);
            if (sum == null) {
                sum = buffer.sum(new Slot(Dimension.KIND, run, kind, 0), scenario);
                kinds.put(kind, sum);
            }
            return sum;
        }

        /** Before a tick is added: the run of ticks ends when the tick feeds another window, day or period, or other cells. */
        void follow(Sum window, Sum daySum, Sum period, WorldCells.Cell[] cells) {
            if (window != foldWindow || daySum != foldDay || period != foldPeriod || !sameCells(cells)) {
                fold();
                foldWindow = window;
                foldDay = daySum;
                foldPeriod = period;
                if (foldCells.length != cells.length) {
                    centrals = new double[cells.length * WorldCells.BASE];
                }
                foldCells = cells.clone();
            }
        }

        private boolean sameCells(WorldCells.Cell[] cells) {
            if (cells.length != foldCells.length) {
                return false;
            }
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] != foldCells[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Adds the {@code i}-th kind of a tick to the run of ticks. */
        void add(int i, long moreRequests, long moreEvents, double[] more, int from, double[] tickCentrals) {
            requests += moreRequests;
            events += moreEvents;
            addTo(impacts, more, from);
            int at = i * WorldCells.BASE;
            for (int base = 0; base < WorldCells.BASE; base++) {
                centrals[at + base] += tickCentrals[at + base];
            }
        }

        void stamp(long start, long end, long recordTimestamp) {
            first = Math.min(first, start);
            latestStart = Math.max(latestStart, start);
            last = Math.max(last, end);
            timestamp = Math.max(timestamp, recordTimestamp);
        }

        /** Adds the run of ticks to the six aggregates it feeds, and starts a new one. */
        void fold() {
            if (first == Long.MAX_VALUE) {
                return; // nothing since the last fold
            }
            for (Sum whole : new Sum[] {foldWindow, datacentreSum, regionSum, overallSum, foldDay, foldPeriod}) {
                whole.add(requests, events, impacts, this);
                for (int i = 0; i < foldCells.length; i++) {
                    whole.addCentrals(foldCells[i], centrals, i * WorldCells.BASE);
                }
            }
            requests = 0;
            events = 0;
            java.util.Arrays.fill(impacts, 0);
            java.util.Arrays.fill(centrals, 0);
            first = Long.MAX_VALUE;
            latestStart = Long.MIN_VALUE;
            last = Long.MIN_VALUE;
            timestamp = Long.MIN_VALUE;
        }
    }

    /** What each data centre fed since the last commit (its key: the data centre). */
    private final Map<String, Fed> fed = new HashMap<>();

    private Fed fed(ValuedTick tick, String run, String scenario) {
        String datacentre = tick.event().getDatacentre();
        Fed known = fed.get(datacentre);
        if (known != null
                && known.run.equals(run)
                && known.scenario.equals(scenario)
                && known.region.equals(tick.region())) {
            return known;
        }
        if (known != null) {
            known.fold();
        }
        Fed fresh = new Fed(this, run, scenario, datacentre, tick.region());
        fed.put(datacentre, fresh);
        return fresh;
    }

    private Sum sum(Slot slot, String scenario) {
        Sum sum = sums.get(slot);
        if (sum == null) {
            sum = new Sum(scenario, cells.count());
            sums.put(slot, sum);
        }
        return sum;
    }

    /** The sums as records, keyed for their aggregates, and forgets them. */
    List<KeyValue<String, TimestampedDelta>> drain() {
        for (Fed ticks : fed.values()) {
            ticks.fold();
        }
        List<KeyValue<String, TimestampedDelta>> deltas = new ArrayList<>(sums.size());
        for (Map.Entry<Slot, Sum> entry : sums.entrySet()) {
            Slot slot = entry.getKey();
            Sum sum = entry.getValue();
            if (slot.window()) {
                deltas.add(KeyValue.pair(
                        Keys.window(slot.run(), slot.member(), slot.bucket()),
                        new TimestampedDelta(telemetry(slot, sum, whole(slot, sum)), sum.timestamp)));
                continue;
            }
            if (slot.dimension() == null) {
                PeriodTotals period = PeriodTotals.newBuilder()
                        .setRun(slot.run())
                        .setScenario(sum.scenario)
                        .setPeriod((int) slot.bucket())
                        .setStart(Instant.ofEpochMilli(sum.periodStart))
                        .setEnd(Instant.ofEpochMilli(sum.periodEnd))
                        .setRequests(sum.requests)
                        .setLoadEvents(sum.loadEvents)
                        .setImpacts(sum.avroImpacts())
                        .setCounterfactualRequests(sum.counterfactualRequests)
                        .setCounterfactualFacilityEnergyKwh(sum.counterfactualKwh)
                        .setNoReboundFacilityEnergyKwh(sum.noReboundKwh)
                        .setCells(sum.periodCells())
                        .setWorlds(sum.worlds())
                        .build();
                deltas.add(KeyValue.pair(
                        Keys.period(slot.run(), (int) slot.bucket()), new TimestampedDelta(period, sum.timestamp)));
                continue;
            }
            String member = slot.dimension() == Dimension.DAY
                    ? LocalDate.ofEpochDay(slot.bucket()).toString()
                    : slot.member();
            String outputKey = slot.dimension() == Dimension.OVERALL ? slot.run() : Keys.member(slot.run(), member);
            Totals totals = new Totals(
                    slot.run(),
                    sum.scenario,
                    slot.dimension(),
                    member,
                    sum.requests,
                    sum.loadEvents,
                    sum.avroImpacts(),
                    Instant.ofEpochMilli(sum.first),
                    Instant.ofEpochMilli(sum.last),
                    sum.worlds());
            deltas.add(
                    KeyValue.pair(totalsKey(slot.dimension(), outputKey), new TimestampedDelta(totals, sum.timestamp)));
        }
        sums.clear();
        fed.clear();
        return deltas;
    }

    /**
     * Whether this delta is the whole of its telemetry window: its first tick here is the window's
     * first (the tick before it starts before the window, or it is the run's first: ticks follow
     * each other from the run's start), and a later tick of its data centre has come, so no other
     * delta will follow. Such a window's likely range is computed here, once, instead of carrying
     * its worlds' sums to the reduce (most windows: a commit spans many simulated hours). A window
     * whose first tick has no record (no request) counts as partial: the general path, exact too.
     * The later tick is looked for in this buffer only: a data centre's ticks come in order, so one
     * drained before would have come before the window.
     */
    private boolean whole(Slot slot, Sum sum) {
        Sum datacentre = sums.get(new Slot(Dimension.DATACENTRE, slot.run(), slot.member(), 0));
        return sum.firstTick - sum.tickMillis < slot.bucket()
                && datacentre != null
                && datacentre.latestStart >= sum.windowEnd;
    }

    /**
     * A telemetry window's delta: its sums, the powers they average to over the window, and the
     * grid carbon, PUE and WUE as ratios of its central sums (each the value in force weighted by
     * the energy it applies to), or the values in force at its latest tick when it has no energy.
     * A whole window ({@link #whole}) carries its likely ranges and no worlds' sums.
     */
    private Telemetry telemetry(Slot slot, Sum sum, boolean whole) {
        double[] worlds = whole ? sum.worldArray(worldScratch) : null;
        double it = sum.impacts[3 * IT + 1];
        double facility = sum.impacts[3 * FACILITY + 1];
        double operational = sum.impacts[3 * OPERATIONAL_CO2E + 1];
        double onsite = sum.impacts[3 * ONSITE_WATER + 1];
        double hours = (sum.windowEnd - slot.bucket()) / (double) GridClock.HOUR_MS;
        // The generated constructor, its arguments in the schema's field order: the builder
        // validated and looked up each field again, ~2 % of the stream thread for the 210,240
        // windows of a global-year run (docs/performance.md, "The output records written by
        // writers made once").
        return new Telemetry(
                slot.run(), // run
                sum.scenario, // scenario
                slot.member(), // datacentre
                sum.region, // region
                Instant.ofEpochMilli(slot.bucket()), // start
                Instant.ofEpochMilli(sum.windowEnd), // end
                sum.requests, // requests
                sum.loadEvents, // load_events
                sum.capacityHours > 0 ? sum.servedHours / sum.capacityHours : null, // utilisation
                sum.servers, // servers_in_service
                sum.backlog, // backlog
                sum.capacityHours > 0 ? sum.capacityHours : null, // capacity_server_hours
                it / hours, // it_power_kw
                facility / hours, // facility_power_kw
                quantity(sum, IT, worlds), // it_energy_kwh
                quantity(sum, FACILITY, worlds), // facility_energy_kwh
                quantity(sum, CO2E, worlds), // co2e_kg
                quantity(sum, WATER, worlds), // water_l
                facility > 0 ? operational * 1000 / facility : sum.carbonGPerKwh, // grid_carbon_g_per_kwh
                it > 0 ? facility / it : sum.pue, // pue
                it > 0 ? onsite / it : sum.wueLPerKwh, // wue_l_per_kwh
                sum.outdoorMs > 0 ? sum.outdoorCMs / sum.outdoorMs : null, // outdoor_c
                whole ? null : TelemetryMath.worlds(sum.worlds())); // worlds
    }

    /** The {@code q}-th quantity of a sum, with its likely range when its worlds' sums are given. */
    private static Quantity quantity(Sum sum, int q, double[] worlds) {
        Quantity quantity = sum.quantity(q);
        return worlds == null ? quantity : WorldSums.likely(quantity, worlds, q, 1);
    }

    /** The ratio cells of this task, for the data-centre states it values with. */
    WorldCells cells() {
        return cells;
    }

    int size() {
        return sums.size();
    }

    /** Forgets the sums (a dirty close: the transaction that would have carried them is aborted). */
    void clear() {
        sums.clear();
        fed.clear();
    }
}
