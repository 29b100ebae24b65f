package dev.metadataguard.gke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metadataguard.event.ResourceRef;
import org.junit.jupiter.api.Test;

class ContainerGkeTest {

    @Test
    void nodePoolCallWithClusterReferenceIsRefusedBeforeAnyClientIsBuilt() {
        try (ContainerGke gke = ContainerGke.production()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gke.getNodePool(ResourceRef.cluster("p", "europe-west1-b", "c")));

            assertEquals("a node pool reference is needed, got projects/p/locations/europe-west1-b/clusters/c", e.getMessage());
        }
    }
}
