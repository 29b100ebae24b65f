package dev.metadataguard.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads one Cloud Logging {@code LogEntry} (as JSON) into an {@link Intake}. Follows what real GKE
 * audit entries do: {@code first}/{@code last} are absent when false, only first entries carry
 * {@code request} and {@code authenticationInfo}, unknown fields appear and are ignored, and
 * {@code request["@type"]} never tells the API version.
 */
final class LogEntryReader {

    static final String CONTAINER_SERVICE = "container.googleapis.com";

    private LogEntryReader() {
    }

    static Intake read(JsonNode entry, String where) {
        if (!entry.isObject()) {
            return new Intake.Malformed("", where + ": expected a LogEntry object, found " + Json.kind(entry));
        }
        JsonNode payload = entry.get("protoPayload");
        if (payload == null || payload.isNull()) {
            return new Intake.Ignored("", "", where + ": not an audit log entry (no protoPayload); only Cloud Audit Logs"
                    + " entries of " + CONTAINER_SERVICE + " are evaluated");
        }
        if (!payload.isObject()) {
            return new Intake.Malformed("", where + ".protoPayload: expected an AuditLog object, found " + Json.kind(payload));
        }
        try {
            return readAudit(entry, payload, where);
        } catch (BadField e) {
            return new Intake.Malformed(Json.text(payload, "methodName").orElse(""), where + "." + e.getMessage());
        }
    }

    private static Intake readAudit(JsonNode entry, JsonNode payload, String where) {
        String service = Json.text(payload, "serviceName").orElse("");
        String method = Json.text(payload, "methodName").orElse("");
        String resourceName = Json.text(payload, "resourceName").orElse("");
        if (!CONTAINER_SERVICE.equals(service)) {
            return otherService(service, method, resourceName);
        }
        JsonNode split = entry.get("split");
        if (method.isEmpty() && split != null && split.path("index").asInt(0) > 0) {
            return new Intake.Ignored("", resourceName, "continuation part " + split.path("index").asInt()
                    + " of split entry " + Json.clip(split.path("uid").asText())
                    + "; the first part carries the method");
        }
        if (method.isEmpty()) {
            return new Intake.Malformed("", where + ".protoPayload.methodName: missing; an audit entry of "
                    + CONTAINER_SERVICE + " always names its method");
        }
        Optional<Verb> verb = Verb.ofMethod(method);
        if (verb.isEmpty()) {
            return otherMethod(method, resourceName);
        }
        OperationStatus status = status(payload.get("status"));
        if (status.failed()) {
            return new Intake.Ignored(method, resourceName, "the call failed (status " + status.code() + ": "
                    + Json.clip(status.message()) + "); it changed nothing");
        }
        JsonNode request = payload.get("request");
        Optional<ResourceRef> resource = resource(resourceName, request, verb.get());
        if (resource.isEmpty()) {
            return new Intake.Malformed(method, where + ".protoPayload.resourceName: " + quoted(resourceName)
                    + " is not a cluster or node-pool name; expected projects/P/zones/Z/clusters/C[/nodePools/N]"
                    + " or projects/P/locations/L/clusters/C[/nodePools/N], each part within GKE's name rules");
        }
        JsonNode operation = entry.path("operation");
        return new Intake.Accepted(new AuditEvent(
                method,
                Verb.apiVersionOf(method).orElseThrow(),
                verb.get(),
                resource.get(),
                Json.optionalText(operation, "id", "operation"),
                Json.flag(operation, "first", "operation"),
                Json.flag(operation, "last", "operation"),
                status,
                Json.optionalText(entry, "severity", "severity").orElse("DEFAULT"),
                Json.optionalText(payload.path("authenticationInfo"), "principalEmail",
                        "protoPayload.authenticationInfo"),
                timestamp(entry),
                Json.optionalText(entry, "insertId", "insertId").orElse(""),
                request != null && request.isObject() ? Optional.of(request) : Optional.empty()));
    }

    /** An entry of another service; {@link EntryTriage} gives the same answer without reading the tree. */
    static Intake.Ignored otherService(String service, String method, String resourceName) {
        return new Intake.Ignored(method, resourceName, "service " + quoted(service)
                + " is not " + CONTAINER_SERVICE + "; the guard evaluates GKE cluster and node-pool changes only");
    }

    /** An entry of a GKE method the guard has no business with, such as SetMaintenancePolicy. */
    static Intake.Ignored otherMethod(String method, String resourceName) {
        return new Intake.Ignored(method, resourceName, "method " + Json.clip(method)
                + " is not one the guard evaluates (" + Verb.suffixes()
                + " of any API version)");
    }

    /**
     * The resource the entry is about. {@code resourceName} first; a node-pool method whose
     * resourceName stops at the cluster still names its pool in the request.
     */
    private static Optional<ResourceRef> resource(String resourceName, JsonNode request, Verb verb) {
        Optional<ResourceRef> named = ResourceRef.parse(resourceName);
        if (named.isEmpty() && request != null) {
            named = Json.text(request, "parent").flatMap(ResourceRef::parse)
                    .or(() -> Json.text(request, "name").flatMap(ResourceRef::parse));
        }
        if (named.isPresent() && verb == Verb.CREATE_NODE_POOL && !named.get().isNodePool() && request != null) {
            Optional<String> pool = Json.text(request.path("nodePool"), "name");
            if (pool.isPresent()) {
                if (!ResourceRef.isGkeName(pool.get())) {
                    throw new BadField("protoPayload.request.nodePool.name: " + quoted(pool.get())
                            + " is not a GKE node-pool name (1-40 lowercase letters, digits and '-', starting"
                            + " with a letter); GKE refuses such a name, so the entry is forged or damaged");
                }
                return Optional.of(named.get().withNodePool(pool.get()));
            }
        }
        return named;
    }

    private static OperationStatus status(JsonNode status) {
        if (status == null || status.isNull() || status.isEmpty()) {
            return OperationStatus.OK;
        }
        if (!status.isObject()) {
            throw new BadField("protoPayload.status: expected an object {code, message}, found " + Json.kind(status));
        }
        JsonNode code = status.path("code");
        if (!code.isMissingNode() && !code.canConvertToInt()) {
            throw new BadField("protoPayload.status.code: expected an integer gRPC code, found " + Json.kind(code));
        }
        return new OperationStatus(code.asInt(0), status.path("message").asText(""));
    }

    private static Optional<Instant> timestamp(JsonNode entry) {
        Optional<String> text = Json.optionalText(entry, "timestamp", "timestamp");
        try {
            return text.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new BadField("timestamp: " + quoted(text.get()) + " is not an RFC 3339 UTC time such as"
                    + " 2026-01-31T12:00:00.123Z");
        }
    }

    private static String quoted(String text) {
        return text.isEmpty() ? "(empty)" : "'" + Json.clip(text) + "'";
    }
}
