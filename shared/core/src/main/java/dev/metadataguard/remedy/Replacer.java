package dev.metadataguard.remedy;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterAutoscaling;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Mode;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.Replacement.Retire;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.GkeCall;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.Inspection;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.ClusterRequirement;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.InPlaceFix;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.checks.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node-pool replacer's engine. A request is a hint: it re-judges the live pool and cluster with the
 * inspector's own judge and acts only when that verdict is a violation to replace (else the request is
 * stale, and nothing is written). It then checks the preconditions and creates the compliant
 * replacement ({@link ReplacementSpec}) under its deterministic name ({@link ReplacementName}): a pool
 * already there under that name is the work of an earlier or concurrent delivery only when every setting the
 * guard sets or copies matches ({@link ExistingPool}), and a squatter otherwise. The replacement starts at the
 * original's current size, and counts as created only once GKE finished creating it without error and it runs
 * at that size; the original is retired only when the policy opts in, after that, and only if a last look
 * immediately before the write still finds it violating, the same pool, and its replacement ready. Dry-run
 * (the default) reads and plans, and changes nothing. Each end is a ticket request for the decision's
 * ticket; only a failure a retry can fix is thrown. Every wait on GKE ends by the delivery's deadline
 * ({@link Polling}): a step GKE has not finished by then ends the delivery as {@link ReplacementInProgress}, and the
 * redelivery continues from what GKE shows (the replacement there and the guard's own: wait for it; the original
 * being deleted: wait for that), so that each outcome is reached, and reported, by one delivery.
 */
public final class Replacer {

    private final Gke gke;
    private final InstanceGroups groups;
    private final Inspector inspector;
    private final Polling polling;
    private final Policy policy;
    private final NodeAccountCheck accounts;
    private final GkeWaits waits;
    private final Retirement retirement;
    private final List<Check> checks;

    /**
     * @param inspector the audit-inspector's own judge, over the same GKE, IAM, policy and checks
     * @param checks    what a replacement sets, and which findings an in-place update fixes
     */
    public Replacer(Gke gke, InstanceGroups groups, Inspector inspector, ProjectRoles roles, Polling polling,
                    List<Check> checks) {
        this.checks = List.copyOf(checks);
        this.gke = gke;
        this.groups = groups;
        this.inspector = inspector;
        this.polling = polling;
        this.policy = inspector.policy();
        this.accounts = new NodeAccountCheck(roles, policy.allowedNodeRoles());
        this.waits = new GkeWaits(gke, groups, polling);
        this.retirement = new Retirement(gke, waits, policy.replacement().retireOriginal());
    }

    /** Over the registered checks. */
    public Replacer(Gke gke, InstanceGroups groups, Inspector inspector, ProjectRoles roles, Polling polling) {
        this(gke, groups, inspector, roles, polling, Checks.ALL);
    }

    /**
     * Treats the request as a hint: re-reads the pool and its cluster, judges them as the inspector would
     * under this replacer's policy, and acts only when that live verdict is a violation to replace. The
     * request's findings only serve to say what differs.
     *
     * @return the outcome for the ticket (a replacement created or found, an original retired, a pool
     *         updated in place, a dry-run plan, a failed precondition, a pool gone, a stale request), and a
     *         {@link TicketRequest.GuardProblem} when the guard itself lacks a permission
     * @throws RequestCheck.Malformed when the request is not whole: nothing is read or written
     * @throws ReplacementWaiting when a retry can help after the live verdict said replace: record its
     *         outcome, then let Pub/Sub redeliver
     * @throws ApiFailure only when a retry can help ({@link FailureKind#retryable()}): let Pub/Sub redeliver
     */
    public List<TicketRequest> replace(Decision request) {
        return replace(request, polling.clock().instant());
    }

