package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines start the in-process broker as the process starts (no broker is started here). */
class EarlyBrokerTest {

    private static final String SCENARIO = "../../scenarios/quickstart.yaml";

    @Test
    void aRunOrCompareOnTheDefaultBrokerStartsItEarly() {
        assertThat(EarlyBroker.wanted("run", SCENARIO)).isTrue();
        assertThat(EarlyBroker.wanted("run", SCENARIO, "--summary", "s.json", "--speed", "1h/s"))
                .isTrue();
        assertThat(EarlyBroker.wanted("compare", SCENARIO, SCENARIO)).isTrue();
    }

    @Test
    void aRunOnAnotherBrokerOrKeptInADirectoryDoesNot() {
        assertThat(EarlyBroker.wanted("run", SCENARIO, "--bootstrap", "localhost:9092"))
                .isFalse();
        assertThat(EarlyBroker.wanted("run", SCENARIO, "--bootstrap=localhost:9092"))
                .isFalse();
        assertThat(EarlyBroker.wanted("run", SCENARIO, "--data-dir", "kept")).isFalse();
        assertThat(EarlyBroker.wanted("run", SCENARIO, "--data-dir=kept")).isFalse();
    }

    @Test
    void helpAMissingFileOrAnotherCommandDoesNot() {
        assertThat(EarlyBroker.wanted("run", SCENARIO, "--help")).isFalse();
        assertThat(EarlyBroker.wanted("run", "-h")).isFalse();
        assertThat(EarlyBroker.wanted("run", "no-such-scenario.yaml")).isFalse();
        assertThat(EarlyBroker.wanted("run")).isFalse();
        assertThat(EarlyBroker.wanted("validate", SCENARIO)).isFalse();
        assertThat(EarlyBroker.wanted("set", "workload.requests_per_day=2e6")).isFalse();
        assertThat(EarlyBroker.wanted()).isFalse();
    }

    @Test
    void aCommandLineWithoutAnEarlyBrokerHasNoneToTake() throws InterruptedException {
        assertThat(EarlyBroker.take()).isNull();
    }
}
