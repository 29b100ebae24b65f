package dev.metadataguard.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the estate sweeper's message, {@code {"kind": "inspection-request", "cluster":
 * "projects/P/locations/L/clusters/C", "sweep": ID, "requestedAt": RFC 3339, "mayReplace": BOOLEAN}}
 * ({@code mayReplace} optional, false when absent). It is only a hint of
 * which cluster to read: the inspector reads the cluster live and decides under its own policy.
 */
public final class InspectionRequestReader {

    public static final String KIND = "inspection-request";

    private InspectionRequestReader() {
    }

    static Intake read(JsonNode node, String where) {
        String cluster = node.path("cluster").asText("");
        if (ResourceRef.parse(cluster).filter(r -> !r.isNodePool()).isEmpty()) {
            return malformed(where + ".cluster: " + (cluster.isEmpty() ? "missing" : "\"" + Json.clip(cluster)
                    + "\" is not a cluster name") + "; expected projects/P/locations/L/clusters/C");
        }
        String sweep = node.path("sweep").asText("");
        if (sweep.isEmpty()) {
            return malformed(where + ".sweep: missing; the sweeper names the sweep each request belongs to");
        }
        Instant requestedAt;
        try {
            requestedAt = Instant.parse(node.path("requestedAt").asText(""));
        } catch (DateTimeParseException e) {
            return malformed(where + ".requestedAt: expected an RFC 3339 UTC time such as 2026-11-29T06:00:00Z");
        }
        JsonNode mayReplace = node.path("mayReplace");
        if (!mayReplace.isMissingNode() && !mayReplace.isBoolean()) {
            return malformed(where + ".mayReplace: expected true or false");
        }
        return new Intake.Inspect(new InspectionRequest(cluster, sweep, requestedAt, mayReplace.asBoolean(false)));
    }

    private static Intake malformed(String reason) {
        return new Intake.Malformed(InspectionRequest.METHOD, reason);
    }
}
