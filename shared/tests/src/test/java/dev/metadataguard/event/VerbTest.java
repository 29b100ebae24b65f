package dev.metadataguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerbTest {

    @ParameterizedTest
    @CsvSource({
        "google.container.v1.ClusterManager.CreateCluster, CREATE_CLUSTER, v1",
        "google.container.v1beta1.ClusterManager.CreateCluster, CREATE_CLUSTER, v1beta1",
        "google.container.v1alpha1.ClusterManager.CreateNodePool, CREATE_NODE_POOL, v1alpha1",
        "google.container.v1.ClusterManager.UpdateNodePool, UPDATE_NODE_POOL, v1",
        "google.container.v1beta1.ClusterManager.UpdateCluster, UPDATE_CLUSTER, v1beta1",
        "google.container.v1.ClusterManager.DeleteCluster, DELETE_CLUSTER, v1",
        "google.container.v1beta1.ClusterManager.DeleteNodePool, DELETE_NODE_POOL, v1beta1",
        "google.container.v1alpha1.ClusterManager.DeleteNodePool, DELETE_NODE_POOL, v1alpha1",
    })
    void matchesBySuffixAcrossVersions(String method, Verb verb, String version) {
        assertEquals(Optional.of(verb), Verb.ofMethod(method));
        assertEquals(Optional.of(version), Verb.apiVersionOf(method));
    }

    @ParameterizedTest
    @CsvSource({
        "google.container.v1.ClusterManager.SetNodePoolSize",
        "google.container.v2.ClusterManager.CreateCluster",
        "google.container.v1.ClusterManager.CreateClusterX",
        "io.k8s.core.v1.pods.create",
        "google.container.v1.Other.CreateCluster",
    })
    void refusesEverythingElse(String method) {
        assertEquals(Optional.empty(), Verb.ofMethod(method));
    }
}
