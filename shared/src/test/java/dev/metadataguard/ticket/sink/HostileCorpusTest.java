package dev.metadataguard.ticket.sink;

import static dev.metadataguard.testing.RenderedText.adfShape;
import static dev.metadataguard.testing.RenderedText.assertInertAdf;
import static dev.metadataguard.testing.RenderedText.assertInertMarkdown;
import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static dev.metadataguard.testing.RenderedText.markdownLiterals;
import static dev.metadataguard.testing.RenderedText.markdownShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.inspect.ClusterFacts;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.PolicyEngine;
import dev.metadataguard.testing.TestEvents;
import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Block;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketJson;
import dev.metadataguard.ticket.TicketRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The events of {@code test-events/hostile/} (metadata values, principals and names carrying CR/LF,
 * NUL, bidi overrides, HTML, Markdown links, backticks, shell metacharacters, 32 KB) through the real
 * decoder, the inspector on the embedded GKE, and every sink's renderer: Markdown (GitHub, directory),
 * ADF (Jira), JSON (Pub/Sub, webhook). Each rendering is read back with a real parser and must have
 * exactly the elements of the same ticket made with plain values; the values must show as text.
 */
class HostileCorpusTest {

    private static final EventDecoder DECODER = new EventDecoder(Json.mapper());
    private static EmbeddedGke gke;
    private static Inspector inspector;

    @BeforeAll
    static void start() {
        gke = EmbeddedGke.inProcess();
        // The corpus adds pools to acme-prod's cluster payments, which this entry creates.
        seedAndDecode(TestEvents.bytes("01-create-cluster-v1-first-compliant.json"), "payments");
        inspector = new Inspector(gke.gke(), IamPolicyFile.read(TestEvents.root().resolve("iam/acme-prod-iam-policy.json")),
                Policy.defaults(), new PolicyEngine(), ClusterFacts.NONE);
    }

    @AfterAll
    static void stop() {
        gke.close();
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(TestEvents.root().resolve("hostile"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everySinkShowsTheEventsTextAsText(Path file) throws IOException {
        List<Intake> intakes = seedAndDecode(Files.readAllBytes(file), file.getFileName().toString());
        boolean forged = file.getFileName().toString().contains("forged");
        List<Decision> violations = new ArrayList<>();
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Malformed m) {
                assertNoUnsafeCharacters(m.reason(), "the reason");
                assertTrue(m.reason().length() < 1000, m.reason());
            } else if (intake instanceof Intake.Accepted a) {
                inspector.inspect(a.event()).decisions().stream().filter(d -> !d.findings().isEmpty())
                        .forEach(violations::add);
            }
        }
        if (forged) {
            // GKE refuses such names, so only a forged entry carries one: it is refused, with the reason.
            assertTrue(intakes.stream().allMatch(i -> i instanceof Intake.Malformed), intakes.toString());
            return;
        }
        assertFalse(violations.isEmpty(), "each pool of the corpus leaves legacy endpoints on (MG004)");
        violations.forEach(HostileCorpusTest::renderEverywhere);
    }

    private static void renderEverywhere(Decision hostile) {
        Decision plain = plainTwin(hostile);
        Ticket ticket = Samples.composer().violation(hostile, Optional.of(outcome(hostile.principal())));
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
        assertTrue(seen.contains(Inert.value(hostile.principal())), "the principal shows whole: " + seen);
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

    /** The same decision with every value its creator wrote replaced by plain text. */
    private static Decision plainTwin(Decision d) {
        List<Finding> findings = d.findings().stream().map(f -> new Finding(f.checkId(), f.title(), f.severity(),
                new Evidence(f.evidence().field(), f.evidence().expected(), "x"), f.note())).toList();
        return new Decision(d.fingerprint(), d.resource(), d.outcome(), findings, d.unknownChecks(), d.action(),
                d.reason(), d.mode(), d.method(), d.operationId(), "x", d.eventTime(), d.replaces());
    }

    private static List<Intake> seedAndDecode(byte[] event, String name) {
        List<Intake> intakes = DECODER.decode(event, name);
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Accepted a && a.event().first()) {
                a.event().request().ifPresent(request -> gke.seedFromAuditRequest(a.event().resource(), request));
            }
        }
        return intakes;
    }
}
