package org.rebound.report;

import java.util.Set;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Text from scenario files (titles, names, notes) is untrusted: everything goes through
 * {@link #escape} before it reaches the page, so {@code <script>} in a title shows as text.
 * The output is also well-formed XML (polyglot HTML5), which the tests check with the JDK's parser.
 */
final class Markup {

    private Markup() {}

    /** Escapes text for an element or a quoted attribute; replaces characters XML forbids. */
    static String escape(String text) {
        return escape(text, true);
    }

    /**
     * Escapes the report's own sentences (from its bundles): as {@link #escape}, but an apostrophe
     * stays one (every attribute of the templates is double-quoted), so « l'énergie » reads as
     * written in the page's source.
     */
    static String escapeSentence(String text) {
        return escape(text, true).replace("&#39;", "'");
    }

    /** With {@code markup} false, only replaces the characters XML forbids (for text a parser reads next). */
    private static String escape(String text, boolean markup) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String entity = !markup
                    ? null
                    : switch (c) {
                        case '&' -> "&amp;";
                        case '<' -> "&lt;";
                        case '>' -> "&gt;";
                        case '"' -> "&quot;";
                        case '\'' -> "&#39;";
                        default -> null;
                    };
            if (entity != null) {
                out.append(entity);
                continue;
            }
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            boolean forbidden = control || c == 0xFFFE || c == 0xFFFF || unpairedSurrogate(text, i);
            out.append(forbidden ? '\uFFFD' : c);
        }
        return out.toString();
    }

    /** The facilitator's notes as CommonMark, raw HTML escaped (shown as text), links and images made text. */
    private static final Parser MARKDOWN = Parser.builder().build();

    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .softbreak("<br/>\n")
            .nodeRendererFactory(OfflineNodes::new)
            .build();

    /**
     * The facilitator's notes, Markdown (CommonMark): blank lines separate paragraphs, a line break
     * stays a line break, "- " makes a list, "# " a small heading (h3: the notes sit under an h2),
     * **bold**, *italic* and `code` inline. Raw HTML is escaped and shown as text; links and images
     * are not made clickable or loaded (the report must open offline and carry no external
     * reference): a link shows its text and its address, an image its description.
     */
    static String narrative(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        return HTML.render(MARKDOWN.parse(escape(text, false)));
    }

    /** Headings two levels down, links and images as text. */
    private static final class OfflineNodes implements NodeRenderer {

        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        OfflineNodes(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Heading.class, Link.class, Image.class);
        }

        @Override
        public void render(Node node) {
            if (node instanceof Heading heading) {
                String tag = "h" + Math.min(6, heading.getLevel() + 2);
                html.line();
                html.tag(tag);
                children(node);
                html.tag("/" + tag);
                html.line();
            } else if (node instanceof Link link) {
                children(node);
                String destination = link.getDestination();
                if (destination != null && !destination.isBlank()) {
                    html.text(" (" + destination + ")");
                }
            } else {
                children(node); // an image: its description, as text
            }
        }

        private void children(Node parent) {
            for (Node child = parent.getFirstChild(); child != null; ) {
                Node next = child.getNext();
                context.render(child);
                child = next;
            }
        }
    }

    private static boolean unpairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
