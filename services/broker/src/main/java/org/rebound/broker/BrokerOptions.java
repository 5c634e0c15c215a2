package org.rebound.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to start the in-process broker.
 *
 * @param port      client port (PLAINTEXT on 127.0.0.1); 0 picks a free one (the only choice for
 *                  an {@link EmbeddedKafkaCluster})
 * @param dataDir   the broker's log directory; null means a temporary directory that is removed
 *                  at close. A directory that already holds a formatted log ({@code meta.properties})
 *                  is reused as it is, data and cluster id included; a new or empty one is
 *                  formatted; a non-empty one without {@code meta.properties} is refused.
 *                  ({@link EmbeddedKafkaCluster} takes a new or empty one only.)
 * @param overrides extra broker settings ({@code server.properties} keys), applied last, so they
 *                  win over the defaults of {@link EmbeddedKafkaBroker}; not meant for the node,
 *                  listener, quorum or log-directory settings, which the broker derives itself
 */
public record BrokerOptions(int port, Path dataDir, Map<String, String> overrides) {

    public BrokerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: expected 0 (any free port) or 1-65535, found " + port);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** A free port, a temporary data directory, no overrides. */
    public static BrokerOptions defaults() {
        return new BrokerOptions(0, null, Map.of());
    }

    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(newPort, dataDir, overrides);
    }

    /** Keeps the data in {@code newDataDir} (reused if it holds a log); null means a temporary directory. */
    public BrokerOptions withDataDir(Path newDataDir) {
        return new BrokerOptions(port, newDataDir, overrides);
    }

    /** Adds (or replaces) one broker setting. */
    public BrokerOptions withOverride(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(overrides);
        copy.put(key, value);
        return new BrokerOptions(port, dataDir, copy);
    }

    /** Adds (or replaces) broker settings. */
    public BrokerOptions withOverrides(Map<String, String> more) {
        Map<String, String> copy = new LinkedHashMap<>(overrides);
        copy.putAll(more);
        return new BrokerOptions(port, dataDir, copy);
    }
}
