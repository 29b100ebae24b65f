package dev.metadataguard.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.metadataguard.testing.ByteMutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Structural damage to a JSON event, drawn from a seeded {@link Random}: a value of the wrong type, a
 * huge string, deep nesting, a field dropped or given twice, a broken base64 payload (or a valid one
 * around a damaged entry), odd characters. The mutated value is spliced in as raw text, so it can be
 * what no tree holds: 100,000 nested arrays, a repeated key, a number with a million digits.
 */
public final class JsonMutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLOT = "@@mutation-slot@@";
    private static final List<String> ODD_VALUES = List.of("null", "true", "0", "-1", "1e999999", "0.5",
            "123456789012345678901234567890", "\"\"", "{}", "[]", "[null]", "\"\\u0000\"", "\"\\ud800\"",
            "\"\\u202egnp.exe\"", "\"caf\\u00e9 \\ud83d\\ude00\"", "\" \\t\\n \"", "\"projects//zones//clusters/\"");

    private final Random random;
    private final ByteMutations bytes;

    public JsonMutations(Random random) {
        this.random = random;
        this.bytes = new ByteMutations(random);
    }

    /** One structural mutation; text that is not JSON gets a byte-level one instead. */
    public byte[] mutate(byte[] input) {
        JsonNode tree;
        try {
            tree = JSON.readTree(input);
        } catch (IOException e) {
            return bytes.mutate(input);
        }
        if (tree == null || !tree.isContainerNode() || tree.isEmpty()) {
            return bytes.mutate(input);
        }
        List<Slot> slots = new ArrayList<>();
        collect(tree, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        String raw = switch (random.nextInt(8)) {
            case 0 -> ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
            case 1 -> quoted(hugeText());
            case 2 -> deeplyNested();
            case 3 -> null;
            case 4 -> duplicated(slot);
            case 5 -> payload(slot.value());
            case 6 -> "[" + slot.value() + "]";
            default -> slot.value().isTextual() ? quoted(slot.value().textValue() + oddTail()) : slot.value().toString();
        };
        return splice(tree, slot, raw);
    }

    /** Where a value sits: the field of an object or the index of an array. */
    private record Slot(JsonNode parent, String field, int index, JsonNode value) {
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                slots.add(new Slot(node, name, -1, node.get(name)));
                collect(node.get(name), slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i, node.get(i)));
                collect(node.get(i), slots);
            }
        }
    }

    /** The tree with {@code raw} in place of the slot's value; null drops the value. */
    private static byte[] splice(JsonNode tree, Slot slot, String raw) {
        if (slot.parent() instanceof ObjectNode object) {
            if (raw == null) {
                object.remove(slot.field());
            } else {
                object.set(slot.field(), TextNode.valueOf(SLOT));
            }
        } else {
            ArrayNode array = (ArrayNode) slot.parent();
            if (raw == null) {
                array.remove(slot.index());
            } else {
                array.set(slot.index(), TextNode.valueOf(SLOT));
            }
        }
        String text = tree.toString();
        return (raw == null ? text : text.replace("\"" + SLOT + "\"", raw)).getBytes(StandardCharsets.UTF_8);
    }

    /** Mostly a few kilobytes; now and then a megabyte or four, as a runaway field would be. */
    private String hugeText() {
        int length = random.nextInt(50) == 0 ? (1 + random.nextInt(4)) << 20 : random.nextInt(64 * 1024);
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
    }

    /** Arrays or objects nested up to 100,000 deep, far beyond any parser's limit. */
    private String deeplyNested() {
        int depth = random.nextBoolean() ? 100_000 : 1 + random.nextInt(2_000);
        return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** The value, then the same key again with another value (or, in an array, an extra element). */
    private String duplicated(Slot slot) {
        String other = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
        return slot.field() == null ? slot.value() + "," + other
                : slot.value() + "," + quoted(slot.field()) + ":" + other;
    }

    /**
     * A base64 payload: a damaged one (cut, foreign characters, URL alphabet, UTF-16 inside), or a
     * valid one carrying a damaged entry. Other values become a payload of themselves.
     */
    private String payload(JsonNode value) {
        byte[] inner = value.isTextual() ? decodedOrText(value.textValue()) : value.toString().getBytes(StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(inner);
        return quoted(switch (random.nextInt(5)) {
            case 0 -> encoded.substring(0, random.nextInt(encoded.length() + 1));
            case 1 -> encoded + "%$#";
            case 2 -> Base64.getUrlEncoder().encodeToString(inner) + "-_";
            case 3 -> Base64.getEncoder().encodeToString(new String(inner, StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_16));
            default -> Base64.getEncoder().encodeToString(random.nextBoolean() ? mutate(inner) : bytes.mutate(inner));
        });
    }

    private static byte[] decodedOrText(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private String oddTail() {
        return switch (random.nextInt(4)) {
            case 0 -> "\u0000";
            case 1 -> "\n\r\t";
            case 2 -> "/../../etc/passwd";
            default -> "\ud83d";
        };
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
