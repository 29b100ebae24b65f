package dev.metadataguard.inspect;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Exemption;
import dev.metadataguard.config.Match;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.NodeMetadata;
import dev.metadataguard.iam.Grants;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.policy.Evaluation;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Labels;
import dev.metadataguard.policy.NodeSettings;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.PolicyEngine;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.text.Inert;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the live resource an audit event names: fetches the cluster and its pools from the
 * Container API (never trusting the logged request, which may be truncated and lacks GKE's
 * defaults), reads each named node service account's roles, runs the checks, and decides.
 * Transient API failures propagate so Pub/Sub redelivers; permanent ones become a verdict.
 */
public final class Inspector {

    private final Gke gke;
    private final ProjectRoles roles;
    private final Policy policy;
    private final PolicyEngine engine;

    public Inspector(Gke gke, ProjectRoles roles, Policy policy, PolicyEngine engine) {
        this.gke = gke;
        this.roles = roles;
        this.policy = policy;
        this.engine = engine;
    }

    public Policy policy() {
        return policy;
    }

    /** The caller has checked {@link Policy#inScope} for the event's project. */
    public Inspection inspect(AuditEvent event) {
        return inspect(event.resource(), Origin.of(event));
    }

    /**
     * A DeleteCluster or DeleteNodePool entry is a hint: the resource is read again, and only GKE's
     * NOT_FOUND resolves the tickets about it (for a cluster, about everything in it). A delete that failed
     * or is still running leaves the resource, and its tickets, as they were.
     * The caller has checked {@link Policy#inScope} for the event's project.
     */
    public Deletion deletion(AuditEvent event) {
        ResourceRef resource = event.resource();
        String what = resource.isNodePool() ? "node pool" : "cluster";
        List<TicketRequest.GuardProblem> problems = new ArrayList<>();
        String status;
        try {
            status = resource.isNodePool() ? gke.getNodePool(resource).getStatus().name()
                    : gke.getCluster(resource).getStatus().name();
        } catch (ApiFailure failure) {
            if (failure.kind() != FailureKind.NOT_FOUND) {
                Decision unread = unreadable(Origin.of(event), resource, failure, problems);
                return new Deletion(Optional.empty(), "nothing resolved: the " + what + " could not be read again ("
                        + unread.reason() + ")", problems);
            }
            String detail = "The " + what + " no longer exists: GKE answered NOT_FOUND when it was read again after the "
                    + event.verb().methodSuffix() + " entry" + event.operationId().map(op -> " (operation " + op + ")")
                    .orElse("") + ".";
            Decision gone = new Decision(Fingerprint.of(resource.name(), List.of()), resource.name(), Outcome.UNKNOWN,
                    List.of(), List.of(), Action.NONE, "deleted", policy.mode().text(), event.method(),
                    event.operationId().orElse(""), event.principal().orElse(""), event.timestamp().orElse(null), null);
            return new Deletion(Optional.of(new TicketRequest.Remediated(gone, new RemediationOutcome(
                    RemediationOutcome.Kind.RESOURCE_DELETED, "", event.operationId().orElse(""), detail, ""))),
                    "deleted: GKE answered NOT_FOUND on a re-read; the tickets about " + (resource.isNodePool()
                    ? "the node pool" : "the cluster and its node pools") + " are resolved", problems);
        }
        return new Deletion(Optional.empty(), "nothing resolved: the " + what + " still exists (status " + status
                + "), so the delete failed or has not finished; its tickets stay open", problems);
    }

    /**
     * Inspects an existing cluster and every pool it has now, deciding exactly as for an audit entry, under the
     * sweep's remediation rule. The caller has checked {@link Policy#inScope} for the cluster's project.
     *
     * @param onInspectionTopic whether the request was delivered from the inspection topic, which only the sweeper
     *                          and the ticket opener may publish to: as the delivery says, never the message. Its
     *                          {@code mayReplace} counts only then.
     * @throws IllegalArgumentException when the request names no cluster
     */
    public Inspection inspect(InspectionRequest request, boolean onInspectionTopic) {
        ResourceRef cluster = ResourceRef.parse(request.cluster()).filter(r -> !r.isNodePool())
                .orElseThrow(() -> new IllegalArgumentException("inspection request names no cluster: \""
                        + Inert.value(request.cluster()) + "\" (expected projects/P/locations/L/clusters/C)"));
        return inspect(cluster, new Origin(InspectionRequest.METHOD, request.sweep(), "", request.requestedAt(), true,
                request.mayReplace() && onInspectionTopic ? 1 : 0));
    }

