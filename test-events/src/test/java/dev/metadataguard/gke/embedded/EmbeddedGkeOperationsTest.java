package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.PROJECT;
import static dev.metadataguard.gke.embedded.GkeTestBed.WORKLOAD_POOL;
import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.container.v1.WorkloadMetadataConfig.Mode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.event.ResourceRef;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedGkeOperationsTest {

    private static final ResourceRef DEFAULT_POOL = ZONAL.withNodePool("default-pool");
    private static final NodePool SPARE = NodePool.newBuilder().setName("spare").setInitialNodeCount(1).build();

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void createNodePoolOperationGoesPendingThenRunningThenDone() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        Operation started = bed.gke.createNodePool(ZONAL, SPARE);
        Operation first = bed.read(started);
        Operation second = bed.read(started);

        assertEquals(Operation.Status.PENDING, started.getStatus());
        assertEquals(Operation.Type.CREATE_NODE_POOL, started.getOperationType());
        assertEquals("https://container.googleapis.com/v1/" + ZONAL.withNodePool("spare").name(), started.getTargetLink());
        assertEquals(Operation.Status.RUNNING, first.getStatus());
        assertEquals(Operation.Status.DONE, second.getStatus());
        assertFalse(second.getEndTime().isEmpty());
    }

    @Test
    void nodePoolIsProvisioningUntilItsOperationIsDone() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        Operation started = bed.gke.createNodePool(ZONAL, SPARE);
        ResourceRef spare = ZONAL.withNodePool("spare");

        NodePool.Status before = bed.gke.getNodePool(spare).getStatus();
        bed.read(started);
        NodePool.Status whileRunning = bed.gke.getNodePool(spare).getStatus();
        bed.read(started);

        assertEquals(NodePool.Status.PROVISIONING, before);
        assertEquals(NodePool.Status.PROVISIONING, whileRunning);
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(spare).getStatus());
    }

    @Test
    void clusterAndItsPoolsAreProvisioningUntilCreateClusterIsDone() {
        Operation started = bed.createCluster(ZONAL, Cluster.getDefaultInstance());
        Cluster provisioning = bed.gke.getCluster(ZONAL);
        bed.read(started);
        bed.read(started);
        Cluster running = bed.gke.getCluster(ZONAL);

        assertEquals(Operation.Type.CREATE_CLUSTER, started.getOperationType());
        assertEquals(Cluster.Status.PROVISIONING, provisioning.getStatus());
        assertEquals(NodePool.Status.PROVISIONING, provisioning.getNodePools(0).getStatus());
        assertEquals(Cluster.Status.RUNNING, running.getStatus());
        assertEquals(NodePool.Status.RUNNING, running.getNodePools(0).getStatus());
    }

    @Test
    void heldOperationsFinishOnlyWhenCompleted() {
        bed.embedded.holdOperations();
        Operation started = bed.createCluster(ZONAL, Cluster.getDefaultInstance());
        for (int i = 0; i < 5; i++) {
            bed.read(started);
        }
        Operation.Status held = bed.read(started).getStatus();
        bed.embedded.completeAllOperations();

        assertEquals(Operation.Status.RUNNING, held);
        assertEquals(Operation.Status.DONE, bed.read(started).getStatus());
        assertEquals(Cluster.Status.RUNNING, bed.gke.getCluster(ZONAL).getStatus());
    }

    @Test
    void operationsFinishOnTheConfiguredRead() {
        bed.embedded.operationsFinishAfterReads(3);
        Operation started = bed.createCluster(ZONAL, Cluster.getDefaultInstance());

        assertEquals(Operation.Status.RUNNING, bed.read(started).getStatus());
        assertEquals(Operation.Status.RUNNING, bed.read(started).getStatus());
        assertEquals(Operation.Status.DONE, bed.read(started).getStatus());
    }

    @Test
    void secondMutationWhileAnOperationRunsIsBusy() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        Operation running = bed.gke.createNodePool(ZONAL, SPARE);

        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> bed.gke.createNodePool(ZONAL, SPARE.toBuilder().setName("other").build()));

        assertEquals(FailureKind.BUSY, failure.kind());
        assertEquals("container.projects.locations.clusters.nodePools.create", failure.call());
        assertEquals("container.projects.locations.clusters.nodePools.create: FAILED_PRECONDITION on "
                + ZONAL.withNodePool("other") + ": "
                + "Cluster is running incompatible operation " + running.getName() + ".", failure.getMessage());
    }

    @Test
    void clusterBeingCreatedIsBusyForNodePools() {
        bed.createCluster(ZONAL, Cluster.getDefaultInstance());

        ApiFailure failure = assertThrows(ApiFailure.class, () -> bed.gke.createNodePool(ZONAL, SPARE));

        assertEquals(FailureKind.BUSY, failure.kind());
    }

    @Test
    void resizeTakesEffectWhenItsOperationIsDone() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        Operation resize = bed.gke.setNodePoolSize(DEFAULT_POOL, 0);
        NodePool.Status whileResizing = bed.gke.getNodePool(DEFAULT_POOL).getStatus();
        OptionalInt sizeWhileResizing = bed.embedded.nodeCount(DEFAULT_POOL.name());
        bed.embedded.completeAllOperations();

        assertEquals(Operation.Type.SET_NODE_POOL_SIZE, resize.getOperationType());
        assertEquals(NodePool.Status.RECONCILING, whileResizing);
        assertEquals(OptionalInt.of(3), sizeWhileResizing);
        assertEquals(OptionalInt.of(0), bed.embedded.nodeCount(DEFAULT_POOL.name()));
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(DEFAULT_POOL).getStatus());
    }

    @Test
    void deletedNodePoolIsStoppingThenGone() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        Operation delete = bed.gke.deleteNodePool(DEFAULT_POOL);
        NodePool.Status whileDeleting = bed.gke.getNodePool(DEFAULT_POOL).getStatus();
        bed.embedded.completeAllOperations();

        assertEquals(Operation.Type.DELETE_NODE_POOL, delete.getOperationType());
        assertEquals(NodePool.Status.STOPPING, whileDeleting);
        ApiFailure gone = assertThrows(ApiFailure.class, () -> bed.gke.getNodePool(DEFAULT_POOL));
        assertEquals(FailureKind.NOT_FOUND, gone.kind());
    }

    @Test
    void workloadMetadataUpdateChangesOnlyTheMode() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        bed.gke.enableWorkloadIdentity(ZONAL, WORKLOAD_POOL);
        bed.embedded.completeAllOperations();
        NodePool before = bed.gke.getNodePool(DEFAULT_POOL);

        Operation update = bed.gke.setNodePoolWorkloadMetadata(DEFAULT_POOL,
                WorkloadMetadataConfig.newBuilder().setMode(Mode.GKE_METADATA).build());
        bed.embedded.completeAllOperations();
        NodePool after = bed.gke.getNodePool(DEFAULT_POOL);

        assertEquals(Operation.Type.UPGRADE_NODES, update.getOperationType());
        assertEquals(Mode.MODE_UNSPECIFIED, before.getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(before.getConfig().toBuilder().setWorkloadMetadataConfig(
                WorkloadMetadataConfig.newBuilder().setMode(Mode.GKE_METADATA)).build(), after.getConfig());
        assertEquals(NodePool.Status.RUNNING, after.getStatus());
    }

    /**
     * The GKE guide "Authenticate to Google Cloud APIs from GKE workloads" (how-to/workload-identity) updates
     * each existing node pool after enabling Workload Identity on the cluster: enabling it leaves their
     * metadata mode (here unset, the Compute Engine metadata server) as it was; pools created afterwards get
     * GKE_METADATA.
     */
    @Test
    void enablingWorkloadIdentityKeepsExistingPoolModesAndProtectsNewPools() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        Operation update = bed.gke.enableWorkloadIdentity(ZONAL, WORKLOAD_POOL);
        Cluster.Status whileUpdating = bed.gke.getCluster(ZONAL).getStatus();
        bed.embedded.completeAllOperations();
        NodePool later = bed.runningPool(ZONAL, SPARE);
        Cluster cluster = bed.gke.getCluster(ZONAL);

        assertEquals(Operation.Type.UPDATE_CLUSTER, update.getOperationType());
        assertEquals(Cluster.Status.RECONCILING, whileUpdating);
        assertEquals(WORKLOAD_POOL, cluster.getWorkloadIdentityConfig().getWorkloadPool());
        assertEquals(Cluster.Status.RUNNING, cluster.getStatus());
        assertEquals(Mode.MODE_UNSPECIFIED, cluster.getNodePools(0).getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(Mode.GKE_METADATA, later.getConfig().getWorkloadMetadataConfig().getMode());
    }

    @Test
    void operationsAreListedForTheirLocationOrAll() {
        ResourceRef elsewhere = ResourceRef.cluster(PROJECT, "asia-east1-a", "c3");
        Operation here = bed.createCluster(ZONAL, Cluster.getDefaultInstance());
        Operation there = bed.createCluster(elsewhere, Cluster.getDefaultInstance());

        List<Operation> inZone = bed.admin.listOperations("projects/" + PROJECT + "/locations/europe-west1-b").getOperationsList();
        List<Operation> all = bed.admin.listOperations("projects/" + PROJECT + "/locations/-").getOperationsList();

        assertEquals(List.of(here), inZone);
        assertEquals(List.of(here, there), all);
    }
}
