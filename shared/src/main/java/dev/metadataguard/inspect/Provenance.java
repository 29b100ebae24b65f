package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.event.AuditEvent;
import java.time.Instant;

/**
 * What a decision is attributed to: the audit entry's method and operation, who made the change and
 * when. Blank strings (and a null time) when the entry did not say.
 */
public record Provenance(String method, String operationId, String principal, Instant eventTime) {

    static Provenance of(AuditEvent event) {
        return new Provenance(event.method(), event.operationId().orElse(""), event.principal().orElse(""),
                event.timestamp().orElse(null));
    }

    /** The provenance a request carries on, for a re-evaluation of the resource it names. */
    public static Provenance of(Decision decision) {
        return new Provenance(decision.method(), decision.operationId(), decision.principal(), decision.eventTime());
    }
}
