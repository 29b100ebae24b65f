package dev.metadataguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * Reads rendered output back the way its readers do, to check that nothing in it is an element the
 * template did not write: Markdown with a real CommonMark parser and GitHub's extensions (autolinks,
 * strikethrough, tables), ADF as the JSON tree Jira reads.
 */
public final class RenderedText {

    private static final Parser GITHUB = Parser.builder().extensions(List.of(AutolinkExtension.create(),
            StrikethroughExtension.create(), TablesExtension.create())).build();

    /** Elements no ticket template writes: finding one means a value was read as markup. */
    private static final Set<String> NEVER_WRITTEN = Set.of("Link", "Image", "HtmlInline", "Emphasis",
            "BlockQuote", "ThematicBreak", "IndentedCodeBlock", "OrderedList", "LinkReferenceDefinition",
            "Strikethrough", "TableBlock", "HardLineBreak", "SoftLineBreak");
    private static final Set<String> ADF_NODES = Set.of("doc", "paragraph", "heading", "bulletList", "listItem",
            "codeBlock", "text");
    private static final Set<String> ADF_MARKS = Set.of("strong", "code");

    private RenderedText() {
    }

    public static Node parseMarkdown(String markdown) {
        return GITHUB.parse(markdown);
    }

    /**
     * The Markdown's elements in document order, with heading levels and code-block info strings, leaving
     * out what only carries text (text and code spans), so a ticket with hostile values and the same
     * ticket with plain ones have the same shape when the values stayed text.
     */
    public static List<String> markdownShape(String markdown) {
        List<String> shape = new ArrayList<>();
        walk(parseMarkdown(markdown), shape, 0);
        return shape;
    }

    /** Fails when the Markdown holds an element no template writes, or an unsafe character. */
    public static void assertInertMarkdown(String markdown) {
        for (String element : markdownShape(markdown)) {
            String type = element.replaceAll("^ *|[\\[(].*$", "");
            if (NEVER_WRITTEN.contains(type)) {
                fail("the Markdown holds a " + type + " no template writes:\n" + markdown);
            }
        }
        assertNoUnsafeCharacters(markdown.replace("\n", ""), "Markdown");
        checkHtmlBlocks(parseMarkdown(markdown), markdown);
    }

    /** The only HTML a template writes is the hidden comment that tags a ticket or an outcome. */
    private static void checkHtmlBlocks(Node node, String markdown) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof HtmlBlock html && !html.getLiteral().strip().matches("<!-- [A-Za-z0-9:._-]+ -->")) {
                fail("the Markdown holds HTML no template writes: " + html.getLiteral() + "\n" + markdown);
            }
            checkHtmlBlocks(child, markdown);
        }
    }

    /** Every text and code literal of the Markdown, in order: what a reader sees. */
    public static String markdownLiterals(String markdown) {
        StringBuilder out = new StringBuilder();
        collectLiterals(parseMarkdown(markdown), out);
        return out.toString();
    }

    /** The ADF document's node types and marks in order, text left out. */
    public static List<String> adfShape(JsonNode doc) {
        List<String> shape = new ArrayList<>();
        walk(doc, shape, 0);
        return shape;
    }

    /** Fails when the ADF holds a node or mark no template writes, or an unsafe character in a text. */
    public static void assertInertAdf(JsonNode doc) {
        assertEquals("doc", doc.path("type").asText());
        checkAdf(doc, false);
    }

    /** Fails on a control character (line feed aside), format (bidi, zero-width) character or lone surrogate. */
    public static void assertNoUnsafeCharacters(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || lone) {
                fail(where + " holds U+" + String.format("%04X", (int) c) + " at " + i + ": "
                        + text.substring(Math.max(0, i - 40), Math.min(text.length(), i + 40)));
            }
            if (Character.isHighSurrogate(c) && !lone) {
                i++;
            }
        }
    }

    private static void walk(Node node, List<String> shape, int depth) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text || child instanceof Code) {
                continue;
            }
            String type = child.getClass().getSimpleName();
            if (child instanceof Heading h) {
                type += "(" + h.getLevel() + ")";
            } else if (child instanceof FencedCodeBlock f) {
                type += "(" + f.getInfo() + ", " + f.getLiteral().lines().count() + " lines)";
            }
            shape.add(" ".repeat(depth) + type);
            walk(child, shape, depth + 1);
        }
    }

    private static void collectLiterals(Node node, StringBuilder out) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text t) {
                out.append(t.getLiteral());
            } else if (child instanceof Code c) {
                out.append(c.getLiteral());
            } else if (child instanceof FencedCodeBlock f) {
                out.append(f.getLiteral());
            }
            collectLiterals(child, out);
            if (child.getParent() != null && child instanceof org.commonmark.node.Block) {
                out.append('\n');
            }
        }
    }

    private static void walk(JsonNode node, List<String> shape, int depth) {
        StringBuilder type = new StringBuilder(" ".repeat(depth)).append(node.path("type").asText());
        node.path("marks").forEach(mark -> type.append('+').append(mark.path("type").asText()));
        node.path("attrs").fields().forEachRemaining(attr -> type.append('[').append(attr.getKey()).append('=')
                .append(attr.getValue().asText()).append(']'));
        if (!"text".equals(node.path("type").asText()) || node.has("marks")) {
            shape.add(type.toString());
        }
        node.path("content").forEach(child -> walk(child, shape, depth + 1));
    }

    private static void checkAdf(JsonNode node, boolean inCodeBlock) {
        String type = node.path("type").asText();
        assertTrue(ADF_NODES.contains(type), "ADF node " + type + " is not one the template writes");
        node.path("marks").forEach(mark -> assertTrue(ADF_MARKS.contains(mark.path("type").asText()),
                "ADF mark " + mark + " is not one the template writes"));
        if ("text".equals(type)) {
            String text = node.path("text").asText();
            assertTrue(!text.isEmpty(), "ADF refuses empty text nodes");
            // Only a code block's line feeds are the template's (one command a line).
            assertNoUnsafeCharacters(inCodeBlock ? text.replace("\n", "") : text, "an ADF text");
        }
        node.path("content").forEach(child -> checkAdf(child, "codeBlock".equals(type)));
    }
}
