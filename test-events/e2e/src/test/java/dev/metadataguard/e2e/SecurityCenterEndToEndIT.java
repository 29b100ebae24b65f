package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.securitycenter.v2.Finding;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.e2e.Guard.Function;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.ticket.sink.EmbeddedSecurityCenter;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tickets to GitHub and Security Command Center at once ({@code tickets.sinks: [github, scc]}), end to end as
 * in {@link EnforceEndToEndIT}: the ticket opener under the real invoker reaches the local GitHub over HTTP
 * and the embedded Security Command Center over loopback gRPC with the real SecurityCenterClient.
 */
class SecurityCenterEndToEndIT extends GuardScenarios {

    private static final Pattern FINGERPRINT = Pattern.compile("mg-[0-9a-f]{16}");
    /**
     * A bound, not a wait: settling returns once everything is acknowledged. The ticket opener's first request
     * also builds the SecurityCenter client (the v2 API's descriptors): on a loaded machine the first scenario
     * took longer than the suite's usual bound, and a scenario left unsettled leaks into the next.
     */
    private static final Duration SETTLE_WITH_SCC = Duration.ofMinutes(4);

    @Override
    String policy() {
        return "enforce.yaml";
    }

    @Override
    List<String> sinks() {
        return List.of("github", "scc");
    }

    @Test
    void aViolationAndItsResolutionAppearInBoth() {
        JsonNode entry = AuditEntries.of("07-create-node-pool-v1-first-exposed-background.json");
        guard.gke().created(entry);

        guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE_WITH_SCC);

        String batch = PAYMENTS + "/nodePools/batch";
        String fingerprint = Fingerprint.of(batch, List.of("MG001", "MG002", "MG005"));
        assertEquals(List.of(fingerprint + " open"), issueStates(batch), guard::diagnostics);
        Finding finding = findingAbout(batch);
        assertEquals(List.of(fingerprint, "GKE_NODE_METADATA_EXPOSED", "ACTIVE"), List.of(
                EmbeddedSecurityCenter.property(finding, "fingerprint"), finding.getCategory(), finding.getState().name()));
        assertEquals(Guard.SCC_SOURCE + "/locations/global/findings/" + fingerprint.replace("-", ""), finding.getName());
        assertEquals(1, finding.getSourcePropertiesOrThrow("outcome_keys").getListValue().getValuesCount(),
                "the replacement, recorded once");

        // A compliant replacement leaves the ticket open (the original still runs); the original's deletion,
        // seen by the next sweep of its cluster, resolves it in both sinks.
        String replacement = PAYMENTS + "/nodePools/" + ReplacementName.of("batch");
        String operation = guard.gke().creationsOf(replacement).get(0).getName();
        guard.publish(AuditEntries.bytes(AuditEntries.replacerCreated(replacement, operation, Instant.now())));
        guard.awaitSettled(SETTLE_WITH_SCC);
        assertEquals(List.of(fingerprint + " open"), issueStates(batch), guard::diagnostics);
        assertEquals(Finding.State.ACTIVE, findingAbout(batch).getState());

