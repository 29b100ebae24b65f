package dev.metadataguard.ticket;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * A time in a message is what its publisher claims. None counts for later than now plus {@link #SKEW}, the
 * clock difference allowed between machines: a resolution dated 9999-12-31 would otherwise outlast every
 * later violation, which must be newer to reopen the ticket.
 */
final class MessageTimes {

    static final Duration SKEW = Duration.ofMinutes(5);

    private MessageTimes() {
    }

    /** {@code request} with each time it carries clamped to {@code now} plus {@link #SKEW}. */
    static TicketRequest clamped(TicketRequest request, Instant now) {
        Instant latest = now.plus(SKEW);
        if (request instanceof TicketRequest.Evaluated e) {
            return new TicketRequest.Evaluated(clamped(e.decision(), latest));
        }
        if (request instanceof TicketRequest.Remediated r) {
            return new TicketRequest.Remediated(clamped(r.decision(), latest), r.outcome());
        }
        if (request instanceof TicketRequest.Present p && p.readAt().isAfter(latest)) {
            return new TicketRequest.Present(p.cluster(), p.resources(), latest);
        }
        if (request instanceof TicketRequest.Swept s && s.startedAt().isAfter(latest)) {
            return new TicketRequest.Swept(s.sweep(), latest, s.clusters());
        }
        return request;
    }

    private static Decision clamped(Decision decision, Instant latest) {
        return decision.eventTime() != null && decision.eventTime().isAfter(latest)
                ? decision.withEventTime(latest) : decision;
    }
}
