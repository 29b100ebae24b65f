package dev.metadataguard.ticket;

import dev.metadataguard.ticket.Block.Span;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes blocks as GitHub-flavoured Markdown; text from the outside is escaped, never interpreted. */
final class MarkdownWriter {

    private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>#|~]");

    private MarkdownWriter() {
    }

    static String write(List<Block> blocks) {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (block instanceof Block.Heading h) {
                out.append("## ").append(escape(h.text())).append('\n');
            } else if (block instanceof Block.Paragraph p) {
                out.append(spans(p.spans())).append('\n');
            } else if (block instanceof Block.Bullets b) {
                b.items().forEach(item -> out.append("- ").append(spans(item)).append('\n'));
            } else if (block instanceof Block.Code c) {
                out.append(fence(c.text())).append("sh\n").append(c.text()).append('\n')
                        .append(fence(c.text())).append('\n');
            } else if (block instanceof Block.Marker m) {
                out.append("<!-- ").append(m.text().replace("--", "- -")).append(" -->\n");
            }
        }
        return out.toString();
    }

    private static String spans(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        for (Span span : spans) {
            switch (span.style()) {
                case PLAIN -> out.append(escape(span.text()));
                case STRONG -> out.append("**").append(escape(span.text())).append("**");
                case CODE -> out.append(codeSpan(span.text()));
            }
        }
        return out.toString();
    }

    static String escape(String text) {
        return SPECIAL.matcher(text.replace('\n', ' ')).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
    }

    /** A code span whose delimiter is longer than any run of backticks inside it. */
    private static String codeSpan(String text) {
        String ticks = "`".repeat(longestRun(text, '`') + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return ticks + pad + text.replace('\n', ' ') + pad + ticks;
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
