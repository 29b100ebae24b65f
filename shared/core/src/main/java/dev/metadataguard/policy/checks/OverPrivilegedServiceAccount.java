package dev.metadataguard.policy.checks;

import dev.metadataguard.iam.Grants;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * MG003: the node service account holds roles beyond the minimal set the policy allows, bound on its
 * project or inherited from a folder or the organisation above it. A conditional binding counts as
 * granted (its condition may hold) and is marked so in the evidence.
 */
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
        return "the node SA holds roles beyond the allowed set (the three minimal roles,"
                + " `roles/artifactregistry.reader`, `roles/container.defaultNodeServiceAccount`), bound on the project or"
                + " inherited from its folders and organisation (conditional bindings count, marked so); policies are"
                + " cached `MG_IAM_CACHE_SECONDS` (default 300)";
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

    /** The recommendation asks for "minimally privileged" node accounts, and its remediation grants the minimal roles. */
    @Override
    public Optional<CisItem> cis() {
        return Optional.of(LeastPrivilegeAccountFix.NOT_DEFAULT_ACCOUNT);
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (s.node().usesDefaultServiceAccount()) {
            // Its e-mail needs the project number, which the event does not carry; MG002 already applies.
            return unknown("nodes use the Compute Engine default service account (see MG002); its roles are not read");
        }
        if (s.roles().grants().isEmpty()) {
            return unknown(s.roles().unknownReason());
        }
        Grants held = s.roles().grants().get();
        String project = "projects/" + s.resource().project();
        List<String> extra = held.grants().stream()
                .filter(grant -> !s.settings().allowedNodeRoles().contains(grant.role()))
                .map(grant -> grant.describe(project))
                .distinct()
                .sorted()
                .toList();
        if (extra.isEmpty()) {
            return held.unread().isEmpty() ? pass()
                    : unknown("roles granted above the project cannot be read: " + String.join("; ", held.unread()));
        }
        return fail(project + " IAM bindings of serviceAccount:" + s.node().serviceAccount(),
                "only " + String.join(", ", new TreeSet<>(s.settings().allowedNodeRoles())),
                "also " + String.join(", ", extra), "");
    }
}
