package dev.metadataguard.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.SandboxConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.policy.CheckSettings;
import dev.metadataguard.policy.Evaluation;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.NodeSettings;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.PolicyEngine;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Subject.ClusterPart;
import dev.metadataguard.policy.Subject.PoolPart;
import dev.metadataguard.policy.Subject.RolesPart;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.testing.TestRoles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplacementSpecTest {

    private static final String ACCOUNT = "gke-nodes@acme-prod.iam.gserviceaccount.com";
    private static final NodePool ORIGINAL = Pools.rich("batch");
    private static final NodePool SPEC = ReplacementSpec.of(ORIGINAL, ACCOUNT);

    @Test
    void compliantSettingsAreSet() {
        NodeConfig config = SPEC.getConfig();

        assertEquals("batch-mg-f80b52d4", SPEC.getName());
        assertEquals(WorkloadMetadataConfig.Mode.GKE_METADATA, config.getWorkloadMetadataConfig().getMode());
        assertEquals(ACCOUNT, config.getServiceAccount());
        assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform"), config.getOauthScopesList());
        assertEquals(Map.of("disable-legacy-endpoints", "true", "team", "data"), config.getMetadataMap());
        assertEquals(Map.of("workload", "batch", "metadata-guard-replaces", "batch"), config.getLabelsMap());
    }

    /** On a cluster without Workload Identity, the strictest case for MG001, and with a least-privilege account. */
    @Test
    void theReplacementPassesEveryRegisteredCheck() {
        ResourceRef ref = ResourceRef.cluster("acme-prod", "europe-west1-b", "payments").withNodePool(SPEC.getName());
        Subject subject = new Subject(PoolPart.of(ref, NodeSettings.of("config", SPEC.getConfig(), Optional.empty())),
                ClusterPart.STANDARD_WITHOUT_WORKLOAD_IDENTITY,
                RolesPart.read(TestRoles.held("acme-prod", NodeRoles.MINIMAL).orElseThrow()),
                new CheckSettings(false, Set.copyOf(NodeRoles.ALLOWED_BY_DEFAULT), Map.of()));

        Evaluation evaluation = new PolicyEngine(Checks.ALL).evaluate(subject, Optional.empty());
        assertEquals(Outcome.COMPLIANT, evaluation.outcome(), evaluation.verdicts().toString());
    }

    @Test
    void shapeOfThePoolIsCopied() {
        assertEquals(ORIGINAL.getInitialNodeCount(), SPEC.getInitialNodeCount());
        assertEquals(ORIGINAL.getLocationsList(), SPEC.getLocationsList());
        assertEquals(ORIGINAL.getVersion(), SPEC.getVersion());
        assertEquals(ORIGINAL.getAutoscaling(), SPEC.getAutoscaling());
        assertEquals(ORIGINAL.getUpgradeSettings(), SPEC.getUpgradeSettings());
        assertEquals(ORIGINAL.getMaxPodsConstraint(), SPEC.getMaxPodsConstraint());
        assertEquals(ORIGINAL.getManagement().getAutoUpgrade(), SPEC.getManagement().getAutoUpgrade());
        assertEquals(ORIGINAL.getManagement().getAutoRepair(), SPEC.getManagement().getAutoRepair());
    }

    @Test
    void shapeOfTheNodesIsCopied() {
        NodeConfig was = ORIGINAL.getConfig();
        NodeConfig is = SPEC.getConfig();

        assertEquals(was.getMachineType(), is.getMachineType());
        assertEquals(was.getDiskSizeGb(), is.getDiskSizeGb());
        assertEquals(was.getDiskType(), is.getDiskType());
        assertEquals(was.getImageType(), is.getImageType());
        assertEquals(was.getMinCpuPlatform(), is.getMinCpuPlatform());
        assertEquals(was.getLocalSsdCount(), is.getLocalSsdCount());
        assertEquals(was.getResourceLabelsMap(), is.getResourceLabelsMap());
        assertEquals(was.getTaintsList(), is.getTaintsList());
        assertEquals(was.getTagsList(), is.getTagsList());
        assertEquals(was.getAcceleratorsList(), is.getAcceleratorsList());
        assertEquals(was.getSpot(), is.getSpot());
        assertEquals(was.getReservationAffinity(), is.getReservationAffinity());
        assertEquals(was.getShieldedInstanceConfig(), is.getShieldedInstanceConfig());
        assertEquals(was.getSandboxConfig(), is.getSandboxConfig());
        assertEquals(was.getKubeletConfig(), is.getKubeletConfig());
        assertEquals(was.getLinuxNodeConfig(), is.getLinuxNodeConfig());
        assertEquals(was.getGvnic(), is.getGvnic());
    }

    @Test
    @SuppressWarnings("deprecation")
    void outputOnlyFieldsAreDropped() {
        assertEquals("", SPEC.getSelfLink());
        assertEquals(List.of(), SPEC.getInstanceGroupUrlsList());
        assertEquals(NodePool.Status.STATUS_UNSPECIFIED, SPEC.getStatus());
        assertEquals(List.of(), SPEC.getConditionsList());
        assertEquals(0, SPEC.getPodIpv4CidrSize());
        assertEquals("", SPEC.getEtag());
        assertFalse(SPEC.getManagement().hasUpgradeOptions());
        assertEquals(NodeConfig.EffectiveCgroupMode.EFFECTIVE_CGROUP_MODE_UNSPECIFIED, SPEC.getConfig().getEffectiveCgroupMode());
        assertEquals(0.0, SPEC.getNetworkConfig().getPodIpv4RangeUtilization());
    }

    @Test
    void replacementSharesTheOriginalsPodRangeInsteadOfCreatingOne() {
        assertEquals("pods-batch", SPEC.getNetworkConfig().getPodRange());
        assertFalse(SPEC.getNetworkConfig().getCreatePodRange());
        assertEquals("", SPEC.getNetworkConfig().getPodIpv4CidrBlock());
        assertEquals(ORIGINAL.getNetworkConfig().getSubnetwork(), SPEC.getNetworkConfig().getSubnetwork());
        assertEquals(ORIGINAL.getNetworkConfig().getEnablePrivateNodes(), SPEC.getNetworkConfig().getEnablePrivateNodes());
    }

    /**
     * A GKE Sandbox pool as GetNodePool shows it: GKE wrote the sandbox label and taint into its config, and refuses
     * them in a request ("Node label "sandbox.gke.io/runtime" is reserved for gke sandbox"; "Node taints with key
     * "sandbox.gke.io/runtime" are managed by GKE and must not be manually specified"); its cloud.google.com/gke-*
     * and kubernetes.io labels are GKE's and Kubernetes'. The replacement keeps sandbox_config, and GKE writes them again.
     */
    @Test
    void labelsAndTaintsGkeManagesAreLeftOutAndTheSandboxKept() {
        NodeTaint sandbox = NodeTaint.newBuilder().setKey("sandbox.gke.io/runtime").setValue("gvisor")
                .setEffect(NodeTaint.Effect.NO_SCHEDULE).build();
        NodeTaint gpu = NodeTaint.newBuilder().setKey("nvidia.com/gpu").setValue("present")
                .setEffect(NodeTaint.Effect.NO_SCHEDULE).build();
        NodeTaint own = ORIGINAL.getConfig().getTaints(0);
        NodePool gvisor = ORIGINAL.toBuilder().setConfig(ORIGINAL.getConfig().toBuilder()
                .putLabels("sandbox.gke.io/runtime", "gvisor").putLabels("cloud.google.com/gke-spot", "true")
                .putLabels("node-role.kubernetes.io/batch", "").putLabels("cloud.google.com/compute-class", "batch")
                .addTaints(sandbox).addTaints(gpu)).build();

        NodeConfig config = ReplacementSpec.of(gvisor, ACCOUNT).getConfig();

        assertEquals(Map.of("workload", "batch", "cloud.google.com/compute-class", "batch", "metadata-guard-replaces",
                "batch"), config.getLabelsMap());
        assertEquals(List.of(own, gpu), config.getTaintsList());
        assertEquals(SandboxConfig.Type.GVISOR, config.getSandboxConfig().getType());
        assertTrue(config.getSpot(), "GKE labels a spot pool's nodes again from spot");
    }

    @Test
    void sectionsTheOriginalLacksStayAbsent() {
        NodePool spec = ReplacementSpec.of(Pools.minimal("small"), ACCOUNT);

        assertFalse(spec.hasManagement());
        assertFalse(spec.hasAutoscaling());
        assertFalse(spec.hasNetworkConfig());
    }

    @Test
    void everyFieldTheReplacementNeitherSetsNorDropsIsTheOriginals() {
        assertEquals(Shape.of(ORIGINAL), Shape.of(SPEC));
    }
}