    /**
     * The live verdict on the pool a request names, for a caller that re-decides before it writes (the replacer)
     * or before it closes a ticket (the ticket opener). It is judged as a request that may replace, whatever the
     * message's {@code method} says: a sweep's budget is the inspector's to keep, on facts it verified (the topic a
     * request came from), and a message's fields prove nothing. The request's method, operation, principal and
     * time are carried on for the record. The caller has checked {@link Policy#inScope}.
     *
     * @throws ApiFailure when the cluster or pool cannot be read (NOT_FOUND when it is gone)
     */
    public Inspection inspectLive(ResourceRef pool, Decision request) {
        return evaluate(pool, new Origin(request.method(), request.operationId(), request.principal(),
                request.eventTime(), false, Integer.MAX_VALUE));
    }

    private Inspection inspect(ResourceRef resource, Origin origin) {
        try {
            return evaluate(resource, origin);
        } catch (ApiFailure failure) {
            List<TicketRequest.GuardProblem> problems = new ArrayList<>();
            Inspection unreadable = new Inspection(List.of(unreadable(origin, resource, failure, problems)), problems);
            // A sweep that finds its cluster gone tells the desk so: the tickets of everything in it close.
            return origin.sweep() && failure.kind() == FailureKind.NOT_FOUND
                    ? unreadable.withPresent(new TicketRequest.Present(resource.name(), List.of(), origin.time()))
                    : unreadable;
        }
    }

    private Inspection evaluate(ResourceRef resource, Origin first) {
        Origin origin = first;
        List<TicketRequest.GuardProblem> problems = new ArrayList<>();
        Cluster cluster = gke.getCluster(resource.clusterRef());
        List<NodePool> pools = resource.isNodePool() ? List.of(gke.getNodePool(resource)) : cluster.getNodePoolsList();
        RolesLookup lookup = new RolesLookup(resource.project(), problems);
        List<Decision> decisions = new ArrayList<>();
        Map<String, Exemption> exemptions = new HashMap<>();
        List<TicketRequest.Remediated> held = new ArrayList<>();
        for (NodePool pool : pools) {
            Optional<ResourceRef> named = ResourceRef.parse(resource.clusterRef().name() + "/nodePools/" + pool.getName());
            if (named.isEmpty()) {
                // Only a damaged listing or a fake server names a pool so; its neighbours are still judged.
                decisions.add(unjudged(origin, resource.clusterRef(), "node pool \"" + Inert.value(pool.getName())
                        + "\" of the cluster has a name outside GKE's rules and cannot be judged"));
                continue;
            }
            ResourceRef poolRef = named.get();
            Decision decision;
            try {
                NodeMetadata legacy = legacyNodeMetadata(cluster, poolRef, pool);
                NodeSettings node = NodeSettings.of("nodePools[" + pool.getName() + "].config", pool.getConfig(),
                        legacy instanceof NodeMetadata.Read read ? read.value() : Optional.empty());
                Subject.PoolPart part = new Subject.PoolPart(poolRef, node, legacy instanceof NodeMetadata.Unread
                        unread ? Optional.of(unread) : Optional.empty());
                decision = decide(origin, cluster, part, Optional.of(pool), lookup, exemptions, held);
            } catch (ApiFailure failure) {
                decision = unreadable(origin, poolRef, failure, problems);
            } catch (RuntimeException bug) {
                // One pool the guard cannot judge never stops the judgement of its cluster's other pools.
                decision = unjudged(origin, poolRef, "the guard could not judge it (" + bug.getClass().getSimpleName()
                        + ": " + Inert.value(String.valueOf(bug.getMessage())) + ")");
            }
            decisions.add(decision);
            origin = origin.after(decision);
        }
        if (!resource.isNodePool() && cluster.getAutoscaling().getEnableNodeAutoprovisioning()) {
            NodeSettings node = NodeSettings.of("autoscaling.autoprovisioningNodePoolDefaults",
                    cluster.getAutoscaling().getAutoprovisioningNodePoolDefaults());
            decisions.add(decide(origin, cluster, Subject.PoolPart.of(resource.clusterRef(), node), Optional.empty(),
                    lookup, exemptions, held));
        }
        Inspection inspection = new Inspection(decisions, problems, Optional.empty(), exemptions, held);
        return origin.sweep() ? inspection.withPresent(new TicketRequest.Present(resource.name(),
                decisions.stream().map(Decision::resource).toList(), origin.time())) : inspection;
    }

