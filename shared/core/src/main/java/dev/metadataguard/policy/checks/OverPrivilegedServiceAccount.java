package dev.metadataguard.policy.checks;

import dev.metadataguard.iam.Grant;
import dev.metadataguard.iam.Grants;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * MG003: the node service account holds roles beyond the minimal set the policy allows, bound on its
 * project or inherited from a folder or the organisation above it, to the account itself or to a Google
 * group it is a member of. A conditional binding counts as granted (its condition may hold) and is marked
 * so in the evidence, as is the group a role comes through. Where the roles were read without the IAM
 * Policy Analyzer, a group's members are unknown: a role beyond the allowed set bound to any group makes
 * the verdict unknown, never a pass. The rule is {@link #judge}, which the replacer applies to the account
 * it would put on nodes.
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
                + " inherited from its folders and organisation, to the SA or to a group it is in (conditional bindings"
                + " count, marked so); read with the IAM Policy Analyzer where `MG_IAM_ANALYSIS_SCOPE` names the"
                + " organisation, else from the policies, where a group bound to a role beyond the set gives `unknown`;"
                + " answers are cached `MG_IAM_CACHE_SECONDS` (default 300)";
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
        Judgement judged = judge(held, s.settings().allowedNodeRoles(), project);
        if (judged.beyond().isEmpty()) {
            return judged.unknown().map(this::unknown).orElseGet(this::pass);
        }
        return fail(project + " IAM bindings of serviceAccount:" + s.node().serviceAccount(),
                "only " + String.join(", ", new TreeSet<>(s.settings().allowedNodeRoles())),
                "also " + String.join(", ", describe(judged.beyond(), project)), "");
    }

    /**
     * What MG003 finds in an account's grants.
     *
     * @param beyond  the grants of roles outside the allowed set: a violation when there is one
     * @param unknown why the account may hold such a role unseen, when none is seen
     */
    public record Judgement(List<Grant> beyond, Optional<String> unknown) {
    }

    /**
     * MG003's rule, in one place: the grants of roles beyond {@code allowed}; failing those, what was left
     * unread (an ancestor's policy) or unexpanded (any group bound to a role beyond {@code allowed}, since the
     * account may be a member).
     *
     * @param project the project's resource name, {@code projects/P}, against which grants above it are marked
     */
    public static Judgement judge(Grants held, Collection<String> allowed, String project) {
        List<Grant> beyond = held.grants().stream().filter(grant -> !allowed.contains(grant.role())).toList();
        if (!beyond.isEmpty()) {
            return new Judgement(beyond, Optional.empty());
        }
        List<String> reasons = new ArrayList<>();
        if (!held.unread().isEmpty()) {
            reasons.add("not every grant could be read: " + String.join("; ", held.unread()));
        }
        List<Grant> toGroups = held.unexpanded().stream().filter(grant -> !allowed.contains(grant.role())).toList();
        if (!toGroups.isEmpty()) {
            reasons.add("roles beyond the allowed set are bound to groups whose members cannot be read here, so the"
                    + " account may hold them: " + String.join(", ", describe(toGroups, project))
                    + " (the IAM Policy Analyzer expands groups: MG_IAM_ANALYSIS_SCOPE)");
        }
        return new Judgement(List.of(), reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons)));
    }

    /** Each grant with where it comes from, once, sorted. */
    public static List<String> describe(List<Grant> grants, String project) {
        return grants.stream().map(grant -> grant.describe(project)).distinct().sorted().toList();
    }
}
