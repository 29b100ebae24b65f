package dev.metadataguard.ticket;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.remedy.ExistingPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ticket opener's own look at GKE, with the same {@link Inspector} the inspector and the replacer judge
 * with, before a message may close or mark anything. A ticket is resolved only when the resource is live
 * compliant, exempt by the policy, or gone (NOT_FOUND); a replacement is marked ready only when it is the
 * guard's own ({@link ExistingPool}), RUNNING, and at least the original's size; a cluster's tickets close as
 * deleted only for what GKE no longer holds. A violation opens (or supersedes) a ticket only when the live
 * findings are the message's. Whatever the message says otherwise is stale.
 */
public final class LiveCheck implements TicketCheck {

    private final Inspector inspector;
    private final Gke gke;
    private final InstanceGroups groups;
    private final List<Check> checks;

    /** @param inspector the judge over {@code gke}, the IAM reads and the ticket opener's policy */
    public LiveCheck(Inspector inspector, Gke gke, InstanceGroups groups, List<Check> checks) {
        this.inspector = inspector;
        this.gke = gke;
        this.groups = groups;
        this.checks = List.copyOf(checks);
    }

    /** Over the registered checks. */
    public LiveCheck(Inspector inspector, Gke gke, InstanceGroups groups) {
        this(inspector, gke, groups, Checks.ALL);
    }

    @Override
    public Checked check(TicketRequest request) {
        if (request instanceof TicketRequest.Evaluated evaluated) {
            return evaluated(evaluated.decision());
        }
        if (request instanceof TicketRequest.Remediated remediated) {
            return remediated(remediated);
        }
        if (request instanceof TicketRequest.Present present) {
            return present(present);
        }
        return new Holds(request); // a guard's problem or failure, a sweep's list: they close nothing
    }

    private Checked evaluated(Decision said) {
        if (said.outcome() == Outcome.UNKNOWN) {
            return new Holds(new TicketRequest.Evaluated(said)); // the desk changes nothing for it
        }
        ResourceRef ref = ResourceRef.parse(said.resource()).orElseThrow();
        if (!inspector.policy().inScope(ref.project())) {
            return new Stale("project " + ref.project() + " is outside the policy's projects");
        }
        Optional<Decision> live;
        try {
            live = inspector.inspectLive(ref, said).decisions().stream()
                    .filter(d -> d.resource().equals(said.resource())).findFirst();
        } catch (ApiFailure failure) {
            if (failure.kind() != FailureKind.NOT_FOUND) {
                throw failure;
            }
            boolean closes = said.outcome() == Outcome.COMPLIANT && said.replaces() == null
                    || said.outcome() == Outcome.EXEMPT && said.action() == Action.NONE;
            return closes ? new Holds(deleted(said)) : new Stale("the message says " + said(said)
                    + "; GKE answers NOT_FOUND for it");
        }
        if (live.isEmpty()) {
            return new Stale("the message says " + said(said) + "; live, the guard judges no such resource");
        }
        Decision now = live.get();
        boolean agrees = now.outcome() == said.outcome() && now.fingerprint().equals(said.fingerprint())
                && (said.outcome() != Outcome.EXEMPT || now.action() == said.action())
                && java.util.Objects.equals(now.replaces(), said.replaces());
        if (!agrees) {
            return new Stale("the message says " + said(said) + "; live, it is " + said(now) + " (" + now.reason() + ")");
        }
        if (said.outcome() == Outcome.VIOLATION) {
            return new Holds(new TicketRequest.Evaluated(said));
        }
        if (said.replaces() != null) {
            Optional<String> notReady = notOwnAndReady(ResourceRef.parse(said.replaces()).orElseThrow(), ref);
            if (notReady.isPresent()) {
                return new Stale(notReady.get());
            }
        }
        // What closes or marks the ticket is the live verdict, its reason included, not the message's words.
        return new Holds(new TicketRequest.Evaluated(now));
    }