    /**
     * Legacy concealment ({@code SECURE}) exists only on the v1beta1 surface: read it live when the v1
     * mode is unset, never from the logged request, which a later update may have overtaken.
     */
    private NodeMetadata legacyNodeMetadata(Cluster cluster, ResourceRef pool, NodePool live) {
        if (cluster.getAutopilot().getEnabled() || !NodeSettings.modeOf(live.getConfig()).equals("MODE_UNSPECIFIED")) {
            return new NodeMetadata.Read(Optional.empty());
        }
        return gke.getNodeMetadata(pool);
    }

    /**
     * @param part the pool (or the cluster's auto-provisioning defaults) and its settings as read
     * @param held where a replacement held back ({@link ReplacementHold}) goes, for the decision's ticket
     */
    private Decision decide(Origin origin, Cluster cluster, Subject.PoolPart part, Optional<NodePool> pool,
                            RolesLookup lookup, Map<String, Exemption> exemptions, List<TicketRequest.Remediated> held) {
        ResourceRef ref = part.resource();
        NodeSettings node = part.node();
        Map<String, String> labels = new HashMap<>(cluster.getResourceLabelsMap());
        pool.ifPresent(p -> {
            labels.putAll(p.getConfig().getResourceLabelsMap());
            labels.putAll(p.getConfig().getLabelsMap());
        });
        // Only the guard's marker on the pool's own node labels (config.labels) counts, never a resource label.
        Labels.Claim claim = Labels.replaces(pool.map(p -> p.getConfig().getLabelsMap()).orElse(Map.of()));
        Match.Target target = new Match.Target(ref.project(), lookup.foldersOf(policy), labels, ref.cluster(),
                pool.map(NodePool::getName));
        Subject.ClusterPart clusterPart = cluster.getAutopilot().getEnabled() ? Subject.ClusterPart.AUTOPILOT
                : Subject.ClusterPart.standard(!cluster.getWorkloadIdentityConfig().getWorkloadPool().isEmpty());
        Optional<Grants> grants = node.usesDefaultServiceAccount() ? Optional.empty()
                : lookup.grantsOf(node.serviceAccount());
        Subject subject = new Subject(part, clusterPart, grants.map(Subject.RolesPart::read).orElseGet(() -> Subject.RolesPart.unknown(
                        lookup.unknownReason())), policy.checkSettings());
        Optional<String> byLabel = Optional.ofNullable(labels.get(Labels.EXEMPT))
                .filter(v -> policy.allowLabelExemptions())
                .map(v -> "label " + Labels.EXEMPT + "=" + Inert.value(v));
        LocalDate day = LocalDate.ofInstant(origin.time() == null ? Instant.now() : origin.time(), ZoneOffset.UTC);
        List<Exemption> matching = policy.exemptionsFor(target);
        Optional<Exemption> byPolicy = matching.stream().filter(e -> !e.lapsedOn(day)).findFirst();
        Optional<String> exempt = byLabel.or(() -> byPolicy.map(e -> "policy exemption: " + e.describe()));
        // A lapsed exemption no longer exempts, and what it is judged on says so.
        String lapsed = byPolicy.isPresent() ? "" : matching.stream().findFirst()
                .map(e -> "; the policy exemption \"" + e.describe() + "\" lapsed, so it no longer exempts").orElse("");
        byPolicy.or(() -> matching.stream().findFirst()).ifPresent(e -> exemptions.put(ref.name(), e));
        Evaluation evaluation = engine.evaluate(subject, exempt, policy::checkEnabled);
        Optional<String> replaces = claim.pool().map(original -> ref.clusterRef().withNodePool(original).name());
        Action action = Action.NONE;
        Optional<ReplacementHold> hold = Optional.empty();
        String reason;
        switch (evaluation.outcome()) {
            case VIOLATION -> {
                action = policy.remediationFor(target);
                reason = "remediation: " + action.label();
                if (replaces.isPresent()) {
                    action = Action.TICKET; // Never replace a replacement: a person must look.
                    reason = "the guard's own replacement is not compliant; a person must look";
                } else if (action == Action.REPLACE && engine.onlyInformational(evaluation.findings())) {
                    // A new pool would fix nothing that protects anything: the rules' replace does not apply.
                    action = Action.TICKET;
                    reason = "only informational findings, which never lead to a replacement on their own; ticket instead";
                } else if (action == Action.REPLACE && evaluation.findings().stream()
                        .noneMatch(f -> !engine.informational(f) && policy.checkMayReplace(f.checkId()))) {
                    // Each check's action in the policy caps what its findings may lead to.
                    action = Action.TICKET;
                    reason = "the policy caps the checks of these findings at action ticket (checks); ticket instead";
                } else if (action == Action.REPLACE && origin.sweep() && !policy.sweep().remediate()) {
                    action = Action.TICKET; // Replacing every old pool at once must be a deliberate choice.
                    reason = "found by a sweep, which opens tickets only (policy sweep.remediate is false)";
                } else if (action == Action.REPLACE && origin.sweep() && origin.replacements() == 0) {
                    action = Action.TICKET;
                    reason = "found by a sweep, which replaces at most " + policy.sweep().maxReplacements()
                            + " pools, one per cluster (policy sweep.maxReplacements); ticket instead";
                } else if (action == Action.REPLACE && pool.map(p -> p.getAutoscaling().getAutoprovisioned()).orElse(false)) {
                    // Node auto-provisioning owns such a pool (NodePoolAutoscaling.autoprovisioned): an ordinary
                    // replacement would fight it, and its next pool would come from the same defaults.
                    action = Action.TICKET;
                    reason = "created by node auto-provisioning, which an ordinary pool must not replace; fix the"
                            + " cluster's auto-provisioning defaults (its ticket has the command), then delete this pool"
                            + " so that auto-provisioning creates its successor from them";
                } else if (action == Action.REPLACE && pool.flatMap(ReplacementHold::of).isPresent()) {
                    hold = pool.flatMap(ReplacementHold::of);
                    action = Action.TICKET;
                    reason = "not replaced: " + hold.get().reason() + "; ticket instead";
                } else if (action == Action.REPLACE && clusterPart.autopilot()) {
                    action = Action.TICKET;
                    reason = "Autopilot manages its nodes; cannot replace, ticket instead";
                } else if (action == Action.REPLACE && pool.isEmpty()) {
                    // Cluster-wide, and every pool auto-provisioning creates afterwards takes them: only by choice.
                    boolean allowed = policy.replacement().updateAutoprovisioningDefaults();
                    action = allowed ? Action.REPLACE : Action.TICKET;
                    reason = allowed ? "remediation: replace (auto-provisioning defaults, set with UpdateCluster)"
                            : "auto-provisioning defaults are not a pool; ticket instead (replacement"
                                    + ".updateAutoprovisioningDefaults lets the guard set them)";
                }
            }
            case EXEMPT -> {
                reason = exempt.orElseThrow();
                if (byLabel.isPresent() && !evaluation.findings().isEmpty()) {
                    action = Action.TICKET; // A label anyone can write: the exemption is itself reported.
                }
            }
            case UNKNOWN -> reason = "unsettled: " + String.join("; ", evaluation.unknownChecks());
            default -> reason = replaces.map(r -> "compliant replacement of " + r).orElse("compliant");
        }
        reason += exempt.isPresent() ? "" : lapsed;
        reason = claim.note().map(reason::concat).orElse(reason);
        Decision decision = new Decision(
                Fingerprint.of(ref.name(), evaluation.findings().stream().map(Finding::checkId).toList()),
                ref.name(), evaluation.outcome(), evaluation.findings(), evaluation.unknownChecks(), action, reason,
                policy.mode().text(), origin.method(), origin.operationId(), origin.principal(), origin.time(),
                replaces.orElse(null));
        hold.ifPresent(h -> held.add(new TicketRequest.Remediated(decision, h.outcome())));
        return decision;
    }

