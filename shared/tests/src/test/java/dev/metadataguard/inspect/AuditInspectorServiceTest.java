package dev.metadataguard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.UnknownRoles;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every event ends as exactly one kind of log line: evaluated, ignored (with why) or malformed (with what). */
class AuditInspectorServiceTest {

    private static final String EVALUATED = "04-create-cluster-v1-first-defaults-auditlog.json";

    private final EventDecoder decoder = new EventDecoder(TestEvents.JSON);

    private List<JsonNode> handle(String policyYaml, String... files) throws IOException {
        List<String> lines = new ArrayList<>();
        try (EmbeddedGke gke = EmbeddedGke.inProcess();
                ContainerGke client = ContainerGke.connect(gke.channel());
             StructuredLog.Redirect capture = StructuredLog.redirect(lines::add)) {
            Inspector inspector = Wiring.inspector(client, new UnknownRoles(), PolicyLoader.parse(policyYaml, "t"));
            AuditInspectorService service = new AuditInspectorService(decoder, inspector, new RecordingSink(), DeadLetters.none(),
                    java.util.Optional.empty());
            for (String file : files) {
                var intakes = decoder.decode(TestEvents.bytes(file), file);
                // The cloud's GKE already holds what the entry created; seed the embedded one likewise.
                intakes.stream().filter(i -> i instanceof dev.metadataguard.event.Intake.Accepted)
                        .map(i -> ((dev.metadataguard.event.Intake.Accepted) i).event())
                        .forEach(e -> e.request().ifPresent(r -> gke.seedFromAuditRequest(e.resource().name(), r)));
                service.handle(TestEvents.cloudEvent(file), intakes);
            }
        }
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(TestEvents.JSON.readTree(line));
        }
        return parsed;
    }

    @Test
    void projectsOutsideThePolicyScopeAreIgnoredWithTheReason() throws IOException {
        JsonNode line = handle("projects: [\"acme-dev\"]\n", "05-create-node-pool-v1-first-compliant.json").get(0);
        assertEquals("ignored", line.path("decision").asText());
        assertEquals("project acme-prod is outside the policy's projects", line.path("reason").asText());
        assertEquals("INFO", line.path("severity").asText());
    }

    @Test
    void malformedAndIgnoredEventsAreOneLineEach() throws IOException {
        List<JsonNode> lines = handle("", "malformed/bad-base64.json", "21-set-maintenance-policy-unrelated-method.json");
        assertEquals(List.of("malformed", "ignored"), lines.stream().map(l -> l.path("decision").asText()).toList());
        assertEquals("ERROR", lines.get(0).path("severity").asText());
        assertTrue(lines.get(0).path("reason").asText().contains("not valid base64"));
    }

    @Test
    void anEvaluatedPoolLogsItsOutcomeFindingsAndDecision() throws IOException {
        JsonNode line = handle("", EVALUATED).stream()
                .filter(l -> l.path("message").asText().equals("evaluated")).findFirst().orElseThrow();
        assertEquals("violation", line.path("outcome").asText());
        assertEquals(ExpectedRows.findingsOf(EVALUATED, "default-pool"), TestEvents.JSON.convertValue(
                line.path("findings"), List.class));
        assertEquals("ticket", line.path("decision").asText());
    }
}