    private Checked remediated(TicketRequest.Remediated request) {
        RemediationOutcome outcome = request.outcome();
        ResourceRef ref = ResourceRef.parse(request.decision().resource()).orElseThrow();
        if (outcome.kind() == RemediationOutcome.Kind.RESOURCE_DELETED) {
            Optional<String> status = status(ref);
            return status.isEmpty() ? new Holds(request)
                    : new Stale("the message says it was deleted; GKE still has it (" + status.get() + ")");
        }
        if (outcome.kind() == RemediationOutcome.Kind.REPLACEMENT_COMPLIANT) {
            Optional<ResourceRef> replacement = ResourceRef.parse(outcome.replacement()).filter(ResourceRef::isNodePool);
            if (replacement.isEmpty()) {
                return new Stale("the message marks a replacement ready but names none");
            }
            Optional<String> notReady = notOwnAndReady(ref, replacement.get());
            return notReady.<Checked>map(Stale::new).orElseGet(() -> new Holds(request));
        }
        return new Holds(request); // an outcome to record: it resolves nothing
    }

    /** A cluster's list closes the tickets of what it no longer holds: only of what GKE no longer holds. */
    private Checked present(TicketRequest.Present present) {
        ResourceRef cluster = ResourceRef.parse(present.cluster()).orElseThrow();
        List<String> held = new ArrayList<>();
        try {
            Cluster live = gke.getCluster(cluster);
            live.getNodePoolsList().forEach(pool -> ResourceRef.parse(cluster.name() + "/nodePools/" + pool.getName())
                    .ifPresent(ref -> held.add(ref.name())));
            if (live.getAutoscaling().getEnableNodeAutoprovisioning()) {
                held.add(cluster.name()); // its auto-provisioning defaults are judged as the cluster
            }
        } catch (ApiFailure failure) {
            if (failure.kind() != FailureKind.NOT_FOUND) {
                throw failure;
            }
        }
        List<String> unlisted = held.stream().filter(resource -> !present.resources().contains(resource)).toList();
        return unlisted.isEmpty() ? new Holds(present)
                : new Stale("the message says the cluster no longer holds " + unlisted + "; GKE still has them");
    }

    /**
     * Why {@code replacement} is not the guard's own, RUNNING replacement of {@code original} with at least its
     * nodes per zone; empty when it is.
     */
    private Optional<String> notOwnAndReady(ResourceRef original, ResourceRef replacement) {
        Optional<String> account = inspector.policy().nodeServiceAccount(original.project());
        if (account.isEmpty()) {
            return Optional.of("the policy names no node service account for project " + original.project()
                    + ", so no pool there is the guard's replacement");
        }
        NodePool originalPool;
        NodePool replacementPool;
        try {
            originalPool = gke.getNodePool(original);
            replacementPool = gke.getNodePool(replacement);
        } catch (ApiFailure failure) {
            if (failure.kind() != FailureKind.NOT_FOUND) {
                throw failure;
            }
            return Optional.of("the original or its replacement is gone (" + failure.getMessage() + ")");
        }
        if (replacementPool.getStatus() != NodePool.Status.RUNNING) {
            return Optional.of("replacement " + replacement.nodePool() + " is " + replacementPool.getStatus()
                    + ", not RUNNING");
        }
        List<String> differ = ExistingPool.differences(originalPool, replacementPool, account.get(), checks, groups);
        return differ.isEmpty() ? Optional.empty() : Optional.of("node pool " + replacement.nodePool()
                + " is not the guard's replacement of " + original.nodePool() + " (" + String.join("; ", differ) + ")");
    }

    /** The resource's status when GKE has it; empty when it answers NOT_FOUND. */
    private Optional<String> status(ResourceRef ref) {
        try {
            return Optional.of(ref.isNodePool() ? gke.getNodePool(ref).getStatus().name()
                    : gke.getCluster(ref).getStatus().name());
        } catch (ApiFailure failure) {
            if (failure.kind() != FailureKind.NOT_FOUND) {
                throw failure;
            }
            return Optional.empty();
        }
    }

    /** The resource is gone: every ticket about it resolves as deleted, whatever the message claimed of it. */
    private static TicketRequest deleted(Decision said) {
        Decision gone = new Decision(Fingerprint.of(said.resource(), List.of()), said.resource(), Outcome.UNKNOWN,
                List.of(), List.of(), Action.NONE, "deleted", said.mode(), said.method(), said.operationId(),
                said.principal(), said.eventTime(), null);
        return new TicketRequest.Remediated(gone, new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, "",
                "", "The resource no longer exists: GKE answered NOT_FOUND when the ticket opener read it.", ""));
    }

    private static String said(Decision d) {
        return d.outcome().label() + (d.findings().isEmpty() ? ""
                : " " + d.findings().stream().map(Finding::checkId).toList());
    }
}