    /**
     * As {@link #replace(Decision)}, for a delivery that arrived at {@code arrived}: its waits end by the
     * polling's budget from then.
     *
     * @throws ReplacementInProgress when a step GKE has not finished by then is still under way: publish the
     *         outcomes it carries, then let Pub/Sub redeliver
     */
    public List<TicketRequest> replace(Decision request, Instant arrived) {
        Deadline deadline = polling.deadline(arrived);
        RequestCheck.requireWhole(request);
        ResourceRef original = ResourceRef.parse(request.resource()).orElseThrow();
        boolean enforce = policy.mode() == Mode.ENFORCE;
        if (!policy.inScope(original.project())) {
            return List.of(stale(request, "project " + original.project() + " is outside this policy's projects"));
        }
        Inspection live;
        try {
            live = inspector.inspectLive(original, request);
        } catch (ApiFailure failure) {
            return failed(new Job(request, original, enforce, deadline), failure);
        }
        Optional<Decision> judged = live.decisions().stream().filter(d -> d.resource().equals(request.resource()))
                .findFirst();
        if (judged.isEmpty()) {
            return List.of(stale(request, "live, cluster " + original.cluster() + " has no auto-provisioning"));
        }
        Decision verdict = judged.get();
        List<TicketRequest> results = new ArrayList<>();
        if (verdict.action() != Action.REPLACE) {
            results.add(stale(request, "live, the pool is " + verdict.outcome().label() + " (" + verdict.reason()
                    + "), and its action is " + verdict.action().label()));
        } else {
            Job job = new Job(verdict, original, enforce, deadline);
            if (!findingIds(request).equals(findingIds(verdict))) {
                job.notes.add("The request named " + String.join(", ", findingIds(request)) + "; the live pool fails "
                        + String.join(", ", findingIds(verdict)) + ".");
            }
            try {
                results.addAll(act(job));
            } catch (ApiFailure failure) {
                if (failure.kind().retryable()) {
                    throw new ReplacementWaiting(failure, waiting(job, failure));
                }
                results.addAll(failed(job, failure));
            }
        }
        results.addAll(live.guardProblems());
        return results;
    }

    /** The request no longer holds: nothing is written, and its ticket (if any) says why. */
    private static TicketRequest stale(Decision request, String why) {
        return remediated(request, Kind.REQUEST_STALE, "", "", "Nothing was changed: the request to replace "
                + request.resource() + " no longer holds; " + why + ".", "");
    }

    /** What the ticket says while Pub/Sub redelivers: the live verdict stands, GKE cannot take the change yet. */
    private static TicketRequest.Remediated waiting(Job job, ApiFailure failure) {
        return new TicketRequest.Remediated(job.decision, new RemediationOutcome(Kind.REPLACEMENT_WAITING,
                job.replacement.name(), "", sentences(ended("Not replaced yet: " + failure.getMessage()), job.notes()),
                "Nothing to do while Pub/Sub redelivers the request. Should it be dead-lettered, fix what this says,"
                        + " then replay the dead letter."));
    }

    private List<TicketRequest> act(Job job) {
        Cluster read = gke.getCluster(job.original.clusterRef());
        Cluster cluster = job.enforce && GkeWaits.settling(read)
                ? waits.clusterSettled(job.original.clusterRef(), job.deadline) : read;
        if (job.enforce && (cluster.getStatus() == Cluster.Status.DEGRADED
                || cluster.getStatus() == Cluster.Status.ERROR)) {
            // Cluster.Status: DEGRADED "requires user action to restore full functionality", ERROR "is
            // unusable": no retry fixes either, so the ticket says so instead of the message going stale.
            String conditions = cluster.getConditionsList().stream().map(c -> c.getMessage())
                    .filter(m -> !m.isBlank()).collect(Collectors.joining("; "));
            return refused(job, new Refusal("cluster " + job.original.cluster() + " is " + cluster.getStatus()
                    + (conditions.isEmpty() ? "" : " (" + conditions + ")") + ", and GKE says a person must act first",
                    "Restore the cluster (its status conditions say how: " + Gcloud.describeCluster(job.original)
                            + "), then replay the event."));
        }
        if (job.enforce && cluster.getStatus() != Cluster.Status.RUNNING) {
            throw new ApiFailure(FailureKind.BUSY, GkeCall.GET_CLUSTER.restMethod(), "cluster "
                    + job.original.clusterName() + " is " + cluster.getStatus() + ", not RUNNING; retry later");
        }
        Optional<UpdateNodePoolRequest> inPlace = job.original.isNodePool() && policy.replacement().updateInPlace()
                ? inPlaceUpdate(job) : Optional.empty();
        // A replacement carries every check's settings; the defaults and an in-place update, the failing checks' only.
        List<Check> writing = job.original.isNodePool() && inPlace.isEmpty() ? checks : failing(job.decision);
        for (ClusterRequirement requirement : writing.stream().flatMap(c -> c.clusterRequirements().stream())
                .distinct().toList()) {
            Optional<Refusal> refusal = requirement.metBy(cluster) ? Optional.empty() : meet(job, requirement);
            if (refusal.isPresent()) {
                return refused(job, refusal.get());
            }
        }
        if (!job.original.isNodePool()) {
            return withNodeAccount(job, account -> List.of(autoprovisioningDefaults(job, cluster, account)));
        }
        NodePool pool = gke.getNodePool(job.original);
        if (job.enforce && pool.getStatus() == NodePool.Status.STOPPING) {
            return deleting(job);
        }
        if (inPlace.isPresent()) {
            return List.of(updateInPlace(job, inPlace.get()));
        }
        return withNodeAccount(job, account -> {
            NodeOffer offered = NodeOffer.fit(ReplacementSpec.of(pool, account, checks),
                    gke.getServerConfig(job.original.project(), job.original.location()));
            job.notes.addAll(offered.notes());
            return replaceWith(job, pool, offered.spec(), account);
        });
    }

