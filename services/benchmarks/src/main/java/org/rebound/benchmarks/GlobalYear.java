package org.rebound.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rebound.domain.demand.ArrivalProcess;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;

/**
 * The scenario the benchmarks run on: scenarios/global-year.yaml (24 data centres, 4 kinds,
 * 5-minute ticks, Poisson arrivals), copied into the jar at build time so that benchmarks.jar
 * runs from any directory. The system property {@code rebound.scenario} points at another file.
 */
public final class GlobalYear {

    public static final String RESOURCE = "/scenarios/global-year.yaml";
    /** Data centres × kinds of global-year: the operations of one generator tick. */
    public static final int CELLS = 24 * 4;

    private GlobalYear() {}

    public static Scenario load() {
        String file = System.getProperty("rebound.scenario");
        try {
            if (file != null) {
                return ScenarioLoader.load(Path.of(file));
            }
            try (InputStream in = GlobalYear.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(
                            RESOURCE + " is not on the classpath (build the module with ./mvnw)");
                }
                return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "global-year.yaml");
            }
        } catch (ScenarioException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cells of a scenario in the generator's order (data centre major, kinds in file order),
     * with the stable keys the generator seeds its Poisson draws with.
     */
    public record Cells(DataCentre[] datacentres, Kind[] kinds, long[] keys) {

        public static Cells of(Scenario scenario) {
            List<DataCentre> dcs = scenario.datacentres();
            List<Kind> kinds = new ArrayList<>(scenario.kinds().values());
            long[] keys = new long[dcs.size() * kinds.size()];
            for (int d = 0; d < dcs.size(); d++) {
                for (int k = 0; k < kinds.size(); k++) {
                    keys[d * kinds.size() + k] =
                            ArrivalProcess.cellKey(dcs.get(d).id(), kinds.get(k).name());
                }
            }
            return new Cells(dcs.toArray(DataCentre[]::new), kinds.toArray(Kind[]::new), keys);
        }

        public int size() {
            return keys.length;
        }
    }
}
