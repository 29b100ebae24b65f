package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.ServerConfig;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GetServerConfig and the offer CreateNodePool is held to: ServerConfig's valid_node_versions and
 * valid_image_types (proto comments), and the version forms of the GKE versioning guide ("Specifying the
 * node version": empty or "-" for the control plane's version, "latest", a full or partial version).
 */
class EmbeddedGkeServerConfigTest {

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private static NodePool pool(String name, String version, String image) {
        return NodePool.newBuilder().setName(name).setInitialNodeCount(1).setVersion(version)
                .setConfig(NodeConfig.newBuilder().setImageType(image)).build();
    }

    @Test
    void serverConfigListsWhatIsOfferedNewestFirst() {
        bed.embedded.offer(List.of("1.33.5-gke.1308000", "1.32.9-gke.1207000"), List.of("COS_CONTAINERD", "UBUNTU_CONTAINERD"));

        ServerConfig config = bed.gke.getServerConfig(ZONAL.project(), ZONAL.location());

        assertEquals(List.of("1.33.5-gke.1308000", "1.32.9-gke.1207000"), config.getValidNodeVersionsList());
        assertEquals("1.33.5-gke.1308000", config.getDefaultClusterVersion());
        assertEquals(List.of("COS_CONTAINERD", "UBUNTU_CONTAINERD"), config.getValidImageTypesList());
        assertEquals("COS_CONTAINERD", config.getDefaultImageType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "latest", "1.32", "1.32.9", "1.32.9-gke.1207000"})
    void versionFormsOfTheVersioningGuideAreAccepted(String version) {
        bed.embedded.offer(List.of("1.33.5-gke.1308000", "1.32.9-gke.1207000"), List.of("COS_CONTAINERD"));
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        bed.runningPool(ZONAL, pool("p", version, "COS_CONTAINERD"));
    }

    @Test
    void aVersionNoLongerOfferedIsRefusedAndTheExistingPoolKeepsIt() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        NodePool old = bed.runningPool(ZONAL, pool("old", "1.30.5-gke.1014001", "COS_CONTAINERD"));
        bed.embedded.offer(List.of("1.33.5-gke.1308000"), List.of("COS_CONTAINERD"));

        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> bed.gke.createNodePool(ZONAL, pool("copy", "1.30.5-gke.1014001", "COS_CONTAINERD")));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertTrue(failure.getMessage().contains("INVALID_ARGUMENT") && failure.getMessage()
                .contains("Node version \"1.30.5-gke.1014001\" is unsupported"), failure.getMessage());
        assertEquals(old.getVersion(), bed.gke.getNodePool(ZONAL.withNodePool("old")).getVersion());
    }

    @Test
    void anImageTypeNotOfferedIsRefused() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> bed.gke.createNodePool(ZONAL, pool("docker", "", "COS")));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertTrue(failure.getMessage().contains("\"COS\" is not a supported image type"), failure.getMessage());
    }
}