    /** A pool the guard cannot judge: unknown, with why, and nothing asked of anyone. */
    private Decision unjudged(Origin origin, ResourceRef resource, String why) {
        return new Decision(Fingerprint.of(resource.name(), List.of()), resource.name(), Outcome.UNKNOWN, List.of(),
                List.of(), Action.NONE, "unsettled: " + why, policy.mode().text(), origin.method(), origin.operationId(),
                origin.principal(), origin.time(), null);
    }

    private Decision unreadable(Origin origin, ResourceRef resource, ApiFailure failure,
                                List<TicketRequest.GuardProblem> problems) {
        if (failure.kind().retryable()) {
            throw failure;
        }
        if (failure.kind() == FailureKind.PERMISSION_DENIED) {
            problems.add(new TicketRequest.GuardProblem(resource.name(), failure.call(), "container.clusters.get",
                    failure.getMessage()));
        }
        String reason = failure.kind() == FailureKind.NOT_FOUND
                ? "not found: deleted since the event, or never seen (" + failure.getMessage() + ")"
                : failure.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + failure.getMessage();
        return new Decision(Fingerprint.of(resource.name(), List.of()), resource.name(), Outcome.UNKNOWN, List.of(),
                List.of(), Action.NONE, reason, policy.mode().text(), origin.method(), origin.operationId(),
                origin.principal(), origin.time(), null);
    }

