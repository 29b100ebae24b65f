package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ACCOUNT;
import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterAutoscaling;
import com.google.container.v1.ResourceLimit;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Node auto-provisioning's defaults (the cluster's name stands for them): set with UpdateCluster when the
 * policy says {@code replacement.updateAutoprovisioningDefaults}, a ticket otherwise; never a pool.
 */
class AutoprovisioningDefaultsTest {

    private static final String UPDATE_CLUSTER = "UpdateCluster";

    /** {@code payments} with Workload Identity and auto-provisioning whose pools run as the default account. */
    private static Cluster autoprovisioned() {
        return ReplacerBed.WORKLOAD_IDENTITY.toBuilder().setAutoscaling(ClusterAutoscaling.newBuilder()
                .setEnableNodeAutoprovisioning(true)
                .addResourceLimits(ResourceLimit.newBuilder().setResourceType("cpu").setMinimum(1).setMaximum(64))
                .addResourceLimits(ResourceLimit.newBuilder().setResourceType("memory").setMinimum(1).setMaximum(256))
                .setAutoprovisioningNodePoolDefaults(AutoprovisioningNodePoolDefaults.newBuilder()
                        .setServiceAccount("default").addOauthScopes("https://www.googleapis.com/auth/cloud-platform")))
                .build();
    }

    private static String allowed(String mode) {
        return enforce("updateAutoprovisioningDefaults: true").replace("mode: enforce", "mode: " + mode);
    }

    @Test
    void thePolicyThatAllowsItSetsTheDefaultsWithUpdateClusterKeepingTheLimits() {
        try (ReplacerBed bed = new ReplacerBed(autoprovisioned())) {
            List<TicketRequest> requests = bed.replacer(allowed("enforce"))
                    .replace(ReplacerBed.decisionOn(CLUSTER.name(), "MG002"));

            RemediationOutcome fixed = outcome(requests.get(0));
            assertEquals(Kind.UPDATED_IN_PLACE, fixed.kind(), requests::toString);
            assertTrue(fixed.detail().startsWith("Set node auto-provisioning's defaults of cluster payments to service"
                    + " account " + ACCOUNT + " and scopes https://www.googleapis.com/auth/cloud-platform with"
                    + " UpdateCluster"), fixed.detail());
            bed.embedded.completeAllOperations();
            ClusterAutoscaling live = bed.gke.getCluster(CLUSTER).getAutoscaling();
            assertEquals(ACCOUNT, live.getAutoprovisioningNodePoolDefaults().getServiceAccount());
            assertEquals(autoprovisioned().getAutoscaling().getResourceLimitsList(), live.getResourceLimitsList(),
                    "desired_cluster_autoscaling replaces the whole field: the limits are sent back as they were");
            assertEquals(1, bed.embedded.calls(UPDATE_CLUSTER));
            assertEquals(0, bed.embedded.calls("CreateNodePool"), "never an ordinary pool");
        }
    }

    @Test
    void withoutThePolicysConsentTheDefaultsAreATicketAndTheRequestIsStale() {
        try (ReplacerBed bed = new ReplacerBed(autoprovisioned())) {
            List<TicketRequest> requests = bed.replacer(enforce(""))
                    .replace(ReplacerBed.decisionOn(CLUSTER.name(), "MG002"));

            assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
            assertTrue(outcome(requests.get(0)).detail().contains("replacement.updateAutoprovisioningDefaults"),
                    outcome(requests.get(0)).detail());
            assertEquals(0, bed.embedded.calls(UPDATE_CLUSTER));
        }
    }

    @Test
    void dryRunPlansTheUpdateClusterAndSendsNothing() {
        try (ReplacerBed bed = new ReplacerBed(autoprovisioned())) {
            RemediationOutcome plan = outcome(bed.replacer(allowed("dry-run"))
                    .replace(ReplacerBed.decisionOn(CLUSTER.name(), "MG002")).get(0));

            assertEquals(Kind.DRY_RUN_PLAN, plan.kind());
            assertTrue(plan.detail().contains("\"desiredClusterAutoscaling\"") && plan.detail().contains(ACCOUNT),
                    plan.detail());
            assertEquals(0, bed.embedded.calls(UPDATE_CLUSTER));
        }
    }
}
