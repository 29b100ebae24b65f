package dev.metadataguard.ticket;

import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Block.Span;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes blocks as GitHub-flavoured Markdown. Every text is shown, never interpreted: control and
 * bidi characters are made visible ({@link Inert}), inline syntax is escaped, a word GitHub would turn
 * into a link or a reference by itself goes into a code span, and nothing at the start of a block can
 * open a list, a quote, a heading or an indented code block.
 */
final class MarkdownWriter {

    /** Inline syntax of CommonMark and GitHub: escapes, code, emphasis, links, images, HTML, entities, tables, math. */
    private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>#|~&!$]");
    /** What GitHub links without any syntax: URLs, www., e-mail addresses and @mentions, #references, commit ids. */
    private static final Pattern LINKED = Pattern.compile("(?i)://|www\\.|@|#|(?<![0-9a-z])[0-9a-f]{7,}(?![0-9a-z])");
    private static final Pattern WORD = Pattern.compile("\\S+");
    /** An ordered-list marker: 1-9 digits then '.' or ')'. */
    private static final Pattern ORDERED = Pattern.compile("^(\\d{1,9})([.)])");

    private MarkdownWriter() {
    }

    static String write(List<Block> blocks) {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (block instanceof Block.Heading h) {
                out.append("## ").append(heading(h.text())).append('\n');
            } else if (block instanceof Block.Paragraph p) {
                out.append(blockStart(spans(p.spans()))).append('\n');
            } else if (block instanceof Block.Bullets b) {
                b.items().forEach(item -> out.append("- ").append(blockStart(spans(item))).append('\n'));
            } else if (block instanceof Block.Code c) {
                String code = Inert.visibleLines(c.text());
                out.append(fence(code)).append("sh\n").append(code).append('\n').append(fence(code)).append('\n');
            } else if (block instanceof Block.Marker m) {
                out.append("<!-- ").append(comment(m.text())).append(" -->\n");
            }
        }
        return out.toString();
    }

    /** A heading's text, for the ticket's title line. */
    static String heading(String text) {
        return blockStart(plain(text));
    }

    private static String spans(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        for (Span span : spans) {
            switch (span.style()) {
                case PLAIN -> out.append(plain(span.text()));
                case STRONG -> out.append("**").append(plain(span.text())).append("**");
                case CODE -> out.append(codeSpan(span.text()));
            }
        }
        return out.toString();
    }

    /** Text shown as it is: each word escaped, or put in a code span when GitHub would link it. */
    private static String plain(String text) {
        String shown = Inert.visible(text);
        return WORD.matcher(shown).replaceAll(word -> Matcher.quoteReplacement(
                LINKED.matcher(word.group()).find() ? codeSpan(word.group()) : escape(word.group())));
    }

    private static String escape(String text) {
        return SPECIAL.matcher(text).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
    }

    /**
     * What a block's text may not begin with: spaces (an indented code block), '-', '+' or '=' (a list, a
     * rule, a heading underline) or an ordered-list number. The rest is already escaped.
     */
    private static String blockStart(String text) {
        if (text.startsWith(" ")) {
            return "&#32;" + text.substring(1);
        }
        if (text.startsWith("-") || text.startsWith("+") || text.startsWith("=")) {
            return "\\" + text;
        }
        Matcher ordered = ORDERED.matcher(text);
        return ordered.find() ? ordered.group(1) + "\\" + text.substring(ordered.end(1)) : text;
    }

    /** A code span whose delimiter is longer than any run of backticks inside it. */
    private static String codeSpan(String text) {
        String shown = Inert.visible(text);
        if (shown.isEmpty()) {
            return "` `";
        }
        String ticks = "`".repeat(longestRun(shown, '`') + 1);
        // CommonMark strips one space from each end when both have one, and a backtick there would join the delimiter.
        boolean pad = shown.startsWith("`") || shown.endsWith("`")
                || shown.startsWith(" ") && shown.endsWith(" ") && !shown.isBlank();
        String padding = pad ? " " : "";
        return ticks + padding + shown + padding + ticks;
    }

    /** A hidden comment holds only a machine tag: no character that could end it early. */
    private static String comment(String text) {
        return text.replaceAll("[^A-Za-z0-9:._-]", "_").replace("--", "-_");
    }

    private static String fence(String text) {
        return "`".repeat(Math.max(3, longestRun(text, '`') + 1));
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
