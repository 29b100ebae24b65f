package dev.metadataguard.replay;

import dev.metadataguard.policy.NodeSettings;

/**
 * The service account a node pool's nodes run as. An unset account is the Compute Engine default, which is
 * a different account in each project, so it is named by its project.
 *
 * @param computeDefault whether it is the Compute Engine default (MG002), by name or unset
 */
record NodeAccount(String name, boolean computeDefault) {

    static NodeAccount of(String project, NodeSettings node) {
        String account = node.serviceAccount();
        if (account.isEmpty() || account.equals("default")) {
            return new NodeAccount("Compute Engine default of " + project, true);
        }
        return new NodeAccount(account, node.usesDefaultServiceAccount());
    }
}
