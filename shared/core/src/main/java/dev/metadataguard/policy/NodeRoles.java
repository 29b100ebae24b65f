package dev.metadataguard.policy;

import java.util.List;

/** The project roles a node service account needs, from the GKE guide "Harden your cluster's security". */
public final class NodeRoles {

    /** What nodes need to write logs and metrics: the least a node service account holds. */
    public static final List<String> MINIMAL =
            List.of("roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/logging.logWriter");
    /** GKE's predefined role for node service accounts, which holds the permissions of the three. */
    public static final String GKE_NODE_ROLE = "roles/container.defaultNodeServiceAccount";
    /** Only needed to pull private images from Artifact Registry. */
    public static final String IMAGE_READER = "roles/artifactregistry.reader";
    /** What a policy allows when it names no roles of its own. */
    public static final List<String> ALLOWED_BY_DEFAULT = List.of(
            MINIMAL.get(0), MINIMAL.get(1), MINIMAL.get(2), IMAGE_READER, GKE_NODE_ROLE);

    private NodeRoles() {
    }
}
