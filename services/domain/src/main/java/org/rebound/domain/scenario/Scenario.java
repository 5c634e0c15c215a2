package org.rebound.domain.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario file (format v1, ../docs/scenarios.md). Every instance is valid: the
 * loader checks every rule before building one. Maps keep the file's order.
 */
public record Scenario(
        Path source,
        String name,
        String title,
        String narrative,
        long seed,
        Clock clock,
        Map<String, Region> regions,
        List<DataCentre> datacentres,
        Map<String, Kind> kinds,
        Workload workload) {

    public Region regionOf(DataCentre dc) {
        return regions.get(dc.region());
    }
}
