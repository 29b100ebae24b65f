package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ACCOUNT;
import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.decisionOn;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.policy.Labels;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replacement request is a hint: whatever it claims, the replacer re-judges the live pool and writes
 * nothing unless that verdict is a violation to replace under its own policy. Enforce mode with
 * {@code retireOriginal: delete}, the setting where a forged request would do the most harm.
 */
class ForgedRequestTest {

    private static final String POLICY = "projects: [\"acme-prod\"]\n"
            + ReplacerBed.enforce("retireOriginal: delete, enableWorkloadIdentity: true");
    private static final ResourceRef API = CLUSTER.withNodePool("api");
    private static final ResourceRef LEGACY = CLUSTER.withNodePool("legacy-agent");

    private final ReplacerBed bed = new ReplacerBed();
    private final Replacer replacer = bed.replacer(POLICY);

    ForgedRequestTest() {
        bed.embedded.seed(CLUSTER.name(), compliant("api"));
        NodePool exempt = Pools.rich("legacy-agent");
        bed.embedded.seed(CLUSTER.name(), exempt.toBuilder().setConfig(exempt.getConfig().toBuilder()
                .putLabels(Labels.EXEMPT, "vendor-agent-needs-metadata")).build());
    }

    @AfterEach
    void close() {
        bed.close();
    }

    /** What a hostile colleague would publish: a replace request claiming nothing, or anything. */
    private static Decision forged(ResourceRef pool) {
        return decisionOn(pool.name());
    }

    private static NodePool compliant(String name) {
        NodePool exposed = Pools.exposedOnly(name, ACCOUNT);
        return exposed.toBuilder().setConfig(exposed.getConfig().toBuilder().setWorkloadMetadataConfig(
                WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA))).build();
    }

    private void assertNothingWritten() {
        assertEquals(List.of("default-pool", "batch", "api", "legacy-agent"), bed.poolNames());
        for (String write : List.of("CreateNodePool", "UpdateNodePool", "UpdateCluster", "SetNodePoolSize",
                "DeleteNodePool")) {
            assertEquals(0, bed.embedded.calls(write), write);
        }
    }

    @Test
    void requestForACompliantPoolIsStaleAndChangesNothing() {
        var requests = replacer.replace(forged(API));

        assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
        assertEquals("Nothing was changed: the request to replace " + API.name() + " no longer holds; live, the pool"
                + " is compliant (compliant), and its action is none.", outcome(requests.get(0)).detail());
        assertNothingWritten();
    }

    @Test
    void requestForAnExemptPoolIsStaleAndChangesNothing() {
        var requests = replacer.replace(decisionOn(LEGACY.name(), "MG001", "MG002", "MG004"));

        assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
        assertTrue(outcome(requests.get(0)).detail().contains("live, the pool is exempt (label " + Labels.EXEMPT
                + "=vendor-agent-needs-metadata)"), outcome(requests.get(0)).detail());
        assertNothingWritten();
    }

    @Test
    void requestForAProjectOutsideThePolicyIsStaleAndNothingIsRead() {
        ResourceRef elsewhere = ResourceRef.cluster("acme-dev", "europe-west1-b", "payments").withNodePool("batch");
        bed.embedded.seed(elsewhere.clusterRef().name(), ReplacerBed.WORKLOAD_IDENTITY);
        bed.embedded.seed(elsewhere.clusterRef().name(), Pools.rich("batch"));

        var requests = replacer.replace(decisionOn(elsewhere.name(), "MG001"));

        assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
        assertEquals("Nothing was changed: the request to replace " + elsewhere.name() + " no longer holds; project"
                + " acme-dev is outside this policy's projects.", outcome(requests.get(0)).detail());
        assertEquals(0, bed.embedded.calls("GetNodePool"));
        assertNothingWritten();
    }

    @Test
    void requestForAPoolThatDoesNotExistChangesNothing() {
        var requests = replacer.replace(forged(CLUSTER.withNodePool("ghost")));

        assertEquals(List.of(Kind.RESOURCE_DELETED), kinds(requests));
        assertNothingWritten();
    }

    @Test
    void requestUnderAnotherMatchingPolicyStillNeedsThisPolicyToSayReplace() {
        Replacer ticketsOnly = bed.replacer(POLICY.replace("action: replace", "action: ticket"));

        var requests = ticketsOnly.replace(ReplacerBed.richDecision());

        assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
        assertTrue(outcome(requests.get(0)).detail().endsWith("its action is ticket."), outcome(requests.get(0)).detail());
        assertNothingWritten();
    }

    @Test
    void genuineRequestIsStillCarriedOutAndItsFindingsAreTheLiveOnes() {
        var requests = replacer.replace(decisionOn(ORIGINAL.name(), "MG001"));

        assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED, Kind.RESOURCE_DELETED), kinds(requests));
        assertEquals(Fingerprint.of(ORIGINAL.name(), List.of("MG001", "MG002", "MG004")),
                ((dev.metadataguard.decision.TicketRequest.Remediated) requests.get(0)).decision().fingerprint());
        assertTrue(outcome(requests.get(0)).detail().contains("The request named MG001; the live pool fails MG001,"
                + " MG002, MG004."), outcome(requests.get(0)).detail());
    }

    @Test
    void requestWithoutAnOutcomeIsMalformedAndNothingIsRead() {
        Decision whole = ReplacerBed.richDecision();
        Decision partial = new Decision(whole.fingerprint(), whole.resource(), null, whole.findings(),
                whole.unknownChecks(), whole.action(), whole.reason(), whole.mode(), whole.method(), whole.operationId(),
                whole.principal(), whole.eventTime(), null);

        RequestCheck.Malformed refused = assertThrows(RequestCheck.Malformed.class, () -> replacer.replace(partial));

        assertTrue(refused.getMessage().contains("missing outcome"), refused.getMessage());
        assertEquals(0, bed.embedded.calls("GetNodePool"));
    }

    @Test
    void requestWhoseFingerprintIsNotItsOwnIsMalformed() {
        Decision whole = ReplacerBed.richDecision();
        Decision borrowed = new Decision(Fingerprint.of(API.name(), List.of("MG001")), whole.resource(), whole.outcome(),
                whole.findings(), whole.unknownChecks(), whole.action(), whole.reason(), whole.mode(), whole.method(),
                whole.operationId(), whole.principal(), whole.eventTime(), null);

        assertThrows(RequestCheck.Malformed.class, () -> replacer.replace(borrowed));
        assertEquals(0, bed.embedded.calls("GetNodePool"));
    }

    @Test
    void requestWithAnotherActionIsMalformed() {
        Decision whole = ReplacerBed.richDecision();
        Decision ticket = new Decision(whole.fingerprint(), whole.resource(), whole.outcome(), whole.findings(),
                whole.unknownChecks(), Action.TICKET, whole.reason(), whole.mode(), whole.method(), whole.operationId(),
                whole.principal(), whole.eventTime(), null);

        assertThrows(RequestCheck.Malformed.class, () -> replacer.replace(ticket));
        assertEquals(0, bed.embedded.calls("GetNodePool"));
        assertEquals(0, bed.embedded.calls("GetCluster"));
    }

    @Test
    void requestForAClusterWithoutAutoProvisioningIsStaleAndChangesNothing() {
        var requests = replacer.replace(decisionOn(CLUSTER.name(), "MG002"));

        assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
        assertTrue(outcome(requests.get(0)).detail().contains("has no auto-provisioning"), requests.toString());
        assertEquals(0, bed.embedded.calls("UpdateCluster") + bed.embedded.calls("CreateNodePool"));
    }
}