    /**
     * The original is being deleted (NodePool.Status STOPPING: "the node pool is being deleted"): by an earlier
     * delivery, which reported its retirement, or by a person. Nothing is left to replace; once GKE has finished,
     * the outcome resolves the ticket.
     */
    private List<TicketRequest> deleting(Job job) {
        if (!waits.gone(job.original, job.deadline)) {
            throw new ReplacementInProgress("node pool " + job.original.name() + " is STOPPING (being deleted)", List.of());
        }
        return List.of(remediated(job.decision, Kind.RESOURCE_DELETED, "", "", "Node pool " + job.original.nodePool()
                + " no longer exists: GKE finished deleting it.", ""));
    }

    /** Goes on with the policy's node service account once it is fit for nodes; a refusal otherwise. */
    private List<TicketRequest> withNodeAccount(Job job, Function<String, List<TicketRequest>> then) {
        Optional<String> account = policy.nodeServiceAccount(job.original.project());
        if (account.isEmpty()) {
            return refused(job, new Refusal("the policy names no node service account for project "
                    + job.original.project(), "Add nodeServiceAccounts: {" + job.original.project() + ": NAME@"
                    + job.original.project() + ".iam.gserviceaccount.com} to the policy (an account holding only "
                    + String.join(", ", NodeRoles.MINIMAL) + "), then replay the event."));
        }
        NodeAccountCheck.Readiness readiness = accounts.check(job.original.project(), account.get());
        if (readiness instanceof NodeAccountCheck.Refused r) {
            return refused(job, r.refusal());
        }
        Optional<TicketRequest.GuardProblem> problem = Optional.empty();
        if (readiness instanceof NodeAccountCheck.Unverified u) {
            job.notes.add("Going ahead although " + u.reason() + ".");
            problem = u.problem();
        }
        List<TicketRequest> results = new ArrayList<>(then.apply(account.get()));
        problem.ifPresent(results::add);
        return results;
    }

    /** How often the defaults are read, judged and sent again when GKE says the cluster changed meanwhile. */
    private static final int ETAG_ATTEMPTS = 3;

