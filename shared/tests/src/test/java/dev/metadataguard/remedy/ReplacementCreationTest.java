package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ACCOUNT;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Enforce mode through the real container client against the embedded GKE. */
class ReplacementCreationTest {

    private final ReplacerBed bed = new ReplacerBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void createdPoolHasTheOriginalsShapeFieldByField() {
        bed.replacer(ReplacerBed.enforce("")).replace(ReplacerBed.richDecision());
        bed.embedded.completeAllOperations();

        NodePool original = bed.gke.getNodePool(ORIGINAL);
        NodePool created = bed.gke.getNodePool(REPLACEMENT);
        assertEquals(Shape.of(original), Shape.of(created));
        NodeConfig was = original.getConfig();
        NodeConfig is = created.getConfig();
        assertEquals("n2-highmem-4", is.getMachineType());
        assertEquals(200, is.getDiskSizeGb());
        assertEquals("pd-ssd", is.getDiskType());
        assertEquals(was.getTaintsList(), is.getTaintsList());
        assertEquals(was.getKubeletConfig(), is.getKubeletConfig());
        assertTrue(is.getSpot());
        assertEquals(original.getAutoscaling(), created.getAutoscaling());
        assertEquals(original.getManagement().getAutoRepair(), created.getManagement().getAutoRepair());
        assertEquals(original.getUpgradeSettings(), created.getUpgradeSettings());
        assertEquals(List.of("europe-west1-b", "europe-west1-c"), created.getLocationsList());
    }

    /**
     * The original is a GKE Sandbox pool: GKE wrote its sandbox label and taint, and refuses both in a request. The
     * replacement's request leaves them out, GKE takes it, and writes them again from the sandbox_config it keeps.
     */
    @Test
    void aSandboxPoolIsReplacedAndGkeWritesItsSandboxLabelAndTaintAgain() {
        NodePool original = bed.gke.getNodePool(ORIGINAL);
        assertEquals("gvisor", original.getConfig().getLabelsOrThrow("sandbox.gke.io/runtime"));

        RemediationOutcome created = outcome(bed.replacer(ReplacerBed.enforce("")).replace(ReplacerBed.richDecision()).get(0));
        bed.embedded.completeAllOperations();

        assertEquals(RemediationOutcome.Kind.REPLACEMENT_CREATED, created.kind(), created.detail());
        NodeConfig is = bed.gke.getNodePool(REPLACEMENT).getConfig();
        assertEquals(original.getConfig().getSandboxConfig(), is.getSandboxConfig());
        assertEquals("gvisor", is.getLabelsOrThrow("sandbox.gke.io/runtime"));
        assertEquals(original.getConfig().getTaintsList(), is.getTaintsList());
    }

    @Test
    void aVersionAndImageGkeNoLongerOffersFallBackAndTheTicketSaysSo() {
        bed.embedded.offer(List.of("1.33.5-gke.1308000"), List.of("UBUNTU_CONTAINERD", "COS_CONTAINERD"));
        NodePool original = bed.gke.getNodePool(ReplacerBed.ORIGINAL);
        Replacer replacer = bed.replacer(ReplacerBed.enforce(""));

        RemediationOutcome created = ReplacerBed.outcome(replacer.replace(ReplacerBed.richDecision()).get(0));

        assertEquals(RemediationOutcome.Kind.REPLACEMENT_CREATED, created.kind());
        NodePool replacement = bed.gke.getNodePool(ReplacerBed.REPLACEMENT);
        assertEquals("COS_CONTAINERD", original.getConfig().getImageType(), "the bed's pool runs COS_CONTAINERD");
        assertEquals("1.33.5-gke.1308000", replacement.getVersion(), "unset, so GKE gave it the control plane's version");
        assertTrue(created.detail().contains("GKE no longer offers node version " + original.getVersion()
                + " here, so the replacement runs the control plane's version"), created.detail());
    }

