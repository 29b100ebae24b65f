package dev.metadataguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceRefTest {

    @ParameterizedTest
    @CsvSource({
        "projects/p1/zones/us-central1-a/clusters/c1, p1, us-central1-a, c1, , true",
        "projects/p1/locations/us-central1-a/clusters/c1, p1, us-central1-a, c1, , true",
        "projects/p1/locations/us-central1/clusters/c1, p1, us-central1, c1, , false",
        "projects/p1/zones/us-central1-a/clusters/c1/nodePools/np, p1, us-central1-a, c1, np, true",
        "projects/p1/locations/europe-west1/clusters/c1/nodePools/np, p1, europe-west1, c1, np, false",
        "//container.googleapis.com/projects/p1/locations/asia-east1/clusters/c1, p1, asia-east1, c1, , false",
    })
    void parsesEveryNameForm(String name, String project, String location, String cluster, String pool, boolean zonal) {
        ResourceRef ref = ResourceRef.parse(name).orElseThrow();
        assertEquals(new ResourceRef(project, location, cluster, pool), ref);
        assertEquals(zonal, ref.isZonal());
        assertEquals(pool != null, ref.isNodePool());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "projects/p1", "projects/p1/zones/z/clusters", "projects/p1/regions/r/clusters/c",
        "projects/p1/zones/z/clusters/c/nodePools", "core/v1/namespaces/default/pods/x"})
    void refusesOtherNames(String name) {
        assertEquals(Optional.empty(), ResourceRef.parse(name));
    }

    @org.junit.jupiter.api.Test
    void alwaysNamesTheLocationsForm() {
        ResourceRef ref = ResourceRef.parse("projects/p/zones/z-a/clusters/c/nodePools/n").orElseThrow();
        assertEquals("projects/p/locations/z-a/clusters/c/nodePools/n", ref.name());
        assertEquals("projects/p/locations/z-a/clusters/c", ref.clusterName());
        assertFalse(ref.clusterRef().isNodePool());
        assertTrue(ref.isNodePool());
    }

    @ParameterizedTest
    @ValueSource(strings = {"projects/acme-prod/zones/europe-west1-b/clusters/pay\u202ements",
        "projects/acme-prod/zones/europe-west1-b/clusters/payments/nodePools/np;rm -rf /",
        "projects/acme-prod/zones/europe-west1-b/clusters/Payments", "projects/acme prod/zones/z/clusters/c",
        "projects/acme-prod/zones/europe-west1-b/clusters/a-very-long-cluster-name-of-forty-one-chars",
        "projects/acme-prod/zones/europe-west1-b/clusters/c/nodePools/np`id`", "projects/acme-prod/zones/Z\n/clusters/c",
        "projects/acme-prod/zones/europe-west1-b/clusters/c-/nodePools/n"})
    void refusesNamesGkeWouldRefuse(String name) {
        assertEquals(Optional.empty(), ResourceRef.parse(name));
    }

    @org.junit.jupiter.api.Test
    void cannotBeMadeWithANameGkeWouldRefuse() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ResourceRef("acme-prod", "europe-west1-b", "c1", "np\n# x"));
        assertEquals("'np\\u000A# x' is not a GKE node-pool name", e.getMessage());
    }
}
