package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("broker options")
class BrokerOptionsTest {

    @Test
    @DisplayName("default to a free port, a temporary directory and no overrides")
    void defaults() {
        assertThat(BrokerOptions.defaults()).isEqualTo(new BrokerOptions(0, null, Map.of()));
    }

    @Test
    @DisplayName("are copied, not changed, by the with-methods")
    void withMethods() {
        BrokerOptions base = BrokerOptions.defaults();
        BrokerOptions changed = base.withPort(9092)
                .withDataDir(Path.of("/tmp/k"))
                .withOverride("a", "1")
                .withOverrides(Map.of("b", "2", "a", "3"));
        assertThat(changed).isEqualTo(new BrokerOptions(9092, Path.of("/tmp/k"), Map.of("a", "3", "b", "2")));
        assertThat(base).isEqualTo(BrokerOptions.defaults());
        assertThat(changed.withDataDir(null).dataDir()).isNull();
    }

    @Test
    @DisplayName("keep their own copy of the overrides and treat null as none")
    void overridesCopied() {
        Map<String, String> mutable = new HashMap<>(Map.of("a", "1"));
        BrokerOptions options = new BrokerOptions(0, null, mutable);
        mutable.put("b", "2");
        assertThat(options.overrides()).containsOnlyKeys("a");
        assertThat(new BrokerOptions(0, null, null).overrides()).isEmpty();
    }

    @Test
    @DisplayName("reject a port outside 0-65535")
    void portRange() {
        assertThatThrownBy(() -> BrokerOptions.defaults().withPort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrokerOptions.defaults().withPort(65_536))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
