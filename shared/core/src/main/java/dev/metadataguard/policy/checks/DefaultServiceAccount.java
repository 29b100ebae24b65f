package dev.metadataguard.policy.checks;

import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Prevention;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.EnumSet;
import java.util.Optional;

/** MG002: nodes run as the Compute Engine default service account, which holds project Editor by default. */
public final class DefaultServiceAccount extends LeastPrivilegeAccountFix {

    @Override
    public String id() {
        return "MG002";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String title() {
        return "Nodes use the Compute Engine default service account";
    }

    @Override
    public String rule() {
        return "the node SA is unset, `default`, or `*-compute@developer.gserviceaccount.com`";
    }

    @Override
    public String whyItMatters() {
        return "The nodes run as the Compute Engine default service account, which holds the project-wide"
                + " Editor role by default: any Pod that reads the node's token from the metadata server can"
                + " change almost everything in the project.";
    }

    @Override
    public Exposure exposure() {
        return Exposure.NODE_ACCOUNT;
    }

    @Override
    public String category() {
        return "GKE_NODE_DEFAULT_SERVICE_ACCOUNT";
    }

    @Override
    public Optional<CisItem> cis() {
        return Optional.of(LeastPrivilegeAccountFix.NOT_DEFAULT_ACCOUNT);
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (!s.node().usesDefaultServiceAccount()) {
            return pass();
        }
        String actual = s.node().serviceAccount().isEmpty() ? "(unset: the Compute Engine default)"
                : s.node().serviceAccount();
        return fail(s.node().field() + ".serviceAccount",
                s.settings().nodeServiceAccount(s.resource().project())
                        .orElse("a least-privilege service account (NAME@" + s.resource().project()
                                + ".iam.gserviceaccount.com)"),
                actual, "");
    }

    @Override
    public Optional<Prevention> prevention() {
        return Optional.of(Prevention.of(this, EnumSet.allOf(Prevention.Place.class),
                Prevention.Node::usesDefaultServiceAccount));
    }
}
