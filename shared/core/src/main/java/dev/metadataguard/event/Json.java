package dev.metadataguard.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.text.Inert;
import java.util.Optional;

/** Small typed reads of a JSON tree that say which field was wrong. */
final class Json {

    private static final int CLIP = 80;

    private Json() {
    }

    /** The text at {@code field} when it is a string; empty when absent, null or not text. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** Like {@link #text} but a value of another type is an error naming {@code path.field}. */
    static Optional<String> optionalText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new BadField(join(path, field) + ": expected a string, found " + kind(value));
        }
        return Optional.of(value.textValue());
    }

    /** A proto3 bool: absent means false. */
    static boolean flag(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadField(join(path, field) + ": expected true or false, found " + kind(value));
        }
        return value.booleanValue();
    }

    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "the string '" + clip(node.textValue()) + "'";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Long values are cut so one bad field cannot flood a log line. */
    static String clip(String text) {
        return Inert.visible(text.length() <= CLIP ? text : text.substring(0, CLIP) + "...(" + text.length() + " chars)");
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
