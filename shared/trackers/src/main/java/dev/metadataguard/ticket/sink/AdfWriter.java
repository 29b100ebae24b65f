package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Block;
import dev.metadataguard.ticket.Block.Span;
import java.util.List;

/**
 * Writes blocks as Atlassian Document Format, the rich text Jira Cloud's REST API v3 takes. Text is
 * only ever a {@code text} node's value, never markup; control and bidi characters are made visible
 * ({@link Inert}), so a value cannot break a line or turn the reading order around.
 */
final class AdfWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdfWriter() {
    }

    static ObjectNode document(List<Block> blocks) {
        ObjectNode doc = NODES.objectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (Block block : blocks) {
            content.add(node(block));
        }
        return doc;
    }

    private static ObjectNode node(Block block) {
        if (block instanceof Block.Heading h) {
            ObjectNode heading = element("heading", List.of(Span.plain(h.text())));
            heading.putObject("attrs").put("level", 2);
            return heading;
        }
        if (block instanceof Block.Paragraph p) {
            return element("paragraph", p.spans());
        }
        if (block instanceof Block.Bullets b) {
            ObjectNode list = NODES.objectNode().put("type", "bulletList");
            ArrayNode items = list.putArray("content");
            for (List<Span> item : b.items()) {
                ObjectNode listItem = items.addObject().put("type", "listItem");
                listItem.putArray("content").add(element("paragraph", item));
            }
            return list;
        }
        if (block instanceof Block.Code c) {
            // One text node; its line feeds separate the commands the template wrote.
            String lines = Inert.visibleLines(c.text());
            ObjectNode code = NODES.objectNode().put("type", "codeBlock");
            ArrayNode text = code.putArray("content");
            if (!lines.isEmpty()) {
                text.addObject().put("type", "text").put("text", lines);
            }
            code.putObject("attrs").put("language", "shell");
            return code;
        }
        // Jira text has no hidden comments: a marker stays visible, as code.
        return element("paragraph", List.of(Span.code(((Block.Marker) block).text())));
    }

    private static ObjectNode element(String type, List<Span> spans) {
        ObjectNode node = NODES.objectNode().put("type", type);
        ArrayNode content = node.putArray("content");
        for (Span span : spans) {
            String shown = Inert.visible(span.text());
            if (shown.isEmpty()) {
                continue; // ADF refuses empty text nodes
            }
            ObjectNode text = content.addObject().put("type", "text").put("text", shown);
            if (span.style() != Span.Style.PLAIN) {
                text.putArray("marks").addObject().put("type", span.style() == Span.Style.STRONG ? "strong" : "code");
            }
        }
        return node;
    }
}
