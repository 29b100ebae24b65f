package dev.metadataguard.remedy;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.iam.Grant;
import dev.metadataguard.iam.Grants;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.checks.OverPrivilegedServiceAccount;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the policy's node service account can run a compliant replacement: it holds what nodes need to
 * write logs and metrics (the guide's three roles, or GKE's own role that bundles them), and nothing
 * beyond the policy's allowed roles, or the replacement would fail MG003 in turn: MG003's own rule
 * ({@link OverPrivilegedServiceAccount#judge}) decides that, and where it cannot tell, the replacement
 * goes ahead unverified.
 */
final class NodeAccountCheck {

    sealed interface Readiness {
    }

    record Ready() implements Readiness {
    }

    /** The roles cannot be read here: go ahead, and say so on the ticket. */
    record Unverified(String reason, Optional<TicketRequest.GuardProblem> problem) implements Readiness {
    }

    record Refused(Refusal refusal) implements Readiness {
    }

    private final ProjectRoles roles;
    private final List<String> allowed;

    NodeAccountCheck(ProjectRoles roles, List<String> allowed) {
        this.roles = roles;
        this.allowed = allowed;
    }

    /** @throws ApiFailure when reading the roles failed in a way a retry can fix */
    Readiness check(String project, String account) {
        Optional<Grants> held;
        try {
            held = roles.grantsOf(project, account);
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                throw failure;
            }
            Optional<TicketRequest.GuardProblem> problem = failure.kind() == FailureKind.PERMISSION_DENIED
                    ? Optional.of(new TicketRequest.GuardProblem("projects/" + project, failure.call(),
                            ProjectRoles.PERMISSION, failure.getMessage()))
                    : Optional.empty();
            return new Unverified("the roles of " + account + " could not be read (" + failure.getMessage() + ")", problem);
        }
        if (held.isEmpty()) {
            return new Unverified("the roles of " + account + " in project " + project
                    + " are unknown (no IAM policy to read)", Optional.empty());
        }
        Set<String> has = held.get().roles();
        List<String> missing = has.contains(NodeRoles.GKE_NODE_ROLE) ? List.of()
                : NodeRoles.MINIMAL.stream().filter(role -> !has.contains(role)).toList();
        if (!missing.isEmpty()) {
            return new Refused(new Refusal("node service account " + account + " lacks " + String.join(", ", missing)
                    + " in project " + project + ", which nodes need to write logs and metrics",
                    "grant them, then replay the event: " + Gcloud.inSequence(Gcloud.grant(project, account, missing))));
        }
        String own = "projects/" + project;
        OverPrivilegedServiceAccount.Judgement judged = OverPrivilegedServiceAccount.judge(held.get(), allowed, own);
        List<Grant> extra = judged.beyond();
        if (!extra.isEmpty()) {
            // Only the project's own bindings of the account can be revoked with the project's command; inherited
            // ones and those through a group are named.
            List<String> onProject = extra.stream().filter(g -> g.resource().equals(own) && g.through().isEmpty())
                    .map(Grant::role).distinct().sorted().toList();
            return new Refused(new Refusal("node service account " + account + " also holds "
                    + String.join(", ", OverPrivilegedServiceAccount.describe(extra, own))
                    + " in project " + project + ", beyond the policy's allowedNodeRoles: the replacement would fail MG003",
                    "revoke them, or name another account in the policy's nodeServiceAccounts, then replay the event"
                            + (!onProject.isEmpty() ? ": " + Gcloud.inSequence(Gcloud.revoke(project, account, onProject))
                            : extra.stream().anyMatch(g -> g.through().isPresent())
                            ? " (they are bound above the project or to a group the account is in: revoke them where they"
                            + " are bound, or take the account out of the group)"
                            : " (they are bound above the project: revoke them where they are bound)")));
        }
        if (judged.unknown().isPresent()) {
            return new Unverified("MG003 cannot be told for " + account + " (" + judged.unknown().get() + ")",
                    Optional.empty());
        }
        return new Ready();
    }
}
