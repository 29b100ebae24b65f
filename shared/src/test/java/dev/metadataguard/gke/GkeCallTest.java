package dev.metadataguard.gke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GkeCallTest {

    @Test
    void everyGkeMethodHasItsRow() {
        Set<String> methods = Arrays.stream(Gke.class.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());

        assertEquals(methods, GkeCall.permissionsByMethod().keySet());
    }

    @Test
    void readsNeedGetAndEveryWriteNeedsClusterUpdate() {
        assertEquals(Map.of(
                "getCluster", "container.clusters.get",
                "getNodePool", "container.clusters.get",
                "getNodeMetadata", "container.clusters.get",
                "getOperation", "container.operations.get",
                "createNodePool", "container.clusters.update",
                "setNodePoolWorkloadMetadata", "container.clusters.update",
                "setNodePoolSize", "container.clusters.update",
                "deleteNodePool", "container.clusters.update",
                "enableWorkloadIdentity", "container.clusters.update"), GkeCall.permissionsByMethod());
    }
}
