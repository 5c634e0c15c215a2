package org.rebound.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("run ids: opaque strings of a checked form")
class RunIdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ops-test",
                "quickstart@20261129T034859.509Z",
                "live3",
                "a",
                "class_1:group.2@x-y",
                "x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789"
            })
    @DisplayName("an id with or without '@', up to 100 characters, is a run id")
    void accepted(String run) {
        assertThat(RunIds.problem(run)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ops test",
                "a/b",
                "é",
                "run\n",
                "x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789x1234567890"
            })
    @DisplayName("an empty id, a '/', a space, a non-ASCII letter or 101 characters is refused with the form expected")
    void refused(String run) {
        assertThat(RunIds.problem(run))
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith("expected a run id of 1 to 100 characters")
                        .contains("'" + run + "'"));
    }
}
