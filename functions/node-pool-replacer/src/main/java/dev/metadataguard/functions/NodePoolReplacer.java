package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;

/**
 * Consumes {@code replacement-requests}. This version reads and records each request; creating the
 * replacement pool is not built yet, so every request is logged as not acted on.
 */
public final class NodePoolReplacer implements CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("node-pool-replacer");

    @Override
    public void accept(CloudEvent event) {
        try {
            Decision d = PushedMessage.read(event, Json.mapper(), Decision.class);
            LOG.notice("replacement request received", "event", event.getId(), "resource", d.resource(),
                    "fingerprint", d.fingerprint(), "decision", "not-acted-on",
                    "reason", "replacement creation is not available in this version");
        } catch (PushedMessage.Unreadable e) {
            LOG.error("message unreadable", "event", event.getId(), "decision", "malformed", "reason", e.getMessage());
        }
    }
}
