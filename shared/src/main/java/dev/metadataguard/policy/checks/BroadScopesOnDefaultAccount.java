package dev.metadataguard.policy.checks;

import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.List;
import java.util.Set;

/**
 * MG005: the default service account combined with a broad OAuth scope. Scopes are the only limit on
 * what the default account's project Editor role can do from a node, so {@code cloud-platform} there
 * hands Pods that can reach metadata the whole project.
 */
public final class BroadScopesOnDefaultAccount implements Check {

    static final Set<String> BROAD = Set.of(
            "https://www.googleapis.com/auth/cloud-platform",
            "https://www.googleapis.com/auth/compute",
            "https://www.googleapis.com/auth/devstorage.full_control",
            "https://www.googleapis.com/auth/iam");

    @Override
    public String id() {
        return "MG005";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String title() {
        return "The default service account has broad OAuth scopes";
    }

    @Override
    public String category() {
        return "GKE_NODE_DEFAULT_SERVICE_ACCOUNT_BROAD_SCOPES";
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (!s.node().usesDefaultServiceAccount()) {
            return pass();
        }
        List<String> broad = s.node().oauthScopes().stream().filter(BROAD::contains).sorted().toList();
        return broad.isEmpty() ? pass()
                : fail(s.node().field() + ".oauthScopes", "no broad scope with the default service account",
                        String.join(", ", broad), "");
    }
}
