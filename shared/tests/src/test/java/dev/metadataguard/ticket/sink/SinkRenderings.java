package dev.metadataguard.ticket.sink;

import static dev.metadataguard.testing.RenderedText.adfShape;
import static dev.metadataguard.testing.RenderedText.assertInertAdf;
import static dev.metadataguard.testing.RenderedText.assertInertMarkdown;
import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static dev.metadataguard.testing.RenderedText.markdownLiterals;
import static dev.metadataguard.testing.RenderedText.markdownShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Block;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketJson;
import dev.metadataguard.ticket.TicketRenderer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every sink's rendering of one ticket, checked against the same ticket made of plain values: Markdown
 * (directory, GitHub) read back with a real CommonMark parser, ADF (Jira) as its JSON tree, and the JSON
 * ticket (Pub/Sub, webhook).
 */
final class SinkRenderings {

    private SinkRenderings() {
    }

    /**
     * Renders the ticket of {@code hostile} for every sink, with an outcome and notes quoting its principal,
     * and fails unless each rendering has the elements of the same ticket made of plain values, no unsafe
     * character, and the values shown as text.
     */
    static void assertInertEverywhere(Decision hostile) {
        Decision plain = plainTwin(hostile);
        Ticket ticket = Samples.composer().violation(hostile, Optional.of(outcome(String.valueOf(hostile.principal()))));
        Ticket twin = Samples.composer().violation(plain, Optional.of(outcome("x")));

        // Directory sink and GitHub Issues: Markdown.
        String markdown = TicketRenderer.markdown(ticket);
        assertInertMarkdown(markdown);
        assertEquals(markdownShape(TicketRenderer.markdown(twin)), markdownShape(markdown), markdown);
        List<Block> githubBody = withMarker(ticket);
        assertEquals(markdownShape(TicketRenderer.markdown(withMarker(twin))),
                markdownShape(TicketRenderer.markdown(githubBody)));
        String seen = markdownLiterals(markdown);
        for (Finding f : hostile.findings()) {
            assertTrue(seen.contains(Inert.visible(f.evidence().actual())), "the value shows whole: " + seen);
        }
        if (hostile.principal() != null && !hostile.principal().isBlank()) {
            assertTrue(seen.contains(Inert.value(hostile.principal())), "the principal shows whole: " + seen);
        }
        assertNotes(ticket, twin);

        // Jira: ADF.
        JsonNode adf = AdfWriter.document(TicketRenderer.body(ticket));
        assertInertAdf(adf);
        assertEquals(adfShape(AdfWriter.document(TicketRenderer.body(twin))), adfShape(adf));

        // Pub/Sub and webhook: JSON that reads back as the same ticket, with nothing unsafe in its raw text.
        byte[] json = TicketRenderer.json(ticket);
        assertNoUnsafeCharacters(new String(json, StandardCharsets.UTF_8), "the JSON ticket");
        assertEquals(ticket, TicketJson.read(json));
    }

    private static void assertNotes(Ticket ticket, Ticket twin) {
        RemediationOutcome outcome = ticket.outcomes().get(0);
        RemediationOutcome plainOutcome = twin.outcomes().get(0);
        Ticket.Resolution resolution = new Ticket.Resolution(outcome.detail(), Instant.EPOCH);
        List<List<Block>> notes = List.of(TicketRenderer.outcomeNote(outcome), TicketRenderer.resolutionNote(resolution));
        List<List<Block>> plainNotes = List.of(TicketRenderer.outcomeNote(plainOutcome),
                TicketRenderer.resolutionNote(new Ticket.Resolution("x", Instant.EPOCH)));
        for (int i = 0; i < notes.size(); i++) {
            String note = TicketRenderer.markdown(notes.get(i));
            assertInertMarkdown(note);
            assertEquals(markdownShape(TicketRenderer.markdown(plainNotes.get(i))), markdownShape(note), note);
            assertInertAdf(AdfWriter.document(notes.get(i)));
            assertEquals(adfShape(AdfWriter.document(plainNotes.get(i))), adfShape(AdfWriter.document(notes.get(i))));
        }
    }

    private static List<Block> withMarker(Ticket ticket) {
        List<Block> body = new ArrayList<>(TicketRenderer.body(ticket));
        body.add(new Block.Marker("metadata-guard:" + ticket.fingerprint()));
        return body;
    }

    /** An outcome whose free text carries the hostile value, as a replacer's message quoting it would. */
    private static RemediationOutcome outcome(String text) {
        return new RemediationOutcome(RemediationOutcome.Kind.PRECONDITION_FAILED, "", "", "Not replaced: " + text,
                "Ask " + text + " first.");
    }

    /** The same decision with every value its creator wrote replaced by plain text (blank ones kept blank). */
    private static Decision plainTwin(Decision d) {
        List<Finding> findings = d.findings().stream().map(f -> new Finding(f.checkId(), f.title(), f.severity(),
                new Evidence(f.evidence().field(), f.evidence().expected(), plain(f.evidence().actual())), f.note()))
                .toList();
        return new Decision(d.fingerprint(), d.resource(), d.outcome(), findings, d.unknownChecks(), d.action(),
                d.reason(), d.mode(), d.method(), d.operationId(), plain(d.principal()), d.eventTime(), d.replaces());
    }

    private static String plain(String value) {
        return value == null || value.isBlank() ? value : "x";
    }
}
