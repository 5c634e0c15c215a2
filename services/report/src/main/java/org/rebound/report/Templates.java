package org.rebound.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.rebound.domain.text.Messages;

/**
 * The report's markup: Mustache templates under {@code org/rebound/report/templates/} (compiled
 * once), the CSS beside them. Every {@code {{value}}} goes through {@link Markup#escape} (so text
 * from scenario files shows as text and the page stays well-formed XML); {@code {{{value}}}} is
 * only used for markup the report itself made (the SVG charts, the notes rendered by CommonMark).
 * A template says a fixed sentence as {@code {{#t}}key{{/t}}}: the key's text in the page's
 * language, escaped, unless the key ends in {@code .html} (sentences that carry their own tags).
 */
final class Templates {

    private static final String ROOT = "org/rebound/report/templates";

    /** From the report's own class loader (mustache.java's default asks the thread's context class loader). */
    private static final DefaultMustacheFactory FACTORY = new DefaultMustacheFactory(Templates::reader) {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(Markup.escape(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final Mustache REPORT = FACTORY.compile("report.mustache");
    private static final Mustache ROOM = FACTORY.compile("room.mustache");
    private static final String CSS = resource("report.css");

    private Templates() {}

    /** The page from its view (maps, lists, strings, booleans; see the template for the names). */
    static String render(Map<String, Object> page) {
        StringWriter out = new StringWriter(64 * 1024);
        REPORT.execute(out, page);
        return out.toString();
    }

    /** A workshop's closing page (room.mustache) from its view. */
    static String renderRoom(Map<String, Object> page) {
        StringWriter out = new StringWriter(8 * 1024);
        ROOM.execute(out, page);
        return out.toString();
    }

    /** The report's style sheet, inlined in the page. */
    static String css() {
        return CSS;
    }

    /** {@code {{#t}}key{{/t}}}: the sentence, escaped unless its key ends in ".html". */
    static Function<String, String> messages(Messages messages) {
        return body -> {
            String key = body.strip();
            String sentence = messages.text(key);
            return key.endsWith(".html") ? sentence : Markup.escapeSentence(sentence);
        };
    }

    /** A template by its name relative to the templates' folder ("report.mustache", "header.mustache"), or null. */
    private static Reader reader(String name) {
        InputStream in = Templates.class.getClassLoader().getResourceAsStream(ROOT + "/" + name);
        return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(ROOT + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + ROOT + "/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