    /**
     * Node auto-provisioning's defaults, set by UpdateCluster's {@code desired_cluster_autoscaling}: only the
     * settings of the checks that fail ({@link dev.metadataguard.policy.Fix#secureAutoprovisioning}) change, and the rest of the live
     * autoscaling is sent back as read, since the field replaces it whole (resource limits included). The update
     * carries the cluster's etag, so a change made meanwhile is not overwritten: GKE answers ABORTED, and the
     * cluster is read, judged and sent again. Only pools created afterwards take the defaults.
     */
    private TicketRequest autoprovisioningDefaults(Job job, Cluster read, String account) {
        Cluster cluster = read;
        Decision verdict = job.decision;
        for (int attempt = 1; ; attempt++) {
            ClusterAutoscaling wanted = securedDefaults(cluster.getAutoscaling(), verdict, account);
            if (!job.enforce) {
                return plan(job, "", UpdateClusterRequest.newBuilder().setName(job.original.clusterName())
                        .setUpdate(ClusterUpdate.newBuilder().setDesiredClusterAutoscaling(wanted)
                                .setEtag(cluster.getEtag())).build());
            }
            if (wanted.equals(cluster.getAutoscaling())) {
                return remediated(job.decision, Kind.UPDATED_IN_PLACE, "", "", sentences("Node auto-provisioning's"
                        + " defaults of cluster " + job.original.cluster() + " needed no setting of their own for "
                        + String.join(", ", findingIds(verdict)) + ".", job.notes()), "");
            }
            try {
                Operation op = gke.setClusterAutoscaling(job.original, wanted, cluster.getEtag());
                return defaultsSet(job, op, wanted.getAutoprovisioningNodePoolDefaults(), verdict);
            } catch (Gke.Conflict changed) {
                if (attempt == ETAG_ATTEMPTS) {
                    throw changed; // transient: Pub/Sub redelivers, and the redelivery reads the cluster afresh
                }
                cluster = gke.getCluster(job.original);
                Optional<Decision> again = inspector.inspectLive(job.original, job.decision).decisions().stream()
                        .filter(d -> d.resource().equals(job.original.name())).findFirst();
                if (again.isEmpty() || again.get().action() != Action.REPLACE) {
                    return stale(job.decision, "the cluster changed while its auto-provisioning defaults were being set,"
                            + " and read again they are " + again.map(d -> d.outcome().label() + " (" + d.reason() + ")")
                            .orElse("gone"));
                }
                verdict = again.get();
                job.notes.add("The cluster changed while the defaults were being set (GKE answered ABORTED on its"
                        + " etag), so it was read and judged again.");
            }
        }
    }

    /** {@code live} with the settings of the checks {@code verdict} finds failing, and nothing else changed. */
    private ClusterAutoscaling securedDefaults(ClusterAutoscaling live, Decision verdict, String account) {
        ClusterAutoscaling.Builder autoscaling = live.toBuilder();
        AutoprovisioningNodePoolDefaults.Builder defaults = autoscaling.getAutoprovisioningNodePoolDefaultsBuilder();
        findingIds(verdict).forEach(id -> Checks.byId(checks, id)
                .ifPresent(check -> check.fix().secureAutoprovisioning(defaults, account)));
        return autoscaling.build();
    }

    private TicketRequest defaultsSet(Job job, Operation op, AutoprovisioningNodePoolDefaults defaults, Decision verdict) {
        if (!waits.operationDone(job.original, op, job.deadline)) {
            throw new ReplacementInProgress("the auto-provisioning defaults of " + job.original.clusterName()
                    + " are being set (operation " + op.getName() + ")", List.of());
        }
        return remediated(job.decision, Kind.UPDATED_IN_PLACE, "", op.getName(), sentences("Set node"
                + " auto-provisioning's defaults of cluster " + job.original.cluster() + " for "
                + String.join(", ", findingIds(verdict)) + ": service account " + defaults.getServiceAccount()
                + " and scopes " + String.join(", ", defaults.getOauthScopesList())
                + " with UpdateCluster; the pools it creates from now on carry them.", job.notes()),
                "Pools it created before keep their nodes and settings: delete each once its workloads can move, and"
                        + " auto-provisioning creates its successor from these defaults.");
    }

    /** The registered checks among {@code decision}'s findings. */
    private List<Check> failing(Decision decision) {
        return findingIds(decision).stream().flatMap(id -> Checks.byId(checks, id).stream()).toList();
    }

    /** Meets what a check's settings need of the cluster, as far as the policy lets the guard; a refusal otherwise. */
    private Optional<Refusal> meet(Job job, ClusterRequirement requirement) {
        return switch (requirement) {
            case WORKLOAD_IDENTITY -> workloadIdentity(job, requirement);
        };
    }

