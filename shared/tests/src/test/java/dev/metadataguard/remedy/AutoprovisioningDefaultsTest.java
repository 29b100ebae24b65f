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
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.runtime.Wiring;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
            assertTrue(fixed.detail().startsWith("Set node auto-provisioning's defaults of cluster payments for MG002, MG005")
                    && fixed.detail().contains(": service account " + ACCOUNT + " and scopes"
                    + " https://www.googleapis.com/auth/cloud-platform with UpdateCluster"), fixed.detail());
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

    /** {@link #autoprovisioned()} with {@code defaults} instead, and Workload Identity as {@code cluster} has it. */
    private static Cluster withDefaults(Cluster cluster, AutoprovisioningNodePoolDefaults defaults) {
        return cluster.toBuilder().setAutoscaling(autoprovisioned().getAutoscaling().toBuilder()
                .setAutoprovisioningNodePoolDefaults(defaults)).build();
    }

    @Test
    void onlyTheFailingChecksSettingsChangeAndACompliantAccountIsKept() {
        // No Workload Identity, so the defaults fail MG001 alone: their own account is a least-privilege one.
        Cluster noWorkloadIdentity = withDefaults(Cluster.getDefaultInstance(), AutoprovisioningNodePoolDefaults
                .newBuilder().setServiceAccount("team-nodes@acme-prod.iam.gserviceaccount.com")
                .addOauthScopes("https://www.googleapis.com/auth/cloud-platform").build());
        try (ReplacerBed bed = new ReplacerBed(noWorkloadIdentity)) {
            List<TicketRequest> requests = bed.replacer(enforce("updateAutoprovisioningDefaults: true,"
                    + " enableWorkloadIdentity: true")).replace(ReplacerBed.decisionOn(CLUSTER.name(), "MG001"));

            assertEquals(List.of(Kind.UPDATED_IN_PLACE), kinds(requests));
            bed.embedded.completeAllOperations();
            Cluster live = bed.gke.getCluster(CLUSTER);
            assertEquals("acme-prod.svc.id.goog", live.getWorkloadIdentityConfig().getWorkloadPool());
            assertEquals("team-nodes@acme-prod.iam.gserviceaccount.com",
                    live.getAutoscaling().getAutoprovisioningNodePoolDefaults().getServiceAccount(),
                    "MG001 alone never swaps a compliant account for the guard's");
            assertEquals(1, bed.embedded.calls(UPDATE_CLUSTER), "Workload Identity only: nothing else to set");
        }
    }

    @Test
    void aChangeMadeMeanwhileIsNotOverwrittenTheUpdateIsSentAgainOnFreshState() {
        Cluster narrowScope = withDefaults(ReplacerBed.WORKLOAD_IDENTITY, AutoprovisioningNodePoolDefaults.newBuilder()
                .setServiceAccount("default").addOauthScopes("https://www.googleapis.com/auth/devstorage.read_only").build());
        try (ReplacerBed bed = new ReplacerBed(narrowScope)) {
            ClusterAutoscaling grown = bed.gke.getCluster(CLUSTER).getAutoscaling().toBuilder().setResourceLimits(0,
                    ResourceLimit.newBuilder().setResourceType("cpu").setMinimum(1).setMaximum(128)).build();
            AtomicBoolean raced = new AtomicBoolean();
            // Someone raises the CPU limit between the replacer's read of the cluster and its UpdateCluster.
            Gke racing = (Gke) Proxy.newProxyInstance(Gke.class.getClassLoader(), new Class<?>[] {Gke.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("setClusterAutoscaling") && raced.compareAndSet(false, true)) {
                            bed.gke.setClusterAutoscaling(CLUSTER, grown, "");
                            bed.embedded.completeAllOperations();
                        }
                        try {
                            return method.invoke(bed.gke, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Inspector inspector = Wiring.inspector(racing, ReplacerBed.MINIMAL_ROLES, PolicyLoader.parse(
                    allowed("enforce"), "test policy"));

            List<TicketRequest> requests = new Replacer(racing, bed.groups, inspector, ReplacerBed.MINIMAL_ROLES,
                    ReplacerBed.FAST).replace(ReplacerBed.decisionOn(CLUSTER.name(), "MG002"));

            assertEquals(List.of(Kind.UPDATED_IN_PLACE), kinds(requests));
            assertTrue(outcome(requests.get(0)).detail().contains("GKE answered ABORTED on its etag"),
                    outcome(requests.get(0)).detail());
            bed.embedded.completeAllOperations();
            ClusterAutoscaling live = bed.gke.getCluster(CLUSTER).getAutoscaling();
            assertEquals(grown.getResourceLimitsList(), live.getResourceLimitsList(), "the change made meanwhile stays");
            assertEquals(ACCOUNT, live.getAutoprovisioningNodePoolDefaults().getServiceAccount());
            assertEquals(List.of("https://www.googleapis.com/auth/devstorage.read_only"),
                    live.getAutoprovisioningNodePoolDefaults().getOauthScopesList(), "MG005 passed: its scopes are kept");
            assertEquals(3, bed.embedded.calls(UPDATE_CLUSTER), "the change meanwhile, the aborted update, the one sent again");
        }
    }
}
