package dev.metadataguard.remedy;

import com.google.container.v1.AcceleratorConfig;
import com.google.container.v1.AutoUpgradeOptions;
import com.google.container.v1.LinuxNodeConfig;
import com.google.container.v1.MaxPodsConstraint;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeKubeletConfig;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodeNetworkConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodePoolUpdateStrategy;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.ReservationAffinity;
import com.google.container.v1.SandboxConfig;
import com.google.container.v1.ShieldedInstanceConfig;
import com.google.container.v1.StatusCondition;
import com.google.container.v1.VirtualNIC;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.protobuf.BoolValue;
import java.util.List;

/** Node pools as GetNodePool returns them, for the replacer's tests. */
final class Pools {

    static final String DEFAULT_SCOPES = "https://www.googleapis.com/auth/devstorage.read_only";

    private Pools() {
    }

    /**
     * A non-compliant pool (exposed metadata, default SA, legacy endpoints on) with most of the shape a
     * pool can have, and the output-only fields GKE adds.
     */
    @SuppressWarnings("deprecation") // status_message: GKE still fills it
    static NodePool rich(String name) {
        return NodePool.newBuilder()
                .setName(name)
                .setInitialNodeCount(3)
                .addAllLocations(List.of("europe-west1-b", "europe-west1-c"))
                .setVersion("1.32.4-gke.1106006")
                .setAutoscaling(NodePoolAutoscaling.newBuilder().setEnabled(true).setMinNodeCount(1).setMaxNodeCount(10)
                        .setLocationPolicy(NodePoolAutoscaling.LocationPolicy.ANY))
                .setManagement(NodeManagement.newBuilder().setAutoUpgrade(true).setAutoRepair(true)
                        .setUpgradeOptions(AutoUpgradeOptions.newBuilder().setAutoUpgradeStartTime("2026-11-03T02:00:00Z")
                                .setDescription("upgrade to 1.33")))
                .setUpgradeSettings(NodePool.UpgradeSettings.newBuilder().setMaxSurge(2).setMaxUnavailable(1)
                        .setStrategy(NodePoolUpdateStrategy.SURGE))
                .setMaxPodsConstraint(MaxPodsConstraint.newBuilder().setMaxPodsPerNode(64))
                .setNetworkConfig(NodeNetworkConfig.newBuilder().setPodRange("pods-batch").setPodIpv4CidrBlock("10.8.0.0/14")
                        .setEnablePrivateNodes(true).setSubnetwork("projects/acme-prod/regions/europe-west1/subnetworks/batch")
                        .setPodIpv4RangeUtilization(0.25))
                .setConfig(NodeConfig.newBuilder()
                        .setMachineType("n2-highmem-4")
                        .setDiskSizeGb(200)
                        .setDiskType("pd-ssd")
                        .setImageType("COS_CONTAINERD")
                        .setMinCpuPlatform("Intel Ice Lake")
                        .setLocalSsdCount(1)
                        .putLabels("workload", "batch")
                        .putResourceLabels("team", "data")
                        .addTaints(NodeTaint.newBuilder().setKey("dedicated").setValue("batch").setEffect(NodeTaint.Effect.NO_SCHEDULE))
                        .addTags("batch-nodes")
                        .addAccelerators(AcceleratorConfig.newBuilder().setAcceleratorType("nvidia-tesla-t4").setAcceleratorCount(1))
                        .setSpot(true)
                        .setReservationAffinity(ReservationAffinity.newBuilder()
                                .setConsumeReservationType(ReservationAffinity.Type.NO_RESERVATION))
                        .setShieldedInstanceConfig(ShieldedInstanceConfig.newBuilder().setEnableSecureBoot(true)
                                .setEnableIntegrityMonitoring(true))
                        .setSandboxConfig(SandboxConfig.newBuilder().setType(SandboxConfig.Type.GVISOR))
                        .setKubeletConfig(NodeKubeletConfig.newBuilder().setCpuManagerPolicy("static").setPodPidsLimit(4096)
                                .setCpuCfsQuota(BoolValue.of(true)))
                        .setLinuxNodeConfig(LinuxNodeConfig.newBuilder().putSysctls("net.core.somaxconn", "2048"))
                        .setGvnic(VirtualNIC.newBuilder().setEnabled(true))
                        .putMetadata("disable-legacy-endpoints", "false")
                        .putMetadata("team", "data")
                        .setServiceAccount("default")
                        .addOauthScopes(DEFAULT_SCOPES)
                        .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GCE_METADATA))
                        .setEffectiveCgroupMode(NodeConfig.EffectiveCgroupMode.EFFECTIVE_CGROUP_MODE_V2))
                .setSelfLink("https://container.googleapis.com/v1/projects/acme-prod/zones/europe-west1-b/clusters/payments/nodePools/" + name)
                .addInstanceGroupUrls("https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instanceGroupManagers/gke-payments-" + name + "-grp")
                .setStatus(NodePool.Status.RUNNING)
                .setStatusMessage("")
                .addConditions(StatusCondition.newBuilder().setMessage("quota warning"))
                .setPodIpv4CidrSize(24)
                .setEtag("etag-of-the-original")
                .build();
    }

    /**
     * {@link #rich} with one thing wrong, the metadata server exposed (MG001): a least-privilege node service
     * account and the legacy endpoints disabled.
     */
    static NodePool exposedOnly(String name, String serviceAccount) {
        NodePool rich = rich(name);
        return rich.toBuilder().setConfig(rich.getConfig().toBuilder().setServiceAccount(serviceAccount)
                .putMetadata("disable-legacy-endpoints", "true")).build();
    }

    /** Only what a request must say; GKE fills the rest. */
    static NodePool minimal(String name) {
        return NodePool.newBuilder().setName(name).setInitialNodeCount(1).build();
    }
}