    @Test
    void anImageTypeNoLongerOfferedBecomesTheFirstOfferedOfItsFamily() {
        bed.embedded.offer(List.of("1.33.5-gke.1308000", "1.32.4-gke.1106006"), List.of("UBUNTU_CONTAINERD",
                "COS_CONTAINERD_ARM", "COS_CONTAINERD_V2"));
        Replacer replacer = bed.replacer(ReplacerBed.enforce(""));

        RemediationOutcome created = ReplacerBed.outcome(replacer.replace(ReplacerBed.richDecision()).get(0));

        assertEquals("COS_CONTAINERD_ARM", bed.gke.getNodePool(ReplacerBed.REPLACEMENT).getConfig().getImageType());
        assertTrue(created.detail().contains("GKE no longer offers image type COS_CONTAINERD, so the replacement uses"
                + " COS_CONTAINERD_ARM, the nearest one offered."), created.detail());
        assertFalse(created.detail().contains("node version"), "the version is still offered: " + created.detail());
    }

    @Test
    void createdPoolHasTheCompliantSettings() {
        bed.replacer(ReplacerBed.enforce("")).replace(ReplacerBed.richDecision());

        NodeConfig config = bed.gke.getNodePool(REPLACEMENT).getConfig();
        assertEquals(WorkloadMetadataConfig.Mode.GKE_METADATA, config.getWorkloadMetadataConfig().getMode());
        assertEquals(ACCOUNT, config.getServiceAccount());
        assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform"), config.getOauthScopesList());
        assertEquals("true", config.getMetadataOrThrow("disable-legacy-endpoints"));
        // The original is a GKE Sandbox pool: GKE labels its replacement's nodes as it labelled the original's.
        assertEquals(Map.of("workload", "batch", "metadata-guard-replaces", "batch", "sandbox.gke.io/runtime", "gvisor"),
                config.getLabelsMap());
    }

    @Test
    void outcomeNamesTheReplacementItsOperationAndTheOriginal() {
        List<TicketRequest> requests = bed.replacer(ReplacerBed.enforce("")).replace(ReplacerBed.richDecision());

        assertEquals(1, requests.size());
        TicketRequest.Remediated remediated = (TicketRequest.Remediated) requests.get(0);
        assertEquals(ReplacerBed.richDecision().fingerprint(), remediated.decision().fingerprint(),
                "the live verdict, which found what the request said");
        RemediationOutcome outcome = remediated.outcome();
        assertEquals(RemediationOutcome.Kind.REPLACEMENT_CREATED, outcome.kind());
        assertEquals(REPLACEMENT.name(), outcome.replacement());
        assertEquals("CREATE_NODE_POOL", bed.gke.getOperation("acme-prod", "europe-west1-b", outcome.operation())
                .getOperationType().name());
        assertEquals("Node pool batch-mg-f80b52d4 replaces batch in cluster payments: the same shape, with the GKE"
                + " metadata server, service account " + ACCOUNT + ", scope cloud-platform and the legacy metadata"
                + " endpoints disabled. It starts at 3 nodes per zone in 2 zones, the original's current size, with the original's autoscaling limits. The original is kept (replacement.retireOriginal: keep).",
                outcome.detail());
    }

    @Test
    void originalIsKeptByDefaultAndTheTicketSaysHowToMoveOffIt() {
        List<TicketRequest> requests = bed.replacer(ReplacerBed.enforce("")).replace(ReplacerBed.richDecision());
        bed.embedded.completeAllOperations();

        assertEquals(List.of("default-pool", "batch", "batch-mg-f80b52d4"), bed.poolNames());
        assertEquals("Move the workloads to the replacement, then delete the original: gcloud container clusters"
                + " get-credentials payments --location=europe-west1-b --project=acme-prod; kubectl cordon"
                + " --selector=cloud.google.com/gke-nodepool=batch; kubectl drain --selector=cloud.google.com/gke-nodepool=batch"
                + " --ignore-daemonsets --delete-emptydir-data; gcloud container node-pools delete batch --cluster=payments"
                + " --location=europe-west1-b --project=acme-prod. Pods that select batch by its"
                + " cloud.google.com/gke-nodepool label, or tolerate only its taints, do not move by themselves: point"
                + " them at batch-mg-f80b52d4.", outcome(requests.get(0)).fix());
    }
}
