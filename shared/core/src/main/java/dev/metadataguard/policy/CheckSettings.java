package dev.metadataguard.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of the policy the checks read; the policy file builds it.
 *
 * @param acceptsConcealment  legacy metadata concealment ({@code SECURE}) passes MG001
 * @param allowedNodeRoles    project roles a node service account may hold (MG003)
 * @param nodeServiceAccounts project id -> the least-privilege node service account a fix uses
 */
public record CheckSettings(boolean acceptsConcealment, Set<String> allowedNodeRoles,
                            Map<String, String> nodeServiceAccounts) {

    public CheckSettings {
        allowedNodeRoles = Set.copyOf(allowedNodeRoles);
        nodeServiceAccounts = Map.copyOf(nodeServiceAccounts);
    }

    public Optional<String> nodeServiceAccount(String project) {
        return Optional.ofNullable(nodeServiceAccounts.get(project));
    }
}
