package dev.metadataguard.ticket.sink;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketComposer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ticket keys as sinks use them: file names, labels, JQL literals. A key arrives inside a Pub/Sub message,
 * so anything beyond the characters a fingerprint uses is refused before it reaches a path or a query.
 */
final class TicketKeys {

    /** The label that marks every ticket the guard opened. */
    private static final String GUARD_LABEL = "metadata-guard";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private TicketKeys() {
    }

    static String check(String key) {
        if (key == null || !SAFE.matcher(key).matches()) {
            throw new ApiFailure(FailureKind.PERMANENT, "ticket.key", "'" + key + "' is not a ticket key:"
                    + " expected a fingerprint such as mg-0123456789abcdef");
        }
        return key;
    }

    /**
     * What a tracker labels a ticket with: its fingerprint, its resource key, its cluster's key (for a
     * ticket about a cluster or a pool), and the guard's label.
     */
    static List<String> labels(Ticket ticket) {
        List<String> labels = new ArrayList<>(List.of(check(ticket.fingerprint()), check(ticket.resourceKey())));
        TicketComposer.clusterKey(ticket.resource()).map(TicketKeys::check).ifPresent(labels::add);
        labels.add(GUARD_LABEL);
        return List.copyOf(labels);
    }

    /** The fingerprint among a tracker issue's labels (the others are the resource key and the guard's label). */
    static Optional<String> fingerprintIn(List<String> labels) {
        return labels.stream().filter(Fingerprint::isWellFormed).findFirst();
    }
}
