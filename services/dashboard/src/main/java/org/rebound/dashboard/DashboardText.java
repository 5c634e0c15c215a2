package org.rebound.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;

/**
 * The page's text in one language: {@code GET /messages.json?lang=fr} gives
 * {@code {"lang": "fr", "messages": {key: sentence}}} from the bundle
 * {@code org/rebound/dashboard/messages*.properties}. Without {@code lang} (or with one we do not
 * speak) the browser's {@code Accept-Language} chooses; English when it names neither language.
 */
final class DashboardText {

    static final String BUNDLE = "org.rebound.dashboard.messages";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardText() {}

    /** The language asked for by {@code ?lang=}, else the one the browser prefers. */
    static Lang choose(String langParameter, String acceptLanguage) {
        return Lang.parse(langParameter).orElseGet(() -> Lang.fromAcceptLanguage(acceptLanguage));
    }

    static ObjectNode messages(Lang lang) {
        ObjectNode root = JSON.createObjectNode().put("lang", lang.code());
        ObjectNode messages = root.putObject("messages");
        Messages.of(BUNDLE, lang, DashboardText.class).all().forEach(messages::put);
        return root;
    }

    static void serve(Context ctx) {
        Lang lang = choose(ctx.queryParam("lang"), ctx.header("Accept-Language"));
        // the answer depends on the header: a cache must not give one browser's language to another
        ctx.header("Vary", "Accept-Language");
        ctx.contentType("application/json; charset=utf-8").result(messages(lang).toString());
    }
}
