package dev.metadataguard.policy.checks;

import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.Set;
import java.util.TreeSet;

/** MG003: the node service account holds project roles beyond the minimal set the policy allows. */
public final class OverPrivilegedServiceAccount extends LeastPrivilegeAccountFix {

    @Override
    public String id() {
        return "MG003";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String title() {
        return "The node service account holds roles beyond the minimal set";
    }

    @Override
    public String rule() {
        return "the node SA holds project roles beyond the allowed set (the three minimal roles,"
                + " `roles/artifactregistry.reader`, `roles/container.defaultNodeServiceAccount`)";
    }

    @Override
    public String whyItMatters() {
        return "The node service account holds roles beyond what nodes need (writing logs and metrics,"
                + " reading images): one compromised Pod inherits all of them through the node's token.";
    }

    @Override
    public Exposure exposure() {
        return Exposure.NODE_ACCOUNT;
    }

    @Override
    public String category() {
        return "GKE_NODE_SERVICE_ACCOUNT_OVER_PRIVILEGED";
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (s.node().usesDefaultServiceAccount()) {
            // Its e-mail needs the project number, which the event does not carry; MG002 already applies.
            return unknown("nodes use the Compute Engine default service account (see MG002); its roles are not read");
        }
        if (s.serviceAccountRoles().isEmpty()) {
            return unknown(s.rolesUnknownReason());
        }
        Set<String> extra = new TreeSet<>(s.serviceAccountRoles().get());
        extra.removeAll(s.settings().allowedNodeRoles());
        if (extra.isEmpty()) {
            return pass();
        }
        return fail("projects/" + s.resource().project() + " IAM bindings of serviceAccount:"
                        + s.node().serviceAccount(),
                "only " + String.join(", ", new TreeSet<>(s.settings().allowedNodeRoles())),
                "also " + String.join(", ", extra), "");
    }
}
