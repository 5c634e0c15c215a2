package org.rebound.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.rebound.domain.text.HumanNumbers;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import org.rebound.report.results.Quantity;

/**
 * The report's words, numbers and dates in one language: the sentences of
 * {@code org/rebound/report/messages*.properties} and {@link HumanNumbers} for the language.
 * English dates stay ISO (2025-01-01, 2025-01-01 13:13 UTC), as the report always wrote them;
 * French ones are French (1 janv. 2025, 1 janv. 2025, 13 h 13 UTC).
 */
final class ReportText {

    static final String BUNDLE = "org.rebound.report.messages";

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_FR =
            DateTimeFormatter.ofPattern("H' h 'mm").withZone(ZoneOffset.UTC);

    private static final ReportText ENGLISH = new ReportText(Lang.EN);
    private static final ReportText FRENCH = new ReportText(Lang.FR);

    final Lang lang;
    final Messages messages;
    final HumanNumbers numbers;

    private ReportText(Lang lang) {
        this.lang = lang;
        this.messages = Messages.of(BUNDLE, lang, ReportText.class);
        this.numbers = HumanNumbers.of(lang);
    }

    static ReportText of(Lang lang) {
        return lang == Lang.FR ? FRENCH : ENGLISH;
    }

    /** The sentence {@code key}, its placeholders filled (names and values in pairs). */
    String t(String key, Object... namesAndValues) {
        return messages.text(key, namesAndValues);
    }

    /** The sentence {@code key} if the bundle has it, else {@code fallback}. */
    String tOr(String key, String fallback) {
        return messages.has(key) ? messages.text(key) : fallback;
    }

    String sig3(double value) {
        return numbers.sig3(value);
    }

    String count(long value) {
        return numbers.count(value);
    }

    String percent(double fraction) {
        return numbers.percent(fraction);
    }

    String range(double low, double high) {
        return numbers.range(low, high);
    }

    /** A number and its unit, with the language's space: "1.67 Wh", « 1,67 Wh ». */
    String withUnit(String number, String unit) {
        return numbers.withUnit(number, unit);
    }

    /** A ratio: "1.14×", « 1,14 × ». */
    String ratio(double value) {
        return t("ratio", "ratio", sig3(value));
    }

    /** Seconds for a run's wall time: "13.8 s". */
    String seconds(double value) {
        return withUnit(sig3(value), "s");
    }

    /** "likely p5 – p95; bounds low – high", or "low – high" for a figure without a likely range. */
    String between(Quantity q) {
        String bounds = range(q.low(), q.high());
        if (q.p5() == null || q.p95() == null) {
            return bounds;
        }
        return t("between.likely", "likely", range(q.p5(), q.p95()), "bounds", bounds);
    }

    /** A day for a midnight (2025-01-01, « 1 janv. 2025 »), a day and a time otherwise; the text itself if not an instant. */
    String date(String instant) {
        try {
            Instant at = Instant.parse(instant);
            boolean midnight = at.getEpochSecond() % 86_400 == 0;
            if (lang == Lang.EN) {
                return midnight ? DAY.format(at) : MINUTE.format(at);
            }
            return midnight ? numbers.date(at) : numbers.dateTime(at);
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** A time of day, UTC, for an axis: "06:00", « 6 h 00 ». */
    String timeOfDay(Instant at) {
        return (lang == Lang.EN ? TIME : TIME_FR).format(at);
    }

    /** A day and a time, UTC: "2025-01-02 13:13 UTC", « 2 janv. 2025, 13 h 13 UTC ». */
    String dateTime(String instant) {
        try {
            Instant at = Instant.parse(instant);
            return (lang == Lang.EN ? MINUTE.format(at) : numbers.dateTime(at)) + " UTC";
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** The simulated span: "2025-01-01 00:00 → 2025-01-03 00:00 UTC (2 days)". */
    String span(String start, String end) {
        try {
            Instant from = Instant.parse(start);
            Instant to = Instant.parse(end);
            Duration length = Duration.between(from, to);
            String duration = length.toSeconds() % 86_400 == 0
                    ? t(length.toDays() == 1 ? "span.day" : "span.days", "days", count(length.toDays()))
                    : t("span.hours", "hours", sig3(length.toSeconds() / 3600.0));
            String fromText = lang == Lang.EN ? MINUTE.format(from) : numbers.dateTime(from);
            String toText = lang == Lang.EN ? MINUTE.format(to) : numbers.dateTime(to);
            return t("span", "from", fromText, "to", toText, "duration", duration);
        } catch (DateTimeParseException e) {
            return start + " → " + end;
        }
    }

    /** A kind of request by its id: the language's word for a preset kind (« texte », « vidéo »), else the id. */
    String kind(String id) {
        return tOr("kind." + id, id);
    }
}
