package dev.metadataguard.gke.embedded;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An in-process embedded GKE with the guard's client ({@link #gke}) and a plain
 * {@code ClusterManagerClient} ({@link #admin}) for the calls the guard never makes, such as CreateCluster.
 */
final class GkeTestBed implements AutoCloseable {

    static final String PROJECT = "proj-1";
    static final ResourceRef ZONAL = ResourceRef.cluster(PROJECT, "europe-west1-b", "c1");
    static final ResourceRef REGIONAL = ResourceRef.cluster(PROJECT, "us-central1", "c2");
    static final String WORKLOAD_POOL = PROJECT + ".svc.id.goog";

    final EmbeddedGke embedded;
    final ContainerGke gke;
    final ClusterManagerClient admin;

    GkeTestBed() {
        this(EmbeddedGke.inProcess());
    }

    /** Around an embedded GKE built with settings of its own ({@link EmbeddedGke#builder()}). */
    GkeTestBed(EmbeddedGke embedded) {
        this.embedded = embedded;
        this.gke = ContainerGke.connect(embedded.channel());
        try {
            admin = ClusterManagerClient.create(ClusterManagerSettings.newBuilder()
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(embedded.channel())))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends CreateCluster for {@code ref} and returns its (PENDING) operation. */
    Operation createCluster(ResourceRef ref, Cluster spec) {
        return admin.createCluster(CreateClusterRequest.newBuilder()
                .setParent("projects/" + ref.project() + "/locations/" + ref.location())
                .setCluster(spec.toBuilder().setName(ref.cluster()))
                .build());
    }

    /** Creates the cluster through the API and lets its operation finish. */
    Cluster runningCluster(ResourceRef ref, Cluster spec) {
        createCluster(ref, spec);
        embedded.completeAllOperations();
        return gke.getCluster(ref);
    }

    NodePool runningPool(ResourceRef cluster, NodePool spec) {
        gke.createNodePool(cluster, spec);
        embedded.completeAllOperations();
        return gke.getNodePool(cluster.withNodePool(spec.getName()));
    }

    /** Reads the operation the way a caller polls it. */
    Operation read(Operation operation) {
        return gke.getOperation(PROJECT, operation.getLocation(), operation.getName());
    }

    @Override
    public void close() {
        admin.close();
        gke.close();
        embedded.close();
    }
}
