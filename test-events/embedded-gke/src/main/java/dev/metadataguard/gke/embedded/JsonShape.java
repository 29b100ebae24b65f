package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks JSON against a proto message's fields before it is parsed, so a value of the wrong type is
 * refused with the path of its field ({@code protoPayload.request.nodePool.initialNodeCount: "lots" is not
 * an integer}) rather than the parser's message, which names no field. Follows the proto3 JSON mapping:
 * integers may be written as strings, enums by name or number, null means the default; unknown fields
 * are left alone, since Google keeps adding them.
 */
final class JsonShape {

    private static final int SHOWN = 40;

    private JsonShape() {
    }

    /** @throws IllegalArgumentException naming the first field whose value does not fit */
    static void check(JsonNode json, Descriptor type, String path) {
        if (!json.isObject()) {
            throw wrong(path, json, "is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDescriptor field = field(type, e.getKey());
            if (field != null && !e.getValue().isNull()) {
                checkField(e.getValue(), field, path + "." + e.getKey());
            }
        }
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJsonName().equals(name) || f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static void checkField(JsonNode value, FieldDescriptor field, String path) {
        if (field.isMapField()) {
            if (!value.isObject()) {
                throw wrong(path, value, "is not an object (a map)");
            }
            FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
            value.fields().forEachRemaining(e -> checkSingle(e.getValue(), valueField,
                    path + "[" + shown(TextNode.valueOf(e.getKey())) + "]"));
        } else if (field.isRepeated()) {
            if (!value.isArray()) {
                throw wrong(path, value, "is not an array");
            }
            for (int i = 0; i < value.size(); i++) {
                checkSingle(value.get(i), field, path + "[" + i + "]");
            }
        } else {
            checkSingle(value, field, path);
        }
    }

    private static void checkSingle(JsonNode value, FieldDescriptor field, String path) {
        switch (field.getJavaType()) {
            case MESSAGE -> {
                // Well-known types (Timestamp, Duration, wrappers, Struct) have JSON forms of their own.
                if (!field.getMessageType().getFullName().startsWith("google.protobuf.")) {
                    check(value, field.getMessageType(), path);
                }
            }
            case INT, LONG -> {
                if (!(value.isIntegralNumber() || value.isTextual() && value.textValue().matches("-?\\d{1,20}"))) {
                    throw wrong(path, value, "is not an integer");
                }
            }
            case FLOAT, DOUBLE -> {
                if (!(value.isNumber() || value.isTextual() && value.textValue().matches("-?[\\d.eE+-]+|NaN|-?Infinity"))) {
                    throw wrong(path, value, "is not a number");
                }
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw wrong(path, value, "is not true or false");
                }
            }
            case ENUM -> {
                // A name v1 lacks (a v1beta1 or newer value) is ignored by the parser, as unknown fields are.
                if (!(value.isIntegralNumber() || value.isTextual())) {
                    throw wrong(path, value, "is not a value of " + field.getEnumType().getName());
                }
            }
            case STRING, BYTE_STRING -> {
                if (!value.isTextual()) {
                    throw wrong(path, value, "is not a string");
                }
            }
            default -> throw new IllegalStateException("no JSON rule for " + field.getJavaType());
        }
    }

    /** A value as shown in an error: as JSON (quotes and control characters escaped), cut short. */
    static String shown(JsonNode value) {
        String json = value.isContainerNode() ? (value.isArray() ? "an array" : "an object") : value.toString();
        return json.length() <= SHOWN ? json : json.substring(0, SHOWN) + "...";
    }

    private static IllegalArgumentException wrong(String path, JsonNode value, String what) {
        return new IllegalArgumentException(path + ": " + shown(value) + " " + what);
    }
}
