package dev.metadataguard.policy.checks;

import dev.metadataguard.fix.FixStep;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Fix;
import dev.metadataguard.policy.FixContext;
import dev.metadataguard.policy.NodeSetting;
import dev.metadataguard.policy.Prevention;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MG005: the default service account combined with a broad OAuth scope. Scopes are the only limit on
 * what the default account's project Editor role can do from a node, so {@code cloud-platform} there
 * hands Pods that can reach metadata the whole project.
 */
public final class BroadScopesOnDefaultAccount implements Check {

    static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    static final Set<String> BROAD = Set.of(
            CLOUD_PLATFORM,
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
    public String rule() {
        return "the default SA with `cloud-platform` (or `compute`, `iam`, `devstorage.full_control`)";
    }

    @Override
    public String whyItMatters() {
        return "The default service account with the cloud-platform scope gives the node's token the full"
                + " reach of the Editor role over every Google Cloud API in the project.";
    }

    @Override
    public Exposure exposure() {
        return Exposure.NODE_ACCOUNT;
    }

    /** With a least-privilege account (MG002), IAM decides what the nodes may do, not the scopes. */
    private static final Fix FIX = Fix.of(NodeSetting.of("oauth_scopes", List.of(CLOUD_PLATFORM), "--scopes")
            .autoprovisioning("--autoprovisioning-scopes"));

    @Override
    public Fix fix() {
        return FIX;
    }

    /** cloud-platform is only safe on a least-privilege account: the one MG002's fix creates. */
    @Override
    public List<FixStep> prerequisites(FixContext fix) {
        return fix.accountToCreate();
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

    /** An absent scope list adds no scope, so only listed broad scopes refuse. */
    @Override
    public Optional<Prevention> prevention() {
        String broad = BROAD.stream().sorted().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        return Optional.of(Prevention.of(this, EnumSet.allOf(Prevention.Place.class),
                node -> "(" + node.usesDefaultServiceAccount() + ") && " + node.present("oauthScopes") + " && "
                        + node.field("oauthScopes") + ".exists(s, s in [" + broad + "])"));
    }
}
