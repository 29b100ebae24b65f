package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.WORKLOAD_POOL;
import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.NodeLabels;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.NodeTaints;
import com.google.container.v1.SetLabelsRequest;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig.Mode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UpdateNodePool, UpdateCluster and the Set and Delete methods, each under the rule of its proto comment. */
class EmbeddedGkeUpdatesTest {

    private static final String POOL = ZONAL.withNodePool("default-pool").name();

    private final GkeTestBed bed = new GkeTestBed();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        bed.close();
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * "labels: The desired node labels to be applied to all nodes in the node pool. If this field is not
     * present, the labels will not be changed. Otherwise, the existing node labels will be *replaced* with the
     * provided labels" (v1 UpdateNodePoolRequest; taints the same); node_version "-" is "the Kubernetes master
     * version".
     */
    @Test
    void nodePoolUpdateReplacesWhatItGivesAndKeepsTheRest() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        bed.admin.updateNodePool(UpdateNodePoolRequest.newBuilder().setName(POOL).setNodeVersion("1.31.1-gke.100")
                .setLabels(NodeLabels.newBuilder().putLabels("team", "a")).build());
        bed.embedded.completeAllOperations();
        bed.admin.updateNodePool(UpdateNodePoolRequest.newBuilder().setName(POOL)
                .setTaints(NodeTaints.newBuilder().addTaints(NodeTaint.newBuilder().setKey("k").setValue("v")
                        .setEffect(NodeTaint.Effect.NO_SCHEDULE))).build());
        bed.embedded.completeAllOperations();

        NodePool pool = bed.gke.getNodePool(ZONAL.withNodePool("default-pool"));
        assertEquals("1.31.1-gke.100", pool.getVersion());
        assertEquals(Map.of("team", "a"), pool.getConfig().getLabelsMap());
        assertEquals("k", pool.getConfig().getTaints(0).getKey());

