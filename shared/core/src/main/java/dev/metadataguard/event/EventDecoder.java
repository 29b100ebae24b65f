package dev.metadataguard.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns every form in which a GKE audit entry reaches the guard into {@link Intake}s:
 * <ul>
 *   <li>CloudEvent {@code google.cloud.pubsub.topic.v1.messagePublished} (Log Router -> Pub/Sub -> Eventarc);</li>
 *   <li>CloudEvent {@code google.cloud.audit.log.v1.written} (Eventarc's direct audit-log trigger);</li>
 *   <li>a raw LogEntry or an array of them ({@code gcloud logging read --format=json});</li>
 *   <li>a Pub/Sub push body {@code {"message": {...}, "subscription": ...}};</li>
 *   <li>the 1st-gen background form, {@code {"context": ..., "data": {"data": "<base64>"}}} or the legacy
 *       {@code {"eventId": ..., "data": ...}};</li>
 *   <li>a structured-mode CloudEvent saved as JSON.</li>
 * </ul>
 * Never throws for bad input: each problem becomes a {@link Intake.Malformed} saying which field was
 * wrong and what was expected.
 */
public final class EventDecoder {

    public static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
    public static final String AUDIT_LOG_WRITTEN = "google.cloud.audit.log.v1.written";

    private final ObjectMapper mapper;

    public EventDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A CloudEvent as a function receives it, in binary or structured mode alike. */
    public List<Intake> decode(CloudEvent event) {
        String type = event.getType();
        String where = "CloudEvent " + event.getId();
        if (AUDIT_LOG_WRITTEN.equals(type)) {
            Optional<Intake> early = ignoredByMethodExtension(event);
            if (early.isPresent()) {
                return List.of(early.get());
            }
        }
        if (event.getData() == null) {
            return List.of(new Intake.Malformed("", where + ": has no data; a " + type + " event carries the"
                    + " audit entry in its data"));
        }
        byte[] data = event.getData().toBytes();
        Optional<Intake> ignored = AUDIT_LOG_WRITTEN.equals(type) ? EntryTriage.ignored(mapper, data) : Optional.empty();
        return ignored.map(List::of)
                .orElseGet(() -> parse(data, where + " data").then(node -> decodeTyped(type, node, where + " data")));
    }

    /** Any JSON text: a LogEntry, an array of them, or one of the envelopes above. */
    public List<Intake> decode(byte[] body, String where) {
        return EntryTriage.ignored(mapper, body).map(List::of)
                .orElseGet(() -> parse(body, where).then(node -> decode(node, where)));
    }

    /** An already-parsed JSON value, sniffed for its form. */
    public List<Intake> decode(JsonNode node, String where) {
        if (node.isArray()) {
            long requests = java.util.stream.StreamSupport.stream(node.spliterator(), false)
                    .filter(element -> InspectionRequestReader.KIND.equals(element.path("kind").asText())).count();
            if (requests > 0) {
                // One request, one message: an array would carry as many budgets as it has entries.
                return List.of(new Intake.Malformed(InspectionRequest.METHOD, where + ": an array holding " + requests
                        + " inspection request" + (requests == 1 ? "" : "s") + "; an inspection request travels alone,"
                        + " one per message, so the array is refused whole"));
            }
            List<Intake> all = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                all.addAll(decode(node.get(i), where + "[" + i + "]"));
            }
            return all;
        }
        if (!node.isObject()) {
            return List.of(new Intake.Malformed("", where + ": expected a JSON object or array, found "
                    + Json.kind(node)));
        }
        if (node.has("protoPayload") || node.has("logName")) {
            return List.of(LogEntryReader.read(node, where));
        }
        if (InspectionRequestReader.KIND.equals(node.path("kind").asText())) {
            return List.of(InspectionRequestReader.read(node, where));
        }
        if (node.has("specversion") && node.has("type")) {
            return decodeTyped(node.path("type").asText(), node.path("data"), where + ".data");
        }
        if (node.path("message").isObject()) {
            return decodePubsubMessage(node.get("message"), where + ".message");
        }
        if (node.has("data") && (node.has("context") || node.has("eventId"))) {
            JsonNode data = node.get("data");
            return data.isObject() ? decodePubsubMessage(data, where + ".data")
                    : List.of(new Intake.Malformed("", where + ".data: expected the Pub/Sub message object"
                            + " {\"data\": \"<base64 LogEntry>\"}, found " + Json.kind(data)));
        }
        return List.of(new Intake.Malformed("", where + ": not a LogEntry or a known envelope; expected"
                + " protoPayload (LogEntry), message.data (Pub/Sub push or messagePublished),"
                + " context+data (background function), specversion+type (CloudEvent) or"
                + " kind: " + InspectionRequestReader.KIND + " (the estate sweep's)"));
    }

    private List<Intake> decodeTyped(String type, JsonNode data, String where) {
        if (MESSAGE_PUBLISHED.equals(type)) {
            JsonNode message = data.path("message");
            return message.isObject() ? decodePubsubMessage(message, where + ".message")
                    : List.of(new Intake.Malformed("", where + ".message: missing; a " + MESSAGE_PUBLISHED
                            + " event carries {\"message\": {\"data\": \"<base64 LogEntry>\"}}"));
        }
        if (AUDIT_LOG_WRITTEN.equals(type)) {
            return List.of(LogEntryReader.read(data, where));
        }
        return List.of(new Intake.Malformed("", where + ": CloudEvent type '" + Json.clip(type)
                + "' is not one the guard accepts; expected " + MESSAGE_PUBLISHED + " or " + AUDIT_LOG_WRITTEN));
    }

    private List<Intake> decodePubsubMessage(JsonNode message, String where) {
        JsonNode data = message.get("data");
        if (data == null || data.isNull()) {
            return List.of(new Intake.Malformed("", where + ".data: missing; the Pub/Sub message must carry"
                    + " the LogEntry as base64 JSON"));
        }
        if (!data.isTextual()) {
            return List.of(new Intake.Malformed("", where + ".data: expected a base64 string, found "
                    + Json.kind(data)));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.textValue().strip());
        } catch (IllegalArgumentException e) {
            return List.of(new Intake.Malformed("", where + ".data: not valid base64 (" + e.getMessage()
                    + "); a log sink publishes the LogEntry JSON base64-encoded"));
        }
        return decode(bytes, where + ".data (base64-decoded)");
    }

    /**
     * Eventarc names the method in the {@code methodname} extension (camelCase in some samples), so
     * an irrelevant entry can be dropped without reading its data.
     */
    private static Optional<Intake> ignoredByMethodExtension(CloudEvent event) {
        for (String name : event.getExtensionNames()) {
            if (name.toLowerCase(Locale.ROOT).equals("methodname")) {
                String method = String.valueOf(event.getExtension(name));
                if (Verb.ofMethod(method).isEmpty()) {
                    return Optional.of(new Intake.Ignored(method, "", "method " + Json.clip(method)
                            + " is not one the guard evaluates (from the CloudEvent's methodname extension)"));
                }
            }
        }
        return Optional.empty();
    }

    private Parsed parse(byte[] bytes, String where) {
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                return Parsed.failed(new Intake.Malformed("", where + ": empty; expected JSON"));
            }
            return Parsed.ok(node);
        } catch (StreamConstraintsException e) {
            // Valid JSON beyond the parser's limits (nesting, number or string length); it carries no location.
            return Parsed.failed(new Intake.Malformed("", where + ": too deeply nested or too large to read ("
                    + e.getOriginalMessage() + ")"));
        } catch (JsonProcessingException e) {
            return Parsed.failed(new Intake.Malformed("", where + ": not valid JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            return Parsed.failed(new Intake.Malformed("", where + ": unreadable (" + e.getMessage() + ")"));
        }
    }

    /** A parsed JSON tree or the reason it could not be parsed. */
    private record Parsed(JsonNode node, Intake.Malformed problem) {
        static Parsed ok(JsonNode node) {
            return new Parsed(node, null);
        }

        static Parsed failed(Intake.Malformed problem) {
            return new Parsed(null, problem);
        }

        List<Intake> then(java.util.function.Function<JsonNode, List<Intake>> next) {
            return node == null ? List.of(problem) : next.apply(node);
        }
    }
}
