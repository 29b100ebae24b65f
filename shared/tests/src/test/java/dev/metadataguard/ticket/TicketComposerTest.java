package dev.metadataguard.ticket;

import static dev.metadataguard.ticket.Samples.MG001;
import static dev.metadataguard.ticket.Samples.MG002;
import static dev.metadataguard.ticket.Samples.MG004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest.GuardProblem;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.checks.MetadataExposed;
import dev.metadataguard.testing.SpelledOutChecks;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TicketComposerTest {

    private final TicketComposer composer = Samples.composer();

    @Test
    void fixCommandsCarryTheRealProjectLocationClusterPoolAndTheAccountToCreate() {
        Ticket ticket = composer.violation(Samples.violation(MG001, MG002), Optional.empty());

        assertEquals(List.of(
                "gcloud container clusters describe c1 --location=europe-west1 --project=acme-prod"
                        + " --format='value(workloadIdentityConfig.workloadPool)'",
                "gcloud container clusters update c1 --location=europe-west1 --project=acme-prod"
                        + " --workload-pool=acme-prod.svc.id.goog",
                "gcloud iam service-accounts create metadata-guard-nodes --project=acme-prod"
                        + " --display-name='GKE nodes (least privilege)'",
                "gcloud projects add-iam-policy-binding acme-prod"
                        + " --member=serviceAccount:metadata-guard-nodes@acme-prod.iam.gserviceaccount.com"
                        + " --role=roles/monitoring.metricWriter",
                "gcloud projects add-iam-policy-binding acme-prod"
                        + " --member=serviceAccount:metadata-guard-nodes@acme-prod.iam.gserviceaccount.com"
                        + " --role=roles/monitoring.viewer",
                "gcloud projects add-iam-policy-binding acme-prod"
                        + " --member=serviceAccount:metadata-guard-nodes@acme-prod.iam.gserviceaccount.com"
                        + " --role=roles/logging.logWriter",
                "gcloud container node-pools describe np-1 --cluster=c1 --location=europe-west1 --project=acme-prod",
                "gcloud container node-pools create np-1-mg-dfb86da9 --cluster=c1 --location=europe-west1 --project=acme-prod"
                        + " --workload-metadata=GKE_METADATA"
                        + " --service-account=metadata-guard-nodes@acme-prod.iam.gserviceaccount.com"
                        + " --metadata=disable-legacy-endpoints=true --scopes=https://www.googleapis.com/auth/cloud-platform"
                        + " --node-labels=metadata-guard-replaces=np-1",
                "gcloud container clusters get-credentials c1 --location=europe-west1 --project=acme-prod",
                "kubectl cordon --selector=cloud.google.com/gke-nodepool=np-1",
                "kubectl drain --selector=cloud.google.com/gke-nodepool=np-1 --ignore-daemonsets"
                        + " --delete-emptydir-data",
                "gcloud container node-pools delete np-1 --cluster=c1 --location=europe-west1 --project=acme-prod"),
                commands(ticket));
    }

    @Test
    void aConfiguredNodeAccountIsUsedAndNotCreated() {
        TicketComposer configured = new TicketComposer(project -> project.equals("acme-prod")
                ? Optional.of("gke-nodes@acme-prod.iam.gserviceaccount.com")
                : Optional.empty(), SpelledOutChecks.CHECKS);

        List<String> commands = commands(configured.violation(Samples.violation(MG002), Optional.empty()));

        assertEquals("gcloud container clusters describe c1 --location=europe-west1 --project=acme-prod"
                + " --format='value(workloadIdentityConfig.workloadPool)'", commands.get(0));
        assertEquals("gcloud container node-pools create np-1-mg-dfb86da9 --cluster=c1 --location=europe-west1"
                + " --project=acme-prod --workload-metadata=GKE_METADATA"
                + " --service-account=gke-nodes@acme-prod.iam.gserviceaccount.com"
                + " --metadata=disable-legacy-endpoints=true --scopes=https://www.googleapis.com/auth/cloud-platform"
                        + " --node-labels=metadata-guard-replaces=np-1", commands.get(3));
    }

    @Test
    void theReplacementTheGuardMadeIsTheOneTheCommandsName() {
        Ticket ticket = composer.violation(Samples.violation(MG001), Optional.of(Samples.replacementCreated()));

        assertEquals("gcloud container node-pools create np-1-mg --cluster=c1 --location=europe-west1"
                + " --project=acme-prod --workload-metadata=GKE_METADATA"
                + " --service-account=metadata-guard-nodes@acme-prod.iam.gserviceaccount.com"
                + " --metadata=disable-legacy-endpoints=true --scopes=https://www.googleapis.com/auth/cloud-platform"
                        + " --node-labels=metadata-guard-replaces=np-1", commands(ticket).get(7));
        assertEquals(List.of(Samples.replacementCreated()), ticket.outcomes());
    }

    @Test
    void aClusterGetsAutoProvisioningDefaultsInsteadOfANewPool() {
        String cluster = "projects/acme-prod/locations/europe-west1-b/clusters/c2";
        Ticket ticket = composer.violation(Samples.decision(cluster, Outcome.VIOLATION, Samples.CREATED, MG002),
                Optional.empty());

        List<String> commands = commands(ticket);
        assertEquals("gcloud container clusters update c2 --location=europe-west1-b --project=acme-prod"
                + " --enable-autoprovisioning"
                + " --autoprovisioning-service-account=metadata-guard-nodes@acme-prod.iam.gserviceaccount.com"
                + " --autoprovisioning-scopes=https://www.googleapis.com/auth/cloud-platform",
                commands.get(commands.size() - 1));
        assertEquals("[Metadata Guard] HIGH: cluster c2 runs nodes with an unsafe service account (MG002)",
                ticket.title());
    }

    @Test
    void titleNamesTheHighestSeverityThePoolTheClusterAndTheSortedCheckIds() {
        Ticket ticket = composer.violation(Samples.violation(MG004, MG002, MG001), Optional.empty());

        assertEquals("[Metadata Guard] HIGH: node pool np-1 in cluster c1 exposes node metadata (MG001, MG002, MG004)",
                ticket.title());
        assertEquals(Severity.HIGH, ticket.severity());
    }

    @Test
    void severityIsTheHighestOfTheFindings() {
        assertEquals(Severity.LOW, composer.violation(Samples.violation(MG004), Optional.empty()).severity());
        assertEquals(Severity.HIGH, composer.violation(Samples.violation(MG004, MG002), Optional.empty()).severity());
    }

    /** An informational finding alone names its own, milder exposure: the endpoints answer nothing any more. */
    @Test
    void aTicketAboutOnlyTheLegacyEndpointsDoesNotSayMetadataIsExposed() {
        assertEquals("[Metadata Guard] LOW: node pool np-1 in cluster c1 keeps a legacy metadata setting (MG004)",
                composer.violation(Samples.violation(MG004), Optional.empty()).title());
    }

    @Test
    void eachProblemNamesItsCisGkeBenchmarkItemWhereThereIsOne() {
        Ticket ticket = composer.violation(Samples.violation(MG001, MG002, MG004), Optional.empty());

        assertEquals(List.of("CIS GKE Benchmark 1.6.0 5.4.1", "CIS GKE Benchmark 1.6.0 5.2.1", ""),
                ticket.problems().stream().map(Ticket.Problem::cis).toList());
    }

    @Test
    void eachProblemCarriesItsEvidenceAndWhyItMatters() {
        Ticket ticket = composer.violation(Samples.violation(MG001), Optional.empty());

        Ticket.Problem problem = ticket.problems().get(0);
        assertEquals(MG001.evidence(), problem.evidence());
        assertEquals(new MetadataExposed().whyItMatters(), problem.whyItMatters());
    }

    @Test
    void whoAndWhenComeFromTheAuditEntry() {
        Ticket ticket = composer.violation(Samples.violation(MG001), Optional.empty());

        assertEquals(Optional.of("alice@example.com"), ticket.createdBy());
        assertEquals(Optional.of(Samples.CREATED), ticket.createdAt());
    }

    @Test
    void aGuardProblemIsKeyedOnCallPermissionAndProject() {
        GuardProblem problem = Samples.guardProblem();
        GuardProblem otherPoolSameProject = new GuardProblem(
                "projects/acme-prod/locations/us-east1/clusters/c9", problem.call(), problem.permission(), "again");
        GuardProblem otherProject = new GuardProblem(
                problem.resource().replace("acme-prod", "acme-dev"), problem.call(), problem.permission(), "denied");

        String key = composer.guardProblem(problem).fingerprint();

        assertEquals(key, composer.guardProblem(otherPoolSameProject).fingerprint());
        assertNotEquals(key, composer.guardProblem(otherProject).fingerprint());
        assertEquals("[Metadata Guard] HIGH: the guard lacks resourcemanager.projects.getIamPolicy in project acme-prod",
                composer.guardProblem(problem).title());
    }

    private static List<String> commands(Ticket ticket) {
        return ticket.fix().stream().map(FixStep::commands).flatMap(List::stream).toList();
    }

    @Test
    void anExemptionByLabelSaysWhoExemptedItWhenWhyAndWhatItFails() {
        Decision violation = Samples.violation(Samples.MG001, Samples.MG002);
        Decision exempt = new Decision(violation.fingerprint(), violation.resource(), Outcome.EXEMPT,
                violation.findings(), List.of(), Action.TICKET, "label metadata-guard-exempt=vendor-agent", "enforce",
                violation.method(), "operation-2", "mallory@example.com", Samples.CREATED, null);

        Ticket ticket = Samples.composer().exemptedByLabel(exempt);

        assertEquals("[Metadata Guard] LOW: node pool np-1 in cluster c1 is exempt by label (MG001, MG002)",
                ticket.title());
        assertEquals("Node pool np-1 in cluster c1 is exempt by its own label metadata-guard-exempt=vendor-agent"
                + " (created by mallory@example.com at 2026-11-28T09:00:00Z), although it fails MG001, MG002. The"
                + " policy allows label exemptions (allowLabelExemptions); check that this one is wanted, or remove"
                + " the label.", ticket.summary());
        assertEquals(List.of("MG001", "MG002"), ticket.problems().stream().map(Ticket.Problem::checkId).toList());
    }

    @Test
    void aPreventableFindingEndsWithTheConstraintsThatWouldHaveRefusedItAndTheVariableThatTurnsThemOn() {
        Ticket pool = composer.violation(Samples.violation(MG001, MG002), Optional.empty());
        Ticket cluster = composer.violation(Samples.decision("projects/acme-prod/locations/europe-west1-b/clusters/c2",
                Outcome.VIOLATION, Samples.CREATED, MG002), Optional.empty());

        FixStep last = pool.fix().get(pool.fix().size() - 1);
        assertEquals("Prevent the next one: the Organization Policy custom constraints"
                + " custom.metadataGuardMg001NodePool, custom.metadataGuardMg002NodePool would have refused this pool"
                + " when it was created or changed. terraform/prevent deploys them in dry run, which only logs; its"
                + " variable enforce = true makes GKE refuse such requests.", last.description());
        assertEquals(List.of(), last.commands());
        assertTrue(cluster.fix().get(cluster.fix().size() - 1).description()
                .contains(" custom.metadataGuardMg002Autoprovisioning would have refused this cluster's"
                        + " auto-provisioning defaults"), cluster.fix().toString());
    }

    @Test
    void aFindingNoConstraintCanRefuseEndsWithItsFix() {
        Finding roles = new Finding("MG003", "The node service account holds roles beyond the minimal set",
                Severity.HIGH, new Evidence("nodePools[np-1].config.serviceAccount", "minimal roles", "roles/editor"), "");

        Ticket ticket = composer.violation(Samples.violation(roles), Optional.empty());

        assertTrue(ticket.fix().stream().noneMatch(step -> step.description().startsWith("Prevent")),
                ticket.fix().toString());
    }
}
