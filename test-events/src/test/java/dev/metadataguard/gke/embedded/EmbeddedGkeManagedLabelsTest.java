package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeLabels;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.SandboxConfig;
import com.google.container.v1.UpdateNodePoolRequest;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node labels and taints GKE manages: written on the pools that have them, refused in requests. */
class EmbeddedGkeManagedLabelsTest {

    private static final NodeTaint SANDBOX_TAINT = NodeTaint.newBuilder().setKey("sandbox.gke.io/runtime")
            .setValue("gvisor").setEffect(NodeTaint.Effect.NO_SCHEDULE).build();

    private final GkeTestBed bed = new GkeTestBed();

    @BeforeEach
    void cluster() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
    }

    @AfterEach
    void close() {
        bed.close();
    }

    private static NodePool pool(NodeConfig.Builder config) {
        return NodePool.newBuilder().setName("np").setInitialNodeCount(1).setConfig(config).build();
    }

    private String refused(NodeConfig.Builder config) {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> bed.gke.createNodePool(ZONAL, pool(config)));
        assertEquals(FailureKind.PERMANENT, failure.kind(), failure::getMessage);
        String prefix = "INVALID_ARGUMENT on " + ZONAL.withNodePool("np").name() + ": ";
        assertTrue(failure.getMessage().contains(prefix), failure::getMessage);
        return failure.getMessage().substring(failure.getMessage().indexOf(prefix) + prefix.length());
    }

    /** GKE Sandbox guide; hashicorp/terraform#22434 shows both in the pool's config. */
    @Test
    void aSandboxPoolCarriesGkesLabelAndTaint() {
        NodePool created = bed.runningPool(ZONAL, pool(NodeConfig.newBuilder()
                .setSandboxConfig(SandboxConfig.newBuilder().setType(SandboxConfig.Type.GVISOR)).putLabels("team", "a")));

        assertEquals(Map.of("team", "a", "sandbox.gke.io/runtime", "gvisor"), created.getConfig().getLabelsMap());
        assertEquals(List.of(SANDBOX_TAINT), created.getConfig().getTaintsList());
    }

    /** "Node label "sandbox.gke.io/runtime" is reserved for gke sandbox." (terraform-google-kubernetes-engine#252). */
    @Test
    void theSandboxLabelIsReservedForGkeSandbox() {
        assertEquals("Node label \"sandbox.gke.io/runtime\" is reserved for gke sandbox.",
                refused(NodeConfig.newBuilder().putLabels("sandbox.gke.io/runtime", "gvisor")));
    }

    /** "Node taints with key ... are managed by GKE and must not be manually specified" (provider-gcp#491). */
    @Test
    void theSandboxTaintIsManagedByGke() {
        assertEquals("Node taints with key \"sandbox.gke.io/runtime\" are managed by GKE and must not be manually"
                + " specified.", refused(NodeConfig.newBuilder().setSandboxConfig(SandboxConfig.newBuilder()
                .setType(SandboxConfig.Type.GVISOR)).addTaints(SANDBOX_TAINT)));
    }

    /** "Applying kubernetes label is not allowed: node-role.kubernetes.io/presslabs-sys." (terraform-provider-google#6003). */
    @ParameterizedTest
    @ValueSource(strings = {"node-role.kubernetes.io/presslabs-sys", "kubernetes.io/role", "k8s.io/owner"})
    void kubernetesNamespacesAreNotAllowed(String key) {
        assertEquals("Applying kubernetes label is not allowed: " + key + ".",
                refused(NodeConfig.newBuilder().putLabels(key, "x")));
    }

    /** GKE's words for a managed key (terraform-provider-google#19677), applied to every gke- label: stricter than GKE. */
    @ParameterizedTest
    @ValueSource(strings = {"cloud.google.com/gke-nodepool", "cloud.google.com/gke-spot", "cloud.google.com/gke-accelerator"})
    void gkesOwnNodeLabelsAreManagedByGke(String key) {
        assertEquals("Node labels with key \"" + key + "\" are managed by GKE or Kubernetes and must not be manually"
                + " specified.", refused(NodeConfig.newBuilder().putLabels(key, "true")));
    }

    /** The custom compute classes guide sets cloud.google.com/compute-class on manual pools; GPU taints are asked for too. */
    @Test
    void otherCloudGoogleLabelsAndAcceleratorTaintsAreTaken() {
        NodePool created = bed.runningPool(ZONAL, pool(NodeConfig.newBuilder()
                .putLabels("cloud.google.com/compute-class", "batch")
                .addTaints(NodeTaint.newBuilder().setKey("nvidia.com/gpu").setValue("present")
                        .setEffect(NodeTaint.Effect.NO_SCHEDULE))));

        assertEquals("batch", created.getConfig().getLabelsOrThrow("cloud.google.com/compute-class"));
        assertEquals("nvidia.com/gpu", created.getConfig().getTaints(0).getKey());
    }

    @Test
    void anUpdateSettingAManagedLabelIsRefusedToo() {
        bed.runningPool(ZONAL, pool(NodeConfig.newBuilder()));
        com.google.api.gax.rpc.ApiException e = assertThrows(com.google.api.gax.rpc.ApiException.class,
                () -> bed.admin.updateNodePool(UpdateNodePoolRequest.newBuilder().setName(ZONAL.withNodePool("np").name())
                        .setLabels(NodeLabels.newBuilder().putLabels("sandbox.gke.io/runtime", "gvisor")).build()));
        assertEquals(com.google.api.gax.rpc.StatusCode.Code.INVALID_ARGUMENT, e.getStatusCode().getCode());
        assertTrue(e.getMessage().contains("Node label \"sandbox.gke.io/runtime\" is reserved for gke sandbox."),
                e::getMessage);
    }
}
