package org.rebound.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from scenario files (titles, names, notes) is untrusted: everything goes through
 * {@link #escape} before it reaches the page, so {@code <script>} in a title shows as text.
 * The output is also well-formed XML (polyglot HTML5), which the tests check with the JDK's parser.
 */
final class Markup {

    private static final Pattern BOLD = Pattern.compile("\\*\\*(\\S(?:.*?\\S)?)\\*\\*");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*(\\S(?:[^*]*?\\S)?)\\*(?![*\\w])");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*•]\\s+(.*)$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

    private Markup() {}

    /** Escapes text for an element or a quoted attribute; replaces characters XML forbids. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
                    boolean forbidden = control || c == 0xFFFE || c == 0xFFFF || unpairedSurrogate(text, i);
                    out.append(forbidden ? '\uFFFD' : c);
                }
            }
        }
        return out.toString();
    }

    /**
     * The facilitator's notes, Markdown-ish: blank lines separate paragraphs, a line break stays a
     * line break, lines starting with "- " make a list, "# " a small heading, and **bold**,
     * *italic* and `code` inline. Everything else is text, escaped; links are not made clickable
     * (the report must open offline and carry no external reference).
     */
    static String narrative(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        for (String block :
                text.replace("\r\n", "\n").replace('\r', '\n').strip().split("\n\\s*\n")) {
            List<String> lines = new ArrayList<>();
            for (String line : block.split("\n")) {
                lines.add(line.stripTrailing());
            }
            renderBlock(lines, html);
        }
        return html.toString();
    }

    private static void renderBlock(List<String> lines, StringBuilder html) {
        List<String> paragraph = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            Matcher bullet = BULLET.matcher(line);
            Matcher heading = HEADING.matcher(line);
            if (bullet.matches()) {
                flushParagraph(paragraph, html);
                items.add(bullet.group(1));
            } else if (heading.matches()) {
                flushParagraph(paragraph, html);
                flushList(items, html);
                html.append("<h3>").append(inline(heading.group(1))).append("</h3>\n");
            } else if (!items.isEmpty() && line.startsWith("  ") && !line.isBlank()) {
                // an indented continuation of the last list item
                items.set(items.size() - 1, items.get(items.size() - 1) + " " + line.strip());
            } else {
                flushList(items, html);
                paragraph.add(line.strip());
            }
        }
        flushParagraph(paragraph, html);
        flushList(items, html);
    }

    private static void flushParagraph(List<String> lines, StringBuilder html) {
        if (lines.isEmpty()) {
            return;
        }
        html.append("<p>");
        for (int i = 0; i < lines.size(); i++) {
            html.append(i == 0 ? "" : "<br/>\n").append(inline(lines.get(i)));
        }
        html.append("</p>\n");
        lines.clear();
    }

    private static void flushList(List<String> items, StringBuilder html) {
        if (items.isEmpty()) {
            return;
        }
        html.append("<ul>\n");
        for (String item : items) {
            html.append("<li>").append(inline(item)).append("</li>\n");
        }
        html.append("</ul>\n");
        items.clear();
    }

    /** Escapes first, then adds only fixed tags around already escaped text: nothing from the input becomes markup. */
    private static String inline(String text) {
        String escaped = escape(text);
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(escaped);
        StringBuilder withoutCode = new StringBuilder();
        while (code.find()) {
            codes.add(code.group(1));
            code.appendReplacement(withoutCode, Matcher.quoteReplacement("\u0000" + (codes.size() - 1) + "\u0000"));
        }
        code.appendTail(withoutCode);
        String out = BOLD.matcher(withoutCode).replaceAll("<strong>$1</strong>");
        out = ITALIC.matcher(out).replaceAll("<em>$1</em>");
        for (int i = 0; i < codes.size(); i++) {
            out = out.replace("\u0000" + i + "\u0000", "<code>" + codes.get(i) + "</code>");
        }
        return out;
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
