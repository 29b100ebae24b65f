package dev.metadataguard.policy;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.NodeMetadata;
import dev.metadataguard.iam.Grants;
import java.util.Optional;

/**
 * One thing the checks evaluate: a node pool (or a cluster's auto-provisioning defaults), with what is known of
 * its cluster and of its service account's roles, and what the policy says the checks need.
 */
public record Subject(PoolPart pool, ClusterPart cluster, RolesPart roles, CheckSettings settings) {

    public ResourceRef resource() {
        return pool.resource();
    }

    public NodeSettings node() {
        return pool.node();
    }

    /**
     * The pool and its node settings.
     *
     * @param metadataUnread why the pool's legacy {@code nodeMetadata} could not be read, and what it may be, when the
     *                       source that answered cannot show it; empty when it was read
     */
    public record PoolPart(ResourceRef resource, NodeSettings node, Optional<NodeMetadata.Unread> metadataUnread) {

        /** A pool whose legacy {@code nodeMetadata}, if any, was read. */
        public static PoolPart of(ResourceRef resource, NodeSettings node) {
            return new PoolPart(resource, node, Optional.empty());
        }
    }

    /** The same subject with {@code nodeMetadata} read as {@code value}. */
    public Subject withNodeMetadata(Optional<String> value) {
        return new Subject(PoolPart.of(pool.resource(), pool.node().withNodeMetadata(value)), cluster, roles, settings);
    }

    /** What the checks need of the cluster: its mode, and whether it has a Workload Identity pool. */
    public enum ClusterPart {
        /** Autopilot, which always runs the GKE metadata server under Workload Identity. */
        AUTOPILOT,
        STANDARD_WITH_WORKLOAD_IDENTITY,
        STANDARD_WITHOUT_WORKLOAD_IDENTITY;

        public static ClusterPart standard(boolean workloadIdentity) {
            return workloadIdentity ? STANDARD_WITH_WORKLOAD_IDENTITY : STANDARD_WITHOUT_WORKLOAD_IDENTITY;
        }

        public boolean autopilot() {
            return this == AUTOPILOT;
        }

        public boolean workloadIdentity() {
            return this == AUTOPILOT || this == STANDARD_WITH_WORKLOAD_IDENTITY;
        }
    }

    /**
     * The node service account's effective grants (project and ancestors), or why they could not be read.
     *
     * @param unknownReason why the roles are unknown, for the verdict; empty when they were read
     */
    public record RolesPart(Optional<Grants> grants, String unknownReason) {

        public static RolesPart read(Grants grants) {
            return new RolesPart(Optional.of(grants), "");
        }

        public static RolesPart unknown(String reason) {
            return new RolesPart(Optional.empty(), reason);
        }
    }
}
