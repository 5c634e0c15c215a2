package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("text from scenario files on the page")
class MarkupTest {

    @Test
    @DisplayName("every markup character is escaped and characters XML forbids are replaced")
    void escapes() {
        assertThat(Markup.escape("<script>alert('x') & \"y\"</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
        assertThat(Markup.escape("a\u0000b\u0007c")).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(Markup.escape(null)).isEmpty();
    }

    @Test
    @DisplayName("blank lines make paragraphs, line breaks stay, dashes make a list")
    void paragraphsAndLists() {
        String html = Markup.narrative("one\ntwo\n\nthree\n- a\n- b\n");
        assertThat(html).isEqualTo("<p>one<br/>\ntwo</p>\n<p>three</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    }

    @Test
    @DisplayName("bold, italic and code are the only markup added, around escaped text")
    void inline() {
        assertThat(Markup.narrative("**<b>x</b>** and *y* and `<i>` and 2 * 3 * 4"))
                .isEqualTo(
                        "<p><strong>&lt;b&gt;x&lt;/b&gt;</strong> and <em>y</em> and <code>&lt;i&gt;</code> and 2 * 3 * 4</p>\n");
    }

    @Test
    @DisplayName("no notes, no markup")
    void empty() {
        assertThat(Markup.narrative(null)).isEmpty();
        assertThat(Markup.narrative("  \n ")).isEmpty();
    }

    @Test
    @DisplayName(
            "notes are CommonMark: a heading sits under the notes' h2, links and images stay text, raw HTML is shown")
    void commonMark() {
        assertThat(Markup.narrative(
                        "# Before the session\n\nSee [the seed](https://example.org/seed) ![a chart](x.png)"))
                .isEqualTo("<h3>Before the session</h3>\n<p>See the seed (https://example.org/seed) a chart</p>\n");
        assertThat(Markup.narrative("<script>alert(1)</script>\n\n<b>bold?</b>"))
                .isEqualTo("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n");
        assertThat(Markup.narrative("a\u0007b")).isEqualTo("<p>a\uFFFDb</p>\n");
    }
}
