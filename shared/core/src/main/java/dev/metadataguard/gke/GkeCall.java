package dev.metadataguard.gke;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row per {@link Gke} method: the REST method it calls (the name failures and audit logs use)
 * and the IAM permission the caller needs, so the Terraform custom roles can be checked against it.
 * Node-pool writes are authorised on the cluster ({@code container.clusters.update}), as the audit
 * logs' {@code authorizationInfo} shows. Creating a pool that runs as a named node service account
 * also needs {@code iam.serviceAccounts.actAs} on that account, which is granted on the account, not
 * in a project role, so it is not listed here.
 */
public enum GkeCall {
    GET_CLUSTER("getCluster", "container.projects.locations.clusters.get", "container.clusters.get"),
    LIST_CLUSTERS("listClusters", "container.projects.locations.clusters.list", "container.clusters.list"),
    GET_NODE_POOL("getNodePool", "container.projects.locations.clusters.nodePools.get", "container.clusters.get"),
    /** The same REST method, on the v1beta1 surface. */
    GET_NODE_METADATA("getNodeMetadata", "container.projects.locations.clusters.nodePools.get", "container.clusters.get"),
    /** GKE's IAM table lists GetServerConfig under container.clusters.list. */
    GET_SERVER_CONFIG("getServerConfig", "container.projects.locations.getServerConfig", "container.clusters.list"),
    CREATE_NODE_POOL("createNodePool", "container.projects.locations.clusters.nodePools.create",
            "container.clusters.update"),
    GET_OPERATION("getOperation", "container.projects.locations.operations.get", "container.operations.get"),
    SET_NODE_POOL_WORKLOAD_METADATA("setNodePoolWorkloadMetadata",
            "container.projects.locations.clusters.nodePools.update", "container.clusters.update"),
    SET_NODE_POOL_SIZE("setNodePoolSize", "container.projects.locations.clusters.nodePools.setSize",
            "container.clusters.update"),
    DELETE_NODE_POOL("deleteNodePool", "container.projects.locations.clusters.nodePools.delete",
            "container.clusters.update"),
    SET_CLUSTER_AUTOSCALING("setClusterAutoscaling", "container.projects.locations.clusters.update",
            "container.clusters.update"),
    ENABLE_WORKLOAD_IDENTITY("enableWorkloadIdentity", "container.projects.locations.clusters.update",
            "container.clusters.update");

    private final String method;
    private final String restMethod;
    private final String permission;

    GkeCall(String method, String restMethod, String permission) {
        this.method = method;
        this.restMethod = restMethod;
        this.permission = permission;
    }

    /** The {@link Gke} method name. */
    public String method() {
        return method;
    }

    /** The REST method, e.g. {@code container.projects.locations.clusters.get}. */
    public String restMethod() {
        return restMethod;
    }

    public String permission() {
        return permission;
    }

    /** {@link Gke} method name to the IAM permission it needs. */
    public static Map<String, String> permissionsByMethod() {
        return Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(GkeCall::method, GkeCall::permission));
    }
}