    /**
     * What the decisions record about what led to them: the audit entry, or the inspection request.
     *
     * @param sweep        whether a sweep asked, which replaces only when its policy says so
     * @param replacements how many more replacements it may ask for: a sweep's request one or none, anything
     *                     else without limit
     */
    private record Origin(String method, String operationId, String principal, Instant time, boolean sweep,
                          int replacements) {
        static Origin of(AuditEvent event) {
            return new Origin(event.method(), event.operationId().orElse(""), event.principal().orElse(""),
                    event.timestamp().orElse(null), false, Integer.MAX_VALUE);
        }

        /** The same origin once {@code decision} is made: a replacement asked for is one fewer left. */
        Origin after(Decision decision) {
            return decision.action() != Action.REPLACE || replacements == Integer.MAX_VALUE ? this
                    : new Origin(method, operationId, principal, time, sweep, replacements - 1);
        }
    }

    /** Reads each service account's roles once per event; a permission problem is reported once. */
    private final class RolesLookup {
        private final String project;
        private final List<TicketRequest.GuardProblem> problems;
        private final Map<String, Optional<Grants>> seen = new HashMap<>();
        private String unknownReason = "no IAM policy available for the project (local mode without --iam)";

        RolesLookup(String project, List<TicketRequest.GuardProblem> problems) {
            this.project = project;
            this.problems = problems;
        }

        /**
         * The folders for {@code folder} matches: the policy's {@code projectFolders} entry when it has one
         * (an offline override), else the live ancestry.
         */
        Set<String> foldersOf(Policy policy) {
            Set<String> listed = policy.foldersOf(project);
            if (!listed.isEmpty()) {
                return listed;
            }
            try {
                return roles.foldersOf(project).map(Set::copyOf).orElse(Set.of());
            } catch (ApiFailure failure) {
                if (failure.kind().retryable()) {
                    throw failure;
                }
                return Set.of();
            }
        }

        Optional<Grants> grantsOf(String serviceAccount) {
            return seen.computeIfAbsent(serviceAccount, sa -> {
                try {
                    return roles.grantsOf(project, sa);
                } catch (ApiFailure failure) {
                    if (failure.kind().retryable()) {
                        throw failure;
                    }
                    unknownReason = "cannot read the IAM policy of project " + project + ": " + failure.getMessage();
                    if (failure.kind() == FailureKind.PERMISSION_DENIED) {
                        problems.add(new TicketRequest.GuardProblem("projects/" + project, failure.call(),
                                "resourcemanager.projects.getIamPolicy", failure.getMessage()));
                    }
                    return Optional.empty();
                }
            });
        }

        String unknownReason() {
            return unknownReason;
        }
    }
}
