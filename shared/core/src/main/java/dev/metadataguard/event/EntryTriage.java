package dev.metadataguard.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Drops a raw LogEntry of another service or method without building its tree: Jackson's streaming
 * parser reads only {@code protoPayload.serviceName}, {@code methodName} and {@code resourceName} and
 * skips the rest. It answers only where {@link LogEntryReader} would ignore the entry for the same
 * reason: the whole text is still parsed (so broken JSON stays malformed), a repeated key counts
 * with its last value as in the tree, and every other case is left to the full reading.
 */
final class EntryTriage {

    /**
     * Cloud Logging refuses entries above 256 KB. Skipped strings escape the parser's string-length
     * limit, so bigger input takes the full reading, which enforces it.
     */
    static final int MAX_ENTRY_BYTES = 256 * 1024;

    private EntryTriage() {
    }

    /** What protoPayload says; {@code ""} for a field that is absent or not a string, as {@link Json#text}. */
    private record Payload(String service, String method, String resource) {

        Optional<Intake> ignored() {
            if (!LogEntryReader.CONTAINER_SERVICE.equals(service)) {
                return Optional.of(LogEntryReader.otherService(service, method, resource));
            }
            if (!method.isEmpty() && Verb.ofMethod(method).isEmpty()) {
                return Optional.of(LogEntryReader.otherMethod(method, resource));
            }
            return Optional.empty();
        }
    }

    /** The entry's {@link Intake.Ignored} when {@code body} is a LogEntry the guard ignores; else empty. */
    static Optional<Intake> ignored(ObjectMapper mapper, byte[] body) {
        if (body.length > MAX_ENTRY_BYTES) {
            return Optional.empty();
        }
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Payload payload = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("protoPayload") && value == JsonToken.START_OBJECT) {
                    payload = payload(parser);
                } else {
                    if (field.equals("protoPayload")) {
                        payload = null;
                    }
                    skipValue(parser);
                }
            }
            if (mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) && parser.nextToken() != null) {
                return Optional.empty();
            }
            return payload == null ? Optional.empty() : payload.ignored();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads protoPayload up to its END_OBJECT, on which it leaves the parser. */
    private static Payload payload(JsonParser parser) throws IOException {
        String service = "";
        String method = "";
        String resource = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "serviceName" -> service = text(parser, value);
                case "methodName" -> method = text(parser, value);
                case "resourceName" -> resource = text(parser, value);
                default -> {
                }
            }
            skipValue(parser);
        }
        return new Payload(service, method, resource);
    }

    /**
     * Walks past the current value, decoding every string as the tree reader does: Jackson's own skip
     * does not check a string's UTF-8, and an entry the tree cannot read must stay malformed.
     */
    private static void skipValue(JsonParser parser) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        do {
            if (token == null) {
                throw new IOException("the entry ends inside a value");
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> parser.getTextLength();
                default -> {
                }
            }
            if (depth > 0) {
                token = parser.nextToken();
            }
        } while (depth > 0);
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getText() : "";
    }
}
