package dev.metadataguard.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.ticket.TicketDesk.Change;
import dev.metadataguard.ticket.sink.DirectorySink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A time in a message counts for no later than now plus five minutes. */
class MessageTimesTest {

    private static final Instant NOW = Samples.CLOCK.instant();
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");

    @Test
    void aResolutionDatedInTheFarFutureDoesNotOutlastALaterViolation(@TempDir Path tickets) {
        TicketDesk now = new TicketDesk(new DirectorySink(tickets), Samples.composer(), Samples.CLOCK);
        now.apply(Samples.evaluated(Samples.violation(Samples.MG001)));
        assertEquals(Change.RESOLVED, now.apply(Samples.compliantAt(FAR_FUTURE)).change());

        // Ten minutes on, the violation is seen again: newer than the resolution as clamped, so it reopens.
        Clock later = Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC);
        TicketDesk tenMinutesOn = new TicketDesk(new DirectorySink(tickets), Samples.composer(), later);
        TicketRequest seenAgain = Samples.evaluated(Samples.violation(Samples.MG001).withEventTime(later.instant()));

        assertEquals(Change.REOPENED, tenMinutesOn.apply(seenAgain).change());
    }

    @Test
    void everyTimeARequestCarriesIsClampedAndEarlierOnesAreKept() {
        Instant latest = NOW.plus(MessageTimes.SKEW);
        String cluster = "projects/acme-prod/locations/europe-west1/clusters/c1";

        assertEquals(latest, ((TicketRequest.Evaluated) MessageTimes.clamped(Samples.compliantAt(FAR_FUTURE), NOW))
                .decision().eventTime());
        assertEquals(latest, ((TicketRequest.Remediated) MessageTimes.clamped(Samples.remediated(
                Samples.violation(Samples.MG001).withEventTime(FAR_FUTURE), Samples.replacementCreated()), NOW))
                .decision().eventTime());
        assertEquals(latest, ((TicketRequest.Present) MessageTimes.clamped(
                new TicketRequest.Present(cluster, List.of(), FAR_FUTURE), NOW)).readAt());
        assertEquals(latest, ((TicketRequest.Swept) MessageTimes.clamped(
                new TicketRequest.Swept("s", FAR_FUTURE, List.of(cluster)), NOW)).startedAt());
        assertEquals(Samples.CREATED, ((TicketRequest.Evaluated) MessageTimes.clamped(
                Samples.evaluated(Samples.violation(Samples.MG001)), NOW)).decision().eventTime());
    }
}
