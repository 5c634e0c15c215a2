package org.rebound.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written summary the report tests read: two daily periods (the second one BACKFIRE) and a training campaign. */
final class ReportFixtures {

    static final String MALICIOUS_TITLE = "<script>alert(1)</script> & \"Jevons\"";
    static final String NARRATIVE = """
            First paragraph, line one
            line two of the **same** paragraph.

            Second paragraph with <img src=x onerror=alert(1)> and `code`.
            - a point to discuss
            - another *point*
            """;

    private ReportFixtures() {
    }

    /** A fresh copy each time, so that a test may change it. */
    static ObjectNode twoPeriods() {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/report/summary-two-periods.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
