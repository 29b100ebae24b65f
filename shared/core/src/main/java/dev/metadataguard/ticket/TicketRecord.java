package dev.metadataguard.ticket;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A ticket as a sink found it.
 *
 * @param id          the sink's own name for it: an issue key, an issue number, a file name
 * @param resolvedAt  when it was closed; empty while open
 * @param outcomeKeys the outcomes already recorded on it ({@link OutcomeKey})
 * @param stored      the whole ticket, when the sink keeps it (the directory); empty for trackers
 */
public record TicketRecord(String id, String fingerprint, boolean open, Optional<Instant> resolvedAt,
        Set<String> outcomeKeys, Optional<Ticket> stored) {

    public TicketRecord {
        outcomeKeys = Set.copyOf(outcomeKeys);
    }
}
