package dev.metadataguard.ticket;

import static dev.metadataguard.ticket.Samples.MG001;
import static dev.metadataguard.ticket.Samples.MG002;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.ticket.Block.Paragraph;
import dev.metadataguard.ticket.Block.Span;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketRendererTest {

    private final Ticket ticket = Samples.composer()
            .violation(Samples.violation(MG001, MG002), Optional.of(Samples.replacementCreated()));
    private final String markdown = TicketRenderer.markdown(ticket);

    @Test
    void markdownOpensWithTheTitleAndTheFacts() {
        assertTrue(markdown.startsWith("""
                # \\[Metadata Guard\\] HIGH: node pool np-1 in cluster c1 exposes node metadata (MG001, MG002)

                **Severity:** HIGH · **Status:** open · **Fingerprint:** `%s`

                **Resource:** `projects/acme-prod/locations/europe-west1/clusters/c1/nodePools/np-1`

                **Created by:** `alice@example.com` at 2026-11-28T09:00:00Z
                """.formatted(ticket.fingerprint())), markdown);
    }

    @Test
    void markdownListsEachFindingWithItsEvidence() {
        assertTrue(markdown.contains("""
                ## What is wrong

                - **MG001 Metadata exposed to Pods** (HIGH, CIS GKE Benchmark 1.6.0 5.4.1): \
                `config.workloadMetadataConfig.mode` is `GCE_METADATA`, expected `GKE_METADATA`.
                - **MG002 Default node service account** (HIGH, CIS GKE Benchmark 1.6.0 5.2.1): `config.serviceAccount` is \
                `123456789-compute@developer.gserviceaccount.com`, expected `a least-privilege service account`.
                """), markdown);
    }

    @Test
    void markdownGivesTheCommandsAsAShellBlock() {
        assertTrue(markdown.contains("""
                **5.** Delete the old pool once its workloads run on the new one.

                ```sh
                gcloud container node-pools delete np-1 --cluster=c1 --location=europe-west1 --project=acme-prod
                ```
                """), markdown);
    }

    @Test
    void markdownSaysWhatTheGuardDidAndTagsIt() {
        String key = OutcomeKey.of(Samples.replacementCreated());
        assertTrue(markdown.endsWith("""
                ## What the guard did

                - **replacement created:** Created node pool np-1-mg with GKE\\_METADATA and metadata-guard-nodes. \
                Replacement: `projects/acme-prod/locations/europe-west1/clusters/c1/nodePools/np-1-mg` \
                Operation: `operation-7` Next: Drain np-1, then delete it.

                <!-- metadata-guard-outcome:%s -->
                """.formatted(key)), markdown);
        assertEquals(java.util.Set.of(key), OutcomeKey.findIn(markdown));
    }

    @Test
    void theSameDecisionGivesTheSameBytes() {
        Ticket again = Samples.composer()
                .violation(Samples.violation(MG002, MG001), Optional.of(Samples.replacementCreated()));

        assertEquals(markdown, TicketRenderer.markdown(again));
        assertArrayEquals(TicketRenderer.json(ticket), TicketRenderer.json(again));
    }

    @Test
    void jsonReadsBackIntoTheSameTicket() {
        assertEquals(ticket, TicketJson.read(TicketRenderer.json(ticket)));
    }

    @Test
    void jsonCarriesTheFieldsConsumersKeyOn() {
        String json = new String(TicketRenderer.json(ticket), java.nio.charset.StandardCharsets.UTF_8);

        assertTrue(json.startsWith("{\"fingerprint\":\"" + ticket.fingerprint() + "\",\"resourceKey\":\""
                + TicketComposer.resourceKey(Samples.POOL) + "\",\"status\":\"OPEN\",\"title\":"), json);
    }

    @Test
    void textFromTheAuditLogIsEscapedNotInterpreted() {
        Decision hostile = new Decision(Samples.violation(MG001).fingerprint(), Samples.POOL,
                dev.metadataguard.policy.Outcome.VIOLATION, List.of(MG001), List.of(),
                dev.metadataguard.decision.Action.TICKET, "", "dry-run", "m", "op", "<img src=x> *bold*",
                Samples.CREATED, null);

        String text = TicketRenderer.markdown(Samples.composer().violation(hostile, Optional.empty()));

        assertTrue(text.contains("**Created by:** `<img src=x> *bold*` at 2026-11-28T09:00:00Z"), text);
    }

    @Test
    void codeWithBackticksGetsALongerDelimiter() {
        String text = TicketRenderer.markdown(List.of(new Paragraph(List.of(Span.code("a`b")))));

        assertEquals("``a`b``\n", text);
    }

    /** Tickets a directory sink stored before problems named their CIS item read back with none. */
    @Test
    void aTicketWrittenBeforeProblemsNamedTheirCisItemStillReads() {
        String stored = new String(TicketJson.write(ticket), java.nio.charset.StandardCharsets.UTF_8)
                .replace(",\"cis\":\"CIS GKE Benchmark 1.6.0 5.4.1\"", "")
                .replace(",\"cis\":\"CIS GKE Benchmark 1.6.0 5.2.1\"", "");

        Ticket read = TicketJson.read(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(List.of("", ""), read.problems().stream().map(Ticket.Problem::cis).toList());
        assertTrue(!stored.contains("\"cis\""), stored);
    }
}