    /** Enables Workload Identity when the policy allows, or refuses. */
    private Optional<Refusal> workloadIdentity(Job job, ClusterRequirement requirement) {
        ResourceRef cluster = job.original.clusterRef();
        if (!policy.replacement().enableWorkloadIdentity()) {
            return Optional.of(new Refusal(requirement.feature() + " is off on cluster " + cluster.cluster()
                    + ", and " + requirement.neededBecause(),
                    "Enable it, then replay the event: " + Gcloud.enableWorkloadIdentity(cluster)
                            + " (or set replacement.enableWorkloadIdentity: true in the policy to let the guard do it)."));
        }
        if (!job.enforce) {
            job.notes.add("Workload Identity would first be enabled on cluster " + cluster.cluster()
                    + " (workload pool " + Gcloud.workloadPool(cluster) + ").");
            return Optional.empty();
        }
        Operation op = gke.enableWorkloadIdentity(cluster, Gcloud.workloadPool(cluster));
        if (!waits.operationDone(cluster, op, job.deadline)) {
            throw new ReplacementInProgress("Workload Identity is being enabled on " + cluster.clusterName()
                    + " (operation " + op.getName() + ")", List.of());
        }
        job.notes.add("Workload Identity was enabled on cluster " + cluster.cluster() + " first (operation "
                + op.getName() + ").");
        return Optional.empty();
    }

    /**
     * The UpdateNodePool request that fixes every finding in place: present when each finding's check declares
     * such a fix ({@link dev.metadataguard.policy.Fix#inPlace}) or is informational (left as it is), and the request holds only what the
     * GKE edge sends ({@link Gke#setNodePoolWorkloadMetadata}).
     */
    private Optional<UpdateNodePoolRequest> inPlaceUpdate(Job job) {
        UpdateNodePoolRequest.Builder request = UpdateNodePoolRequest.newBuilder().setName(job.original.name());
        for (Finding finding : job.decision.findings()) {
            if (Checks.byId(checks, finding.checkId()).map(Check::informational).orElse(false)) {
                continue; // Never itself a reason to act, so never a reason to replace rather than update.
            }
            Optional<InPlaceFix> fix = Checks.byId(checks, finding.checkId()).flatMap(check -> check.fix().inPlace());
            if (fix.isEmpty()) {
                return Optional.empty();
            }
            fix.get().change().apply(request);
        }
        boolean sendable = request.hasWorkloadMetadataConfig() && request.clone().clearName()
                .clearWorkloadMetadataConfig().build().equals(UpdateNodePoolRequest.getDefaultInstance());
        return sendable ? Optional.of(request.build()) : Optional.empty();
    }

    private TicketRequest updateInPlace(Job job, UpdateNodePoolRequest request) {
        if (!job.enforce) {
            return plan(job, "", request);
        }
        WorkloadMetadataConfig wanted = request.getWorkloadMetadataConfig();
        Operation op = gke.setNodePoolWorkloadMetadata(job.original, wanted);
        List<String> ids = findingIds(job.decision);
        return remediated(job.decision, Kind.UPDATED_IN_PLACE, "", op.getName(), sentences("Set the workload metadata"
                + " mode of node pool " + job.original.nodePool() + " to " + wanted.getMode() + " in place (its only"
                + (ids.size() == 1 ? " finding was " : " findings were ") + String.join(", ", ids) + "); GKE recreates"
                + " its nodes with the GKE metadata server.", job.notes()), "");
    }

    /**
     * Creates the replacement at the original's current size ({@link Sizing}), or adopts the pool an
     * earlier delivery created under its name.
     */
    private List<TicketRequest> replaceWith(Job job, NodePool pool, NodePool spec, String account) {
        Optional<NodePool> existing = find(job.replacement);
        Sizing size = Sizing.of(pool, groups);
        size.unread().ifPresent(why -> job.notes.add("The original's current size could not be read (" + why
                + "), so the replacement starts at its initial_node_count."));
        if (existing.isPresent()) {
            return adopt(job, pool, existing.get(), size, account);
        }
        NodePool sized = size.applyTo(spec);
        job.notes.add("It starts at " + size.describe() + (size.unread().isPresent() ? "" : ", the original's current size")
                + (pool.getAutoscaling().getEnabled() ? ", with the original's autoscaling limits" : "") + ".");
        if (!job.enforce) {
            if (policy.replacement().retireOriginal() != Retire.KEEP) {
                job.notes.add("Once the replacement has reached that size, the original would be retired ("
                        + policy.replacement().retireOriginal().text() + ").");
            }
            return List.of(plan(job, job.replacement.name(), CreateNodePoolRequest.newBuilder()
                    .setParent(job.original.clusterName()).setNodePool(sized).build()));
        }
        Operation op;
        try {
            op = gke.createNodePool(job.original.clusterRef(), sized);
        } catch (ApiFailure failure) {
            if (failure.kind() != FailureKind.ALREADY_EXISTS) {
                throw failure;
            }
            return adopt(job, pool, gke.getNodePool(job.replacement), size, account);
        }
        return replaced(job, pool, sized, Optional.of(op), size, account);
    }

