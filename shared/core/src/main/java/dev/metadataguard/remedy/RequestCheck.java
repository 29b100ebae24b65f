package dev.metadataguard.remedy;

import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.policy.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a {@code replacement-requests} message is whole: every field the inspector always writes is
 * there (a {@link Decision} cannot even be read without a well-formed fingerprint and resource), it asks
 * for a replacement of a node pool (or a fix of a cluster's auto-provisioning defaults), and its fingerprint is the one its resource and findings give. A message that is not is refused before anything is read or written, never half-done.
 */
public final class RequestCheck {

    private RequestCheck() {
    }

    /** @throws Malformed saying what is wrong, when the request is not whole */
    static void requireWhole(Decision request) {
        problem(request).ifPresent(problem -> {
            throw new Malformed("replacement request for " + request.resource() + " refused: " + problem
                    + "; only the audit-inspector's own requests are acted on");
        });
    }

    private static Optional<String> problem(Decision request) {
        List<String> missing = new ArrayList<>();
        present(request.outcome(), "outcome", missing);
        present(request.action(), "action", missing);
        text(request.reason(), "reason", missing);
        text(request.mode(), "mode", missing);
        text(request.method(), "method", missing);
        present(request.operationId(), "operationId", missing); // blank for a sweep, which has no operation
        present(request.principal(), "principal", missing); // blank when the entry named nobody
        if (!missing.isEmpty()) {
            return Optional.of("missing " + String.join(", ", missing));
        }
        if (request.action() != Action.REPLACE) {
            return Optional.of("action is " + request.action().label() + ", and this topic carries only replace");
        }
        if (ResourceRef.parse(request.resource()).isEmpty()) {
            // A cluster's name stands for its auto-provisioning defaults.
            return Optional.of("resource is not a node pool or cluster name"
                    + " (projects/P/locations/L/clusters/C[/nodePools/N])");
        }
        if (request.findings().stream().anyMatch(f -> f.checkId() == null)) {
            return Optional.of("a finding has no checkId");
        }
        String expected = Fingerprint.of(request.resource(), request.findings().stream().map(Finding::checkId).toList());
        if (!expected.equals(request.fingerprint())) {
            return Optional.of("fingerprint is not the one its resource and findings give");
        }
        return Optional.empty();
    }

    private static void present(Object value, String field, List<String> missing) {
        if (value == null) {
            missing.add(field);
        }
    }

    private static void text(String value, String field, List<String> missing) {
        if (value == null || value.isBlank()) {
            missing.add(field);
        }
    }

    /** A request no retry can fix: log it and send it to the dead-letter topic. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