        guard.gke().delete(batch, Duration.ofSeconds(30));
        guard.publish(("{\"kind\":\"inspection-request\",\"cluster\":\"" + PAYMENTS + "\",\"sweep\":\"sweep-e2e\","
                + "\"requestedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
        guard.awaitSettled(SETTLE_WITH_SCC);

        assertEquals(List.of(fingerprint + " closed"), issueStates(batch), guard::diagnostics);
        Finding resolved = findingAbout(batch);
        assertEquals(Finding.State.INACTIVE, resolved.getState());
        assertTrue(EmbeddedSecurityCenter.property(resolved, "resolution").startsWith("deleted"), resolved.toString());
        assertEquals(Finding.Mute.UNDEFINED, resolved.getMute());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void anUnavailableSecurityCenterDoesNotStopGithubAndTheRetryAddsOnlyTheFinding() {
        JsonNode entry = AuditEntries.of("04-create-cluster-v1-first-defaults-auditlog.json");
        guard.gke().created(entry);
        guard.scc().failNext(Status.UNAVAILABLE.withDescription("the service is currently unavailable"));

        guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE_WITH_SCC);

        String pool = "projects/acme-dev/locations/europe-west4-a/clusters/scratch/nodePools/default-pool";
        // First delivery: GitHub opened, SCC failed, so Pub/Sub redelivered; the second found the issue there.
        assertEquals(List.of("github opened", "github unchanged", "scc opened"), changes(pool), guard::diagnostics);
        assertEquals(List.of(Fingerprint.of(pool, List.of("MG001", "MG002")) + " open"), issueStates(pool));
        assertEquals(Finding.State.ACTIVE, findingAbout(pool).getState());
        assertEquals(2, guard.counts().minus(before).ticketRequests());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aSecurityCenterRefusingTheGuardDeadLettersTheRequestAfterGithubHasItsIssue() {
        JsonNode entry = AuditEntries.of("03-create-cluster-v1beta1-first-legacy-nodeconfig-push.json");
        guard.gke().created(entry);
        guard.scc().revoke(EmbeddedSecurityCenter.UPDATE);
        try {
            guard.publish(AuditEntries.bytes(entry));
            guard.awaitSettled(SETTLE_WITH_SCC);
        } finally {
            guard.scc().restore(EmbeddedSecurityCenter.UPDATE);
        }

        String pool = "projects/acme-dev/locations/us-central1/clusters/legacy/nodePools/default-pool";
        assertEquals(1, issueStates(pool).size(), guard::diagnostics);
        assertEquals(List.of(), guard.scc().findings().stream()
                .filter(f -> f.getResourceName().endsWith(pool)).toList());
        List<Guard.DeadLetter> letters = guard.takeDeadLetters(1);
        assertEquals(1, letters.size(), letters::toString);
        assertEquals("ticket-requests", letters.get(0).topic());
        assertTrue(letters.get(0).attributes().get("reason").contains("tickets.sinks: sink scc: "
                + "securitycenter.findings.update: PERMISSION_DENIED"), letters.get(0).attributes().toString());
    }

    @Test
    void aRedeliveredEntryLeavesOneIssueAndOneFindingPerTicket() {
        JsonNode entry = AuditEntries.of("20-create-cluster-v1-first-no-workload-identity.json");
        guard.gke().created(entry);

        guard.publish(AuditEntries.bytes(entry));
        guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE_WITH_SCC);

        String cluster = "projects/acme-prod/locations/europe-west1-c/clusters/reports";
        List<String> inGithub = guard.issues().stream().filter(i -> i.body().contains(cluster))
                .flatMap(i -> i.labels().stream()).filter(l -> FINGERPRINT.matcher(l).matches()).sorted().toList();
        List<String> inScc = guard.scc().findings().stream()
                .filter(f -> f.getResourceName().startsWith(assetName(cluster)))
                .map(f -> EmbeddedSecurityCenter.property(f, "fingerprint")).sorted().toList();
        assertTrue(!inGithub.isEmpty(), guard::diagnostics);
        assertEquals(inGithub, inGithub.stream().distinct().toList(), "one issue per ticket");
        assertEquals(inGithub, inScc, "one finding per issue");
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    /** Each issue about {@code pool}: its fingerprint label and state. */
    private List<String> issueStates(String pool) {
        return guard.issuesAbout(pool).stream().map(i -> i.labels().stream()
                .filter(l -> FINGERPRINT.matcher(l).matches()).findFirst().orElse("?") + " " + i.state()).toList();
    }

    private Finding findingAbout(String pool) {
        List<Finding> findings = guard.scc().findings().stream()
                .filter(f -> f.getResourceName().equals(assetName(pool))).toList();
        assertEquals(1, findings.size(), () -> findings + guard.diagnostics());
        return findings.get(0);
    }

    /** The name Cloud Asset Inventory gives {@code resource}: a zonal cluster's under zones/, a regional one's under locations/. */
    private static String assetName(String resource) {
        return "//container.googleapis.com/" + resource.replaceFirst("/locations/([a-z]+-[a-z]+[0-9]+-[a-z])/", "/zones/$1/");
    }

    /** What the ticket opener logged it did about {@code pool}, sink by sink, in order. */
    private List<String> changes(String pool) {
        return guard.logOf(Function.TICKET_OPENER).stream()
                .filter(l -> l.path("resource").asText().equals(pool) && l.has("sink"))
                .map(l -> l.path("sink").asText() + " " + l.path("decision").asText()).toList();
    }
}
