package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.securitycenter.v2.Finding;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.TicketDesk.Applied;
import dev.metadataguard.ticket.TicketDesk.Change;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketSink;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several sinks at once: each gets every change once, a failing one stops no other, a retry repeats nothing. */
class TicketDesksTest {

    @TempDir
    Path folder;

    private final EmbeddedSecurityCenter scc = new EmbeddedSecurityCenter(Clock.systemUTC(), SccSink.PERMISSIONS)
            .addSource(SccSinkTest.SOURCE);
    private final ManagedChannel channel = scc.startInProcess("scc-" + UUID.randomUUID());

    @AfterEach
    void stop() {
        channel.shutdownNow();
        scc.close();
    }

    /** The security center first, so its failure would stop the folder if failures were not contained. */
    private TicketDesks desks() {
        TicketSink findings = new SccSink(SccSinkTest.SOURCE, SccSink.connect(channel), ticket -> Optional.empty());
        return new TicketDesks(List.of(Samples.desk(findings), Samples.desk(new DirectorySink(folder))));
    }

    private int files() {
        return folder.toFile().list((dir, name) -> name.endsWith(".json")).length;
    }

    @Test
    void eachSinkReceivesTheViolationAndItsResolution() {
        TicketDesks desks = desks();
        Decision decision = Samples.violation(MG001);

        List<Applied> opened = desks.apply(Samples.evaluated(decision));
        List<Applied> resolved = desks.apply(Samples.compliantAt(TicketLifecycleContract.RESOLVED_AT));

        assertEquals(List.of("scc", "directory"), opened.stream().map(Applied::sink).toList());
        assertEquals(List.of(Change.OPENED, Change.OPENED), opened.stream().map(Applied::change).toList());
        assertEquals(List.of(Change.RESOLVED, Change.RESOLVED), resolved.stream().map(Applied::change).toList());
        assertEquals(Finding.State.INACTIVE, scc.findings().get(0).getState());
    }

    @Test
    void aFailingSinkStopsNoOtherAndTheRetryDoesOnlyWhatFailed() {
        TicketDesks desks = desks();
        scc.failNext(Status.UNAVAILABLE.withDescription("backend unavailable"));

        TicketDesks.SinksFailed failed = assertThrows(TicketDesks.SinksFailed.class,
                () -> desks.apply(Samples.evaluated(Samples.violation(MG001))));

        assertEquals(FailureKind.TRANSIENT, failed.kind());
        assertEquals(List.of(Change.OPENED), failed.applied().stream().map(Applied::change).toList());
        assertEquals(1, files());
        assertEquals(0, scc.findings().size());

        List<Applied> retried = desks.apply(Samples.evaluated(Samples.violation(MG001)));

        assertEquals(List.of(Change.OPENED, Change.UNCHANGED), retried.stream().map(Applied::change).toList());
        assertEquals(1, files());
        assertEquals(1, scc.findings().size());
    }

    @Test
    void aPermanentFailureOfOneSinkIsPermanentAndNamesTheSink() {
        scc.revoke(EmbeddedSecurityCenter.UPDATE);

        TicketDesks.SinksFailed failed = assertThrows(TicketDesks.SinksFailed.class,
                () -> desks().apply(Samples.evaluated(Samples.violation(MG001))));

        assertEquals(FailureKind.PERMISSION_DENIED, failed.kind());
        assertEquals("tickets.sinks: sink scc: securitycenter.findings.update: PERMISSION_DENIED on "
                + SccSinkTest.SOURCE + "/locations/global: Permission 'securitycenter.findings.update' denied on"
                + " resource '" + SccSinkTest.SOURCE + "' (or it may not exist).", failed.getMessage());
        assertEquals(1, files());
    }
}