        bed.admin.updateNodePool(UpdateNodePoolRequest.newBuilder().setName(POOL).setNodeVersion("-").build());
        bed.embedded.completeAllOperations();
        assertEquals(bed.gke.getCluster(ZONAL).getCurrentMasterVersion(),
                bed.gke.getNodePool(ZONAL.withNodePool("default-pool")).getVersion());
    }

    /** "If an etag is provided and does not match the current etag of the node pool ... ABORTED" (v1 UpdateNodePoolRequest.etag). */
    @Test
    void aStaleEtagIsAborted() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiException e = assertThrows(ApiException.class, () -> bed.admin.updateNodePool(UpdateNodePoolRequest
                .newBuilder().setName(POOL).setEtag("stale").setImageType("UBUNTU_CONTAINERD").build()));

        assertEquals(StatusCode.Code.ABORTED, e.getStatusCode().getCode());
    }

    /**
     * "The current etag of the cluster. If an etag is provided and does not match the current etag of the cluster,
     * update will be blocked and an ABORTED error will be returned" (v1 ClusterUpdate.etag); the cluster's etag
     * "is computed by the server based on the value of cluster fields" (v1 Cluster.etag), so any change gives a new one.
     */
    @Test
    void aClusterUpdateWithAStaleEtagIsAbortedAndWithTheCurrentOneApplied() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        String read = bed.gke.getCluster(ZONAL).getEtag();
        assertFalse(read.isEmpty());
        assertEquals(read, bed.gke.getCluster(ZONAL).getEtag(), "the same fields, the same etag");
        bed.admin.updateCluster(UpdateClusterRequest.newBuilder().setName(ZONAL.name()).setUpdate(ClusterUpdate
                .newBuilder().setDesiredMasterVersion("1.31.1-gke.100").setEtag(read)).build());
        bed.embedded.completeAllOperations();
        String changed = bed.gke.getCluster(ZONAL).getEtag();

        ApiException e = assertThrows(ApiException.class, () -> bed.admin.updateCluster(UpdateClusterRequest.newBuilder()
                .setName(ZONAL.name()).setUpdate(ClusterUpdate.newBuilder().setDesiredMasterVersion("-").setEtag(read))
                .build()));

        assertTrue(!changed.equals(read), "the update changed the cluster, so its etag");
        assertEquals(StatusCode.Code.ABORTED, e.getStatusCode().getCode());
        assertTrue(e.getMessage().contains("does not match the cluster's current etag"), e.getMessage());
    }

    /**
     * "desired_node_pool_id: The node pool to be upgraded. This field is mandatory if desired_node_version ...
     * is specified and there is more than one node pool on the cluster" (v1 ClusterUpdate).
     */
    @Test
    void clusterUpdateOfANodeVersionNeedsThePoolWhenThereAreSeveral() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        bed.runningPool(ZONAL, NodePool.newBuilder().setName("second").setInitialNodeCount(1).build());
        ClusterUpdate upgrade = ClusterUpdate.newBuilder().setDesiredNodeVersion("1.32.0-gke.1").build();

        ApiException e = assertThrows(ApiException.class, () -> bed.admin.updateCluster(UpdateClusterRequest.newBuilder()
                .setName(ZONAL.name()).setUpdate(upgrade).build()));
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, e.getStatusCode().getCode());

        bed.admin.updateCluster(UpdateClusterRequest.newBuilder().setName(ZONAL.name())
                .setUpdate(upgrade.toBuilder().setDesiredNodePoolId("second")).build());
        bed.embedded.completeAllOperations();
        assertEquals("1.32.0-gke.1", bed.gke.getNodePool(ZONAL.withNodePool("second")).getVersion());
        assertFalse(bed.gke.getNodePool(ZONAL.withNodePool("default-pool")).getVersion().equals("1.32.0-gke.1"));
    }

    @Test
    void clusterUpdateOfTheMasterVersionAndOfAFieldItCannotApply() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        bed.admin.updateCluster(UpdateClusterRequest.newBuilder().setName(ZONAL.name())
                .setUpdate(ClusterUpdate.newBuilder().setDesiredMasterVersion("1.34.0-gke.1")).build());
        bed.embedded.completeAllOperations();
        ApiException e = assertThrows(ApiException.class, () -> bed.admin.updateCluster(UpdateClusterRequest
                .newBuilder().setName(ZONAL.name()).setUpdate(ClusterUpdate.newBuilder().setDesiredStackType(
                        com.google.container.v1.StackType.IPV4_IPV6)).build()));

        assertEquals("1.34.0-gke.1", bed.gke.getCluster(ZONAL).getCurrentMasterVersion());
        assertEquals(StatusCode.Code.UNIMPLEMENTED, e.getStatusCode().getCode());
    }

    /**
     * "label_fingerprint: Required. The fingerprint of the previous set of labels for this resource, used to
     * detect conflicts" (v1 SetLabelsRequest).
     */
    @Test
    void setLabelsNeedsTheCurrentFingerprint() {
        Cluster before = bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        SetLabelsRequest.Builder set = SetLabelsRequest.newBuilder().setName(ZONAL.name()).putResourceLabels("env", "prod");

        ApiException missing = assertThrows(ApiException.class, () -> bed.admin.setLabels(set.build()));
        ApiException stale = assertThrows(ApiException.class,
                () -> bed.admin.setLabels(set.setLabelFingerprint("0badf00d").build()));
        bed.admin.setLabels(set.setLabelFingerprint(before.getLabelFingerprint()).build());
        bed.embedded.completeAllOperations();

        assertEquals(StatusCode.Code.INVALID_ARGUMENT, missing.getStatusCode().getCode());
        assertEquals(StatusCode.Code.FAILED_PRECONDITION, stale.getStatusCode().getCode());
        Cluster after = bed.gke.getCluster(ZONAL);
        assertEquals(Map.of("env", "prod"), after.getResourceLabelsMap());
        assertFalse(after.getLabelFingerprint().equals(before.getLabelFingerprint()));
    }

    /** "min_node_count ... less than or equal to max_node_count" (v1 NodePoolAutoscaling). */
    @Test
    void autoscalingLimitsMustBeOrdered() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiException e = assertThrows(ApiException.class, () -> bed.admin.setNodePoolAutoscaling(
                SetNodePoolAutoscalingRequest.newBuilder().setName(POOL).setAutoscaling(NodePoolAutoscaling.newBuilder()
                        .setEnabled(true).setMinNodeCount(5).setMaxNodeCount(2)).build()));

        assertEquals(StatusCode.Code.INVALID_ARGUMENT, e.getStatusCode().getCode());
    }

    @Test
    void aDeletedClusterIsNotFound() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        bed.admin.deleteCluster(ZONAL.name());
        assertEquals(Cluster.Status.STOPPING, bed.gke.getCluster(ZONAL).getStatus());
        bed.embedded.completeAllOperations();

        ApiFailure gone = assertThrows(ApiFailure.class, () -> bed.gke.getCluster(ZONAL));
        assertEquals(FailureKind.NOT_FOUND, gone.kind());
    }

    /** An audit entry's request goes through the same method and rules, named by the entry's resource. */
    @Test
    void auditRequestsAreAppliedThroughTheirMethod() {
        bed.runningCluster(ZONAL, Cluster.newBuilder().setWorkloadIdentityConfig(
                WorkloadIdentityConfig.newBuilder().setWorkloadPool(WORKLOAD_POOL)).build());
        String zonalPool = "projects/proj-1/zones/europe-west1-b/clusters/c1/nodePools/default-pool";

        EmbeddedGke.Applied exposed = bed.embedded.applyAuditRequest("google.container.v1.ClusterManager.UpdateNodePool",
                zonalPool, tree("{'@type': 'x', 'name': 'ignored', 'etag': 'real-gke-etag',"
                        + " 'workloadMetadataConfig': {'mode': 'GCE_METADATA'}}"));
        EmbeddedGke.Applied size = bed.embedded.applyAuditRequest("google.container.v1.ClusterManager.SetNodePoolSize",
                zonalPool, tree("{'nodeCount': 7}"));
        EmbeddedGke.Applied maintenance = bed.embedded.applyAuditRequest(
                "google.container.v1.ClusterManager.SetMaintenancePolicy", ZONAL.name(), tree("{'maintenancePolicy': {}}"));
        EmbeddedGke.Applied unmodelled = bed.embedded.applyAuditRequest("google.container.v1.ClusterManager.UpdateCluster",
                ZONAL.name(), tree("{'update': {'desiredStackType': 'IPV4_IPV6'}}"));
        EmbeddedGke.Applied unseen = bed.embedded.applyAuditRequest("google.container.v1.ClusterManager.UpdateNodePool",
                ZONAL.withNodePool("never").name(), tree("{'nodeVersion': '1.33.0-gke.1'}"));

        assertTrue(exposed.changed() && size.changed());
        assertEquals(Mode.GCE_METADATA, bed.gke.getNodePool(ZONAL.withNodePool("default-pool")).getConfig()
                .getWorkloadMetadataConfig().getMode());
        assertEquals(java.util.OptionalInt.of(7), bed.embedded.nodeCount(POOL));
        assertEquals(new EmbeddedGke.Applied(false, "SetMaintenancePolicy changes nothing the checks read; not applied"),
                maintenance);
        assertEquals(new EmbeddedGke.Applied(false, "not applied: embedded GKE: UpdateCluster cannot apply field"
                + " desired_stack_type"), unmodelled);
        assertFalse(unseen.changed());
        assertTrue(unseen.what().startsWith("nothing applied: Not found"), unseen.what());
    }

    @Test
    void anAuditRequestGkeWouldRefuseOrThatDoesNotFitSaysWhy() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class, () -> bed.embedded.applyAuditRequest(
                "google.container.v1beta1.ClusterManager.SetNodePoolSize", POOL, tree("{'nodeCount': 'lots'}")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> bed.embedded.applyAuditRequest(
                "google.container.v1.ClusterManager.UpdateNodePool", POOL,
                tree("{'workloadMetadataConfig': {'mode': 'GKE_METADATA'}}")));

        assertEquals("protoPayload.request.nodeCount: \"lots\" is not an integer", typed.getMessage());
        assertTrue(refused.getMessage().startsWith("GKE would refuse this UpdateNodePool (FAILED_PRECONDITION): Workload"
                + " metadata mode GKE_METADATA requires Workload Identity"), refused.getMessage());
        assertEquals(List.of(), bed.gke.getNodePool(ZONAL.withNodePool("default-pool")).getConfig().getTaintsList());
    }
}
