package dev.metadataguard.ticket;

import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.testing.SpelledOutChecks;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Decisions and outcomes as the inspector and the replacer send them, for tests of every sink. */
public final class Samples {

    public static final String POOL = "projects/acme-prod/locations/europe-west1/clusters/c1/nodePools/np-1";
    public static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    public static final Finding MG001 = new Finding("MG001", "Metadata exposed to Pods", Severity.HIGH,
            new Evidence("config.workloadMetadataConfig.mode", "GKE_METADATA", "GCE_METADATA"), "");
    public static final Finding MG002 = new Finding("MG002", "Default node service account", Severity.HIGH,
            new Evidence("config.serviceAccount", "a least-privilege service account",
                    "123456789-compute@developer.gserviceaccount.com"), "");
    public static final Finding MG004 = new Finding("MG004", "Legacy metadata endpoints not disabled",
            Severity.LOW, new Evidence("config.metadata.disable-legacy-endpoints", "true", "false"), "");

    private Samples() {
    }

    public static Decision violation(Finding... findings) {
        return decision(POOL, Outcome.VIOLATION, CREATED, findings);
    }

    public static Decision decision(String resource, Outcome outcome, Instant at, Finding... findings) {
        List<Finding> list = List.of(findings);
        return new Decision(Fingerprint.of(resource, list.stream().map(Finding::checkId).toList()), resource, outcome,
                list, List.of(), outcome == Outcome.VIOLATION ? Action.TICKET : Action.NONE,
                "remediation for project acme-prod is ticket", "dry-run",
                "google.container.v1.ClusterManager.CreateNodePool", "operation-1", "alice@example.com", at, null);
    }

    public static TicketRequest.Evaluated evaluated(Decision decision) {
        return new TicketRequest.Evaluated(decision);
    }

    public static TicketRequest.Evaluated compliantAt(Instant at) {
        return evaluated(decision(POOL, Outcome.COMPLIANT, at));
    }

    public static RemediationOutcome replacementCreated() {
        return new RemediationOutcome(RemediationOutcome.Kind.REPLACEMENT_CREATED, POOL.replace("np-1", "np-1-mg"),
                "operation-7", "Created node pool np-1-mg with GKE_METADATA and metadata-guard-nodes.",
                "Drain np-1, then delete it.");
    }

    /** The audit entry of {@code replacementCreated()}'s pool evaluated compliant, created by {@code operation}. */
    public static TicketRequest.Evaluated replacementCompliant(String operation) {
        Decision compliant = decision(replacementCreated().replacement(), Outcome.COMPLIANT, CREATED);
        return evaluated(new Decision(compliant.fingerprint(), compliant.resource(), compliant.outcome(), List.of(),
                List.of(), Action.NONE, "compliant replacement of " + POOL, compliant.mode(), compliant.method(),
                operation, "node-pool-replacer@guard-host.iam.gserviceaccount.com", CREATED, POOL));
    }

    public static TicketRequest.Remediated remediated(Decision decision, RemediationOutcome outcome) {
        return new TicketRequest.Remediated(decision, outcome);
    }

    public static TicketRequest.GuardProblem guardProblem() {
        return new TicketRequest.GuardProblem(POOL, "cloudresourcemanager.projects.getIamPolicy",
                "resourcemanager.projects.getIamPolicy", "PERMISSION_DENIED: caller lacks permission");
    }

    public static TicketComposer composer() {
        return new TicketComposer(project -> Optional.empty(), SpelledOutChecks.CHECKS);
    }

    /**
     * A check that lets every request through, for tests of what comes after the check (delivery, sinks), where
     * the live resource is not the subject; {@code LiveCheckTest} and the ticket-opener's invoker test test it.
     */
    public static final TicketCheck UNCHECKED = TicketCheck.Holds::new;

    public static TicketDesk desk(TicketSink sink) {
        return new TicketDesk(sink, composer(), CLOCK);
    }
}
