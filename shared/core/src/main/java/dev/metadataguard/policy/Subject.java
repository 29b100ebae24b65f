package dev.metadataguard.policy;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.iam.Grants;
import java.util.Optional;

/**
 * One thing the checks evaluate: a node pool (or a cluster's auto-provisioning defaults) with what
 * is known of its cluster and its service account.
 *
 * @param clusterKnown        false when the cluster is a placeholder whose settings nobody has seen
 * @param workloadIdentity    the cluster has a Workload Identity pool
 * @param serviceAccountGrants the node SA's effective grants (project and ancestors); empty when they could not be read
 * @param rolesUnknownReason  why the roles are unknown, for the verdict
 * @param settings            what the policy says the checks need
 * @param concealmentUnread   why legacy concealment could not be read for this pool, when it could not (the
 *                            local mode's v1 listing, which has no field for it); empty when it was read
 */
public record Subject(
        ResourceRef resource,
        NodeSettings node,
        boolean clusterKnown,
        boolean autopilot,
        boolean workloadIdentity,
        Optional<Grants> serviceAccountGrants,
        String rolesUnknownReason,
        CheckSettings settings,
        Optional<String> concealmentUnread) {

    /** A subject whose legacy concealment, if any, was read. */
    public Subject(ResourceRef resource, NodeSettings node, boolean clusterKnown, boolean autopilot,
                   boolean workloadIdentity, Optional<Grants> serviceAccountGrants, String rolesUnknownReason,
                   CheckSettings settings) {
        this(resource, node, clusterKnown, autopilot, workloadIdentity, serviceAccountGrants, rolesUnknownReason,
                settings, Optional.empty());
    }
}