    /**
     * A pool under the replacement's name: an earlier delivery's replacement, adopted only when every setting the
     * guard sets or copies matches ({@link ExistingPool}); a squatter otherwise, and the original stays.
     */
    private List<TicketRequest> adopt(Job job, NodePool pool, NodePool found, Sizing size, String account) {
        List<String> differ = ExistingPool.differences(pool, found, account, checks, size, Sizing.of(found, groups));
        if (!differ.isEmpty()) {
            boolean onlySmaller = differ.size() == 1 && differ.get(0).startsWith(ExistingPool.FEWER_NODES);
            return List.of(remediated(job.decision, Kind.REPLACEMENT_FAILED, "", "", sentences("Not replaced: node pool "
                    + job.replacement.nodePool() + " already exists and does not match the replacement the guard makes of "
                    + job.original.nodePool() + " (" + String.join("; ", differ) + "). The guard adopts only a pool that"
                    + " matches, and creates nothing under a name it does not own; the original is kept.", job.notes()),
                    onlySmaller ? "Resize it to the original's size, then replay the event (the original is retired only"
                            + " once the replacement has reached it): " + Gcloud.resize(job.replacement, size.perZone())
                            : "Find out who created it and delete it if nobody needs it, then replay the event: "
                            + Gcloud.deletePool(job.replacement)));
        }
        if (!job.enforce) {
            return List.of(remediated(job.decision, Kind.DRY_RUN_PLAN, job.replacement.name(), "", "The compliant"
                    + " replacement " + job.replacement.nodePool() + " already exists: nothing to create.", ""));
        }
        job.notes.add("It already existed (an earlier delivery created it), so nothing new was created.");
        return replaced(job, pool, found, Optional.empty(), size, account);
    }

    /**
     * Waits for the replacement to run at {@code size} (its creation DONE without error), then hands the
     * original to {@link Retirement}. A replacement GKE could not create, or only in part, is reported as such;
     * one settled below the original's size keeps the original, and the ticket says how to resize it.
     * {@code REPLACEMENT_CREATED} is reported by the delivery that finds the replacement ready, which goes on to
     * retire the original: a later delivery, after a deletion outlasted that one, finds the original being deleted
     * or gone, and reports only that.
     *
     * @throws ReplacementInProgress when the replacement is not ready by the deadline (the redelivery adopts it and
     *         waits on), or the original's deletion not finished (the redelivery waits for it; the outcomes reached
     *         go with it)
     */
    private List<TicketRequest> replaced(Job job, NodePool pool, NodePool replacement, Optional<Operation> creation,
                                         Sizing size, String account) {
        String operation = creation.map(Operation::getName).orElse("");
        GkeWaits.Progress progress = waits.replacement(job.replacement, creation, size, job.deadline);
        if (progress instanceof GkeWaits.Failed failed) {
            return List.of(remediated(job.decision, Kind.REPLACEMENT_FAILED, job.replacement.name(), operation,
                    sentences("GKE could not create the replacement " + job.replacement.nodePool() + " of "
                            + job.original.nodePool() + ": " + failed.error() + ". The original is untouched.", job.notes()),
                    "Remove the cause GKE names (for quota or a stockout: raise the quota, free capacity, or choose"
                            + " other zones), delete the failed pool, then replay the event: "
                            + Gcloud.deletePool(job.replacement)));
        }
        if (progress instanceof GkeWaits.Pending pending) {
            throw new ReplacementInProgress("replacement " + job.replacement.name() + " is not ready yet: "
                    + pending.state(), List.of());
        }
        String detail = sentences("Node pool " + job.replacement.nodePool() + " replaces " + job.original.nodePool()
                + " in cluster " + job.original.cluster() + ": the same shape, with the GKE metadata server, service"
                + " account " + replacement.getConfig().getServiceAccount() + ", scope cloud-platform and the legacy"
                + " metadata endpoints disabled.", job.notes());
        if (progress instanceof GkeWaits.Smaller smaller) {
            return List.of(remediated(job.decision, Kind.REPLACEMENT_CREATED, job.replacement.name(), operation,
                    sentences(detail, "It runs with " + smaller.now().describe() + ", fewer than the original's "
                            + size.describe() + " now, so the original is kept."),
                    "Resize the replacement to the original's size, then replay the event (the original is retired"
                            + " only once the replacement has reached it): "
                            + Gcloud.resize(job.replacement, size.perZone())));
        }
        Retirement.Result retired = retirement.retire(job.original, pool, job.replacement, size,
                () -> whyKeep(job, pool, account), job.deadline);
        if (retired instanceof Retirement.Kept kept) {
            return List.of(remediated(job.decision, Kind.REPLACEMENT_CREATED, job.replacement.name(), operation,
                    sentences(detail, kept.why()), kept.fix()));
        }
        Retirement.Retired done = (Retirement.Retired) retired;
        List<TicketRequest> results = new ArrayList<>(List.of(
                remediated(job.decision, Kind.REPLACEMENT_CREATED, job.replacement.name(), operation, detail, ""),
                new TicketRequest.Remediated(job.decision, done.outcome())));
        done.gone().ifPresent(gone -> results.add(new TicketRequest.Remediated(job.decision, gone)));
        if (done.underWay().isPresent()) {
            throw new ReplacementInProgress(done.underWay().get(), results);
        }
        return results;
    }

