package dev.metadataguard.ticket;

import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.ticket.Ticket.Resolution;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where tickets live: a tracker, a topic, a webhook, a folder. {@link TicketDesk} decides what changes;
 * a sink only carries it out. Failures are thrown as classified {@link dev.metadataguard.api.ApiFailure}s.
 * Every method takes the ticket as it stands after the change, for sinks that send or store whole tickets;
 * trackers use the part that changed.
 */
public interface TicketSink extends AutoCloseable {

    /** The name it is chosen by in the settings. */
    String name();

    /**
     * Whether the sink can look tickets up. A sink that cannot (Pub/Sub, webhook) keeps no state: it
     * answers {@link #find} with nothing and sends every change as a whole ticket, which its consumers
     * upsert by fingerprint.
     */
    default boolean remembers() {
        return true;
    }

    /** The tickets carrying {@code key}, a fingerprint or a resource key, oldest first. */
    List<TicketRecord> find(String key);

    /**
     * Every ticket about the resource {@code ticket} is about ({@link Ticket#resourceKey()}), oldest first. A sink
     * that cannot search by the resource key searches by the resource itself.
     */
    default List<TicketRecord> findAbout(Ticket ticket) {
        return find(ticket.resourceKey());
    }

    /**
     * Every ticket about the cluster or anything in it ({@link TicketComposer#clusterKey}), oldest first,
     * so the tickets of resources deleted since can be closed.
     */
    default List<TicketRecord> findInCluster(String cluster) {
        return find(TicketComposer.clusterKey(cluster).orElseThrow(
                () -> new IllegalArgumentException(cluster + " is not a cluster name")));
    }

    /**
     * The clusters ({@code projects/P/locations/L/clusters/C}) that open tickets are about, the cluster's own
     * and its pools', when this sink can list them; empty when it cannot (a feed keeps nothing; a tracker
     * keeps only hashed keys, no names to read a cluster by).
     */
    default Optional<java.util.Set<String>> openClusters() {
        return Optional.empty();
    }

    TicketRecord create(Ticket ticket);

    /** Where a person works on the ticket of {@code fingerprint} (an issue's page), if this sink has one. */
    default Optional<String> link(String fingerprint) {
        return Optional.empty();
    }

    /** Records one more outcome on an existing ticket. */
    void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome);

    void resolve(TicketRecord existing, Ticket after, Resolution resolution);

    /** Opens a resolved ticket again: the violation it was about came back. */
    void reopen(TicketRecord existing, Ticket after, Instant seenAgain);

    @Override
    default void close() {
    }
}
