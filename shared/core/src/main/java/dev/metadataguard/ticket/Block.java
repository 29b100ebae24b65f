package dev.metadataguard.ticket;

import java.util.List;

/**
 * A piece of ticket text, kept free of any markup so the same content can be written as Markdown
 * (GitHub, files) and as Atlassian Document Format (Jira).
 */
public sealed interface Block {

    record Heading(String text) implements Block {
    }

    record Paragraph(List<Span> spans) implements Block {
        public Paragraph {
            spans = List.copyOf(spans);
        }
    }

    record Bullets(List<List<Span>> items) implements Block {
        public Bullets {
            items = items.stream().map(List::copyOf).toList();
        }
    }

    /** Shell commands, one a line. */
    record Code(String text) implements Block {
    }

    /** A machine-read tag (fingerprint, outcome key): hidden where the format allows. */
    record Marker(String text) implements Block {
    }

    /** A run of text with one style. */
    record Span(String text, Style style) {

        public enum Style { PLAIN, STRONG, CODE }

        public static Span plain(String text) {
            return new Span(text, Style.PLAIN);
        }

        public static Span strong(String text) {
            return new Span(text, Style.STRONG);
        }

        public static Span code(String text) {
            return new Span(text, Style.CODE);
        }
    }
}
