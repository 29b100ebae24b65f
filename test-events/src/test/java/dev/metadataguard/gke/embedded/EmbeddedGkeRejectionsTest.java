package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.PROJECT;
import static dev.metadataguard.gke.embedded.GkeTestBed.REGIONAL;
import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.container.v1.Autopilot;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.ReservationAffinity;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.container.v1.WorkloadMetadataConfig.Mode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedGkeRejectionsTest {

    private static final WorkloadMetadataConfig GKE_METADATA = WorkloadMetadataConfig.newBuilder().setMode(Mode.GKE_METADATA).build();

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private static ApiFailure failure(FailureKind kind, String call, Executable executable) {
        ApiFailure failure = assertThrows(ApiFailure.class, executable);
        assertEquals(kind, failure.kind(), failure::getMessage);
        assertEquals(call, failure.call());
        return failure;
    }

    private static NodePool pool(String name) {
        return NodePool.newBuilder().setName(name).setInitialNodeCount(1).build();
    }

    @Test
    void unknownClusterIsNotFound() {
        ApiFailure failure = failure(FailureKind.NOT_FOUND, "container.projects.locations.clusters.get",
                () -> bed.gke.getCluster(ZONAL));

        assertEquals("container.projects.locations.clusters.get: NOT_FOUND on " + ZONAL + ": Not found: " + ZONAL + ".",
                failure.getMessage());
    }

    @Test
    void unknownNodePoolIsNotFound() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        failure(FailureKind.NOT_FOUND, "container.projects.locations.clusters.nodePools.get",
                () -> bed.gke.getNodePool(ZONAL.withNodePool("nope")));
    }

    @Test
    void unknownOperationIsNotFound() {
        failure(FailureKind.NOT_FOUND, "container.projects.locations.operations.get",
                () -> bed.gke.getOperation(PROJECT, ZONAL.location(), "operation-1-deadbeef"));
    }

    @Test
    void operationAskedForInAnotherLocationIsNotFound() {
        String id = bed.createCluster(ZONAL, Cluster.getDefaultInstance()).getName();

        failure(FailureKind.NOT_FOUND, "container.projects.locations.operations.get",
                () -> bed.gke.getOperation(PROJECT, "us-east1-b", id));
    }

    @Test
    void nodePoolOnUnknownClusterIsNotFound() {
        failure(FailureKind.NOT_FOUND, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(ZONAL, pool("spare")));
    }

    @Test
    void sameClusterNameTwiceIsAlreadyExists() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiException e = assertThrows(ApiException.class, () -> bed.createCluster(ZONAL, Cluster.getDefaultInstance()));

        assertEquals(StatusCode.Code.ALREADY_EXISTS, e.getStatusCode().getCode());
    }

    @Test
    void sameNodePoolNameTwiceIsAlreadyExists() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        failure(FailureKind.ALREADY_EXISTS, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(ZONAL, pool("default-pool")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a23456789012345678901234567890123456789x", "pool-1", "p"})
    void nodePoolNamesWithinGkesRuleAreAccepted(String name) {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        assertEquals(NodePool.Status.RUNNING, bed.runningPool(ZONAL, pool(name)).getStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a234567890123456789012345678901234567890x", "Pool-a", "pool-", "pool_a", "1pool"})
    void nodePoolNamesOutsideGkesRuleAreInvalid(String name) {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiFailure failure = failure(FailureKind.PERMANENT, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(ZONAL, pool(name)));

        assertTrue(failure.getMessage().contains("INVALID_ARGUMENT on " + ZONAL.name() + "/nodePools/" + name
                + ": Invalid value for field \"node_pool.name\": \"" + name + "\". Must be a match of regex "
                + "'(?:[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?)'"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"reserved", "key", "long-key", "value"})
    void metadataOutsideGkesRulesIsInvalid(String broken) {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        NodeConfig.Builder config = NodeConfig.newBuilder().putMetadata("disable-legacy-endpoints", "false");
        switch (broken) {
            case "reserved" -> config.putMetadata("startup-script", "#!/bin/sh");
            case "key" -> config.putMetadata("bad key!", "x");
            case "long-key" -> config.putMetadata("k".repeat(128), "x");
            default -> config.putMetadata("disable-legacy-endpoints", "x".repeat(MetadataRules.MAX_VALUE_BYTES + 1));
        }

        ApiFailure failure = failure(FailureKind.PERMANENT, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(ZONAL, pool("meta").toBuilder().setConfig(config).build()));

        assertTrue(failure.getMessage().contains("INVALID_ARGUMENT") && failure.getMessage().contains(
                "Invalid value for field \"node_pool.config.metadata\""), failure.getMessage());
    }

    @Test
    void metadataValuesAreFreeFormUpTo32Kb() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        String markup = "false\r\n# <img src=x> `$(id)` \u202e";
        String hostile = markup + "x".repeat(MetadataRules.MAX_VALUE_BYTES
                - markup.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        NodeConfig config = NodeConfig.newBuilder().putMetadata("disable-legacy-endpoints", hostile).build();

        assertEquals(NodePool.Status.RUNNING, bed.runningPool(ZONAL, pool("meta").toBuilder().setConfig(config).build())
                .getStatus());
    }

    @Test
    void gkeMetadataOnClusterWithoutWorkloadIdentityFailsPrecondition() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiFailure failure = failure(FailureKind.PERMANENT, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(ZONAL, pool("protected").toBuilder()
                        .setConfig(NodeConfig.newBuilder().setWorkloadMetadataConfig(GKE_METADATA)).build()));

        assertTrue(failure.getMessage().contains("FAILED_PRECONDITION"), failure.getMessage());
        assertTrue(failure.getMessage().contains("requires Workload Identity"), failure.getMessage());
    }

    @Test
    void switchingToGkeMetadataWithoutWorkloadIdentityFailsPrecondition() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        failure(FailureKind.PERMANENT, "container.projects.locations.clusters.nodePools.update",
                () -> bed.gke.setNodePoolWorkloadMetadata(ZONAL.withNodePool("default-pool"), GKE_METADATA));
    }

    @Test
    void nodePoolOnAutopilotFailsPrecondition() {
        bed.runningCluster(REGIONAL, Cluster.newBuilder().setAutopilot(Autopilot.newBuilder().setEnabled(true)).build());

        ApiFailure failure = failure(FailureKind.PERMANENT, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(REGIONAL, pool("extra")));

        assertTrue(failure.getMessage().contains("FAILED_PRECONDITION on " + REGIONAL.withNodePool("extra")
                + ": Autopilot clusters do not support node pool operations"), failure.getMessage());
    }

    @Test
    void autopilotClusterRequestWithNodePoolsIsInvalid() {
        ApiException e = assertThrows(ApiException.class, () -> bed.createCluster(REGIONAL, Cluster.newBuilder()
                .setAutopilot(Autopilot.newBuilder().setEnabled(true))
                .addNodePools(pool("mine"))
                .build()));

        assertEquals(StatusCode.Code.INVALID_ARGUMENT, e.getStatusCode().getCode());
    }

    @Test
    void workloadPoolOutsideSvcIdGoogIsInvalid() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        failure(FailureKind.PERMANENT, "container.projects.locations.clusters.update",
                () -> bed.gke.enableWorkloadIdentity(ZONAL, "proj-1.example.com"));
    }

    /**
     * v1 WorkloadIdentityConfig.workload_pool, "the workload pool to attach all Kubernetes service accounts
     * to", is PROJECT_ID.svc.id.goog of the cluster's project in the Workload Identity guide.
     */
    @Test
    void anotherProjectsWorkloadPoolIsInvalid() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiFailure failure = failure(FailureKind.PERMANENT, "container.projects.locations.clusters.update",
                () -> bed.gke.enableWorkloadIdentity(ZONAL, "other-project.svc.id.goog"));

        assertTrue(failure.getMessage().contains("Must be " + GkeTestBed.WORKLOAD_POOL), failure.getMessage());
    }

    /**
     * The Workload Identity guide ("Disable Workload Identity Federation for GKE") sets every node pool
     * back to GCE_METADATA before it disables Workload Identity on the cluster.
     */
    @Test
    void disablingWorkloadIdentityWhilePoolsRunTheMetadataServerFailsPrecondition() {
        bed.runningCluster(ZONAL, Cluster.newBuilder().setWorkloadIdentityConfig(
                WorkloadIdentityConfig.newBuilder().setWorkloadPool(GkeTestBed.WORKLOAD_POOL)).build());
        UpdateClusterRequest disable = UpdateClusterRequest.newBuilder().setName(ZONAL.clusterName())
                .setUpdate(ClusterUpdate.newBuilder().setDesiredWorkloadIdentityConfig(WorkloadIdentityConfig.getDefaultInstance()))
                .build();

        ApiException refused = assertThrows(ApiException.class, () -> bed.admin.updateCluster(disable));
        assertEquals(StatusCode.Code.FAILED_PRECONDITION, refused.getStatusCode().getCode());
        assertTrue(refused.getMessage().contains("(default-pool)"), refused.getMessage());

        bed.gke.setNodePoolWorkloadMetadata(ZONAL.withNodePool("default-pool"),
                WorkloadMetadataConfig.newBuilder().setMode(Mode.GCE_METADATA).build());
        bed.embedded.completeAllOperations();
        bed.admin.updateCluster(disable);
        bed.embedded.completeAllOperations();

        assertEquals("", bed.gke.getCluster(ZONAL).getWorkloadIdentityConfig().getWorkloadPool());
    }

    /** A field the embedded GKE cannot apply is refused by name, never dropped in silence. */
    @Test
    void nodePoolUpdateOfAFieldTheEmbeddedGkeCannotApplyIsUnimplemented() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiException e = assertThrows(ApiException.class, () -> bed.admin.updateNodePool(UpdateNodePoolRequest.newBuilder()
                .setName(ZONAL.withNodePool("default-pool").name())
                .setNodeNetworkConfig(com.google.container.v1.NodeNetworkConfig.newBuilder().setEnablePrivateNodes(true))
                .build()));

        assertEquals(StatusCode.Code.UNIMPLEMENTED, e.getStatusCode().getCode());
        assertTrue(e.getMessage().contains("node_network_config"), e.getMessage());
    }

    @Test
    void deprecatedProjectZoneClusterFieldsNameTheCluster() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        @SuppressWarnings("deprecation")
        Cluster cluster = bed.admin.getCluster(ZONAL.project(), ZONAL.location(), ZONAL.cluster());

        assertEquals(ZONAL.cluster(), cluster.getName());
    }

    /** "Queued_provisioning requires reservation affinity to be set to none" (hashicorp/terraform-provider-google#18341). */
    @ParameterizedTest
    @ValueSource(strings = {"UNSPECIFIED", "ANY_RESERVATION", "SPECIFIC_RESERVATION"})
    void queuedProvisioningWithAReservationAffinityIsInvalid(String affinity) {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        NodePool queued = pool("queued").toBuilder()
                .setQueuedProvisioning(NodePool.QueuedProvisioning.newBuilder().setEnabled(true))
                .setConfig(NodeConfig.newBuilder().setReservationAffinity(ReservationAffinity.newBuilder()
                        .setConsumeReservationType(ReservationAffinity.Type.valueOf(affinity)))).build();

        ApiFailure failure = failure(FailureKind.PERMANENT, "container.projects.locations.clusters.nodePools.create",
                () -> bed.gke.createNodePool(ZONAL, queued));

        assertTrue(failure.getMessage().endsWith("INVALID_ARGUMENT on " + ZONAL.withNodePool("queued").name()
                + ": Queued_provisioning requires reservation affinity to be set to none"), failure.getMessage());
        NodePool none = queued.toBuilder().setConfig(NodeConfig.newBuilder().setReservationAffinity(
                ReservationAffinity.newBuilder().setConsumeReservationType(ReservationAffinity.Type.NO_RESERVATION))).build();
        assertTrue(bed.runningPool(ZONAL, none).getQueuedProvisioning().getEnabled());
    }
}
