package dev.metadataguard.replay;

import dev.metadataguard.text.Inert;

/**
 * Text as the report's HTML (and its inline SVG) takes it: every unsafe character shown as its code
 * ({@link Inert}), then nothing left that can open a tag or an entity or leave an attribute's quotes.
 * Names, labels and reasons are whoever made the resource's, so every value goes through here.
 */
final class Html {

    private Html() {
    }

    /** Text or an attribute value. */
    static String text(String text) {
        return markup(Inert.visible(text));
    }

    /** A text whose line feeds are its structure (commands, one a line); any other break is shown, not followed. */
    static String lines(String text) {
        return markup(Inert.visibleLines(text));
    }

    private static String markup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