    /**
     * The last look before the original is retired, minutes after its verdict: re-read and re-judged, it must still
     * be a violation to replace, still the same pool (its {@code etag}, "computed by the server based on the value
     * of node pool fields", unchanged since it was read), and its replacement still the guard's own, RUNNING, with
     * at least the original's nodes per zone now. Anything else keeps it; this says why.
     */
    private Optional<String> whyKeep(Job job, NodePool asRead, String account) {
        Optional<Decision> now;
        NodePool original;
        try {
            now = inspector.inspectLive(job.original, job.decision).decisions().stream()
                    .filter(d -> d.resource().equals(job.original.name())).findFirst();
            original = gke.getNodePool(job.original);
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                throw failure;
            }
            return Optional.of("it could not be read again (" + failure.getMessage() + ")");
        }
        if (now.isEmpty() || now.get().outcome() != dev.metadataguard.policy.Outcome.VIOLATION
                || now.get().action() != Action.REPLACE) {
            return Optional.of("it is " + now.map(d -> d.outcome().label() + " (" + d.reason() + ")").orElse("not judged")
                    + ", no longer a violation to replace");
        }
        if (!samePool(asRead, original)) {
            return Optional.of("it is not the pool that was judged: its etag changed from " + asRead.getEtag() + " to "
                    + original.getEtag() + " (updated, or deleted and created again, meanwhile)");
        }
        NodePool replacement = gke.getNodePool(job.replacement);
        if (replacement.getStatus() != NodePool.Status.RUNNING) {
            return Optional.of("its replacement " + job.replacement.nodePool() + " is " + replacement.getStatus()
                    + ", not RUNNING");
        }
        List<String> differ = ExistingPool.differences(original, replacement, account, checks, groups);
        return differ.isEmpty() ? Optional.empty() : Optional.of("its replacement " + job.replacement.nodePool()
                + " is no longer what the guard made of it (" + String.join("; ", differ) + ")");
    }

    /** The same pool as read before: the same etag, or, where GKE gave none, the same managed instance groups. */
    private static boolean samePool(NodePool before, NodePool now) {
        return before.getEtag().isEmpty() && now.getEtag().isEmpty()
                ? before.getInstanceGroupUrlsList().equals(now.getInstanceGroupUrlsList())
                : before.getEtag().equals(now.getEtag());
    }

    private Optional<NodePool> find(ResourceRef pool) {
        try {
            return Optional.of(gke.getNodePool(pool));
        } catch (ApiFailure failure) {
            if (failure.kind() == FailureKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    private List<TicketRequest> failed(Job job, ApiFailure failure) {
        return switch (failure.kind()) {
            case TRANSIENT, BUSY -> throw failure;
            case NOT_FOUND -> List.of(remediated(job.decision, Kind.RESOURCE_DELETED, "", "", "Node pool "
                    + job.original.nodePool() + " or its cluster no longer exists (" + failure.getMessage()
                    + "): nothing to replace.", ""));
            case PERMISSION_DENIED -> {
                String permission = permissionFor(failure);
                yield List.of(refusal(job, new Refusal("GKE denied the guard a call (" + failure.getMessage() + ")",
                                "Grant the node-pool-replacer's service account " + permission + " (its custom role)"
                                        + " and roles/iam.serviceAccountUser on the node service account, then replay"
                                        + " the event.")),
                        new TicketRequest.GuardProblem(job.decision.resource(), failure.call(), permission,
                                failure.getMessage()));
            }
            case CAPACITY -> refused(job, new Refusal("Google Cloud has no room for the replacement in "
                    + job.original.location() + " (" + failure.getMessage() + "); quota, stock or addresses ran out,"
                    + " not a permission of the guard", "Raise the quota GKE names (console: IAM & Admin > Quotas),"
                    + " or free capacity or choose another machine type, then replay the event."));
            case ALREADY_EXISTS, PERMANENT -> refused(job, new Refusal("GKE refused a request ("
                    + failure.getMessage() + ")", "Remove the cause GKE names, then replay the event."));
        };
    }

    private static String permissionFor(ApiFailure failure) {
        return Arrays.stream(GkeCall.values()).filter(c -> c.restMethod().equals(failure.call()))
                .map(GkeCall::permission).findFirst().orElse("");
    }

    private static List<TicketRequest> refused(Job job, Refusal refusal) {
        return List.of(refusal(job, refusal));
    }

    private static TicketRequest refusal(Job job, Refusal refusal) {
        return remediated(job.decision, Kind.PRECONDITION_FAILED, "", "", "Not replaced: " + refusal.reason() + ".",
                refusal.fix());
    }

    /** Dry-run: the exact request enforce mode would send, as JSON, and what else it would do. */
    private static TicketRequest plan(Job job, String replacement, MessageOrBuilder request) {
        return remediated(job.decision, Kind.DRY_RUN_PLAN, replacement, "", json(request), sentences(
                "Dry-run: nothing was changed.", job.notes(), "Set mode: enforce in the policy to let the guard send this request."));
    }

    private static String json(MessageOrBuilder request) {
        try {
            return JsonFormat.printer().print(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Container API requests hold no Any fields and always print", e);
        }
    }

    private static TicketRequest remediated(Decision decision, Kind kind, String replacement, String operation,
                                            String detail, String fix) {
        return new TicketRequest.Remediated(decision, new RemediationOutcome(kind, replacement, operation, detail, fix));
    }

    /** {@code text} ending with a full stop, added only when it has none (GKE's messages often do). */
    private static String ended(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    /** The non-blank parts, one space apart. */
    private static String sentences(String... parts) {
        return Arrays.stream(parts).filter(part -> !part.isBlank()).collect(Collectors.joining(" "));
    }

    private static List<String> findingIds(Decision decision) {
        return decision.findings().stream().map(Finding::checkId).sorted().distinct().toList();
    }

    /**
     * One decision being handled: the original, its replacement's name, the mode, the delivery's deadline, and notes
     * for the ticket.
     */
    private static final class Job {
        private final Decision decision;
        private final ResourceRef original;
        private final ResourceRef replacement;
        private final boolean enforce;
        /** When this delivery's waiting ends. */
        private final Deadline deadline;
        private final List<String> notes = new ArrayList<>();

        private Job(Decision decision, ResourceRef original, boolean enforce, Deadline deadline) {
            this.decision = decision;
            this.original = original;
            // Auto-provisioning defaults are fixed on the cluster itself: there is no replacement pool.
            this.replacement = original.isNodePool()
                    ? original.clusterRef().withNodePool(ReplacementName.of(original.nodePool())) : original;
            this.enforce = enforce;
            this.deadline = deadline;
        }

        private String notes() {
            return String.join(" ", notes);
        }
    }
}
