package org.rebound.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How to start the in-process broker.
 *
 * @param port      client port; 0 picks a free one
 * @param dataDir   where the log lives; null means a temporary directory removed at close. An
 *                  existing, formatted directory is reused (its data survives restarts).
 * @param overrides extra broker settings, applied last
 */
public record BrokerOptions(int port, Path dataDir, Map<String, String> overrides) {

    public BrokerOptions {
        overrides = Map.copyOf(overrides);
    }

    public static BrokerOptions defaults() {
        return new BrokerOptions(0, null, Map.of());
    }

    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(newPort, dataDir, overrides);
    }

    public BrokerOptions withDataDir(Path newDataDir) {
        return new BrokerOptions(port, newDataDir, overrides);
    }

    public BrokerOptions withOverride(String key, String value) {
        Map<String, String> copy = new HashMap<>(overrides);
        copy.put(key, value);
        return new BrokerOptions(port, dataDir, copy);
    }
}
