package dev.metadataguard.gke.embedded;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * The embedded GKE's clusters, node pools and operations, with GKE's rules for changing them. One
 * lock guards everything, so concurrent requests see one consistent state. A busy cluster is
 * checked last, so that a request that can never succeed is never reported as merely busy.
 */
@SuppressWarnings("deprecation") // GKE still serves the deprecated node_config, node count and instance groups
final class ClusterStore {

    private static final String SECURE = "SECURE";
    private static final String PLACEHOLDER = "Placeholder: this cluster was never seen, only a node pool of it; its settings are unknown.";

    private final Map<ResourceName, StoredCluster> clusters = new LinkedHashMap<>();
    /** The v1beta1 {@code node_metadata} a replayed request asked for, by node pool. */
    private final Map<ResourceName, String> requestedNodeMetadata = new HashMap<>();
    /**
     * Pools seeded from a listing that cannot show {@code node_metadata} (a v1 one) with no v1 mode either: legacy
     * concealment or the Compute Engine metadata server, which this store cannot tell.
     */
    private final Set<ResourceName> unknownNodeMetadata = new HashSet<>();
    private final Operations operations;
    final ServerOffer offer = new ServerOffer();
    /** Where the pools' managed instance groups are served: the embedded Compute Engine's base URL. */
    private final String computeApi;

    /** @param operationTime how long each operation runs on {@code clock}; zero to finish them on a read */
    ClusterStore(String computeApi, Clock clock, Duration operationTime) {
        this.computeApi = computeApi;
        this.operations = new Operations(clock, operationTime);
    }

    /** Time has passed: the operations whose time is up are done, and their effects applied. Called before each request. */
    synchronized void elapse() {
        operations.elapse();
    }

    // ---- ClusterManager RPCs ----

    synchronized Operation createCluster(RequestNames.Location parent, Cluster spec) {
        NameRules.requireValid("cluster.name", spec.getName());
        ResourceName ref = ResourceName.cluster(parent.project(), parent.location(), spec.getName());
        if (clusters.containsKey(ref)) {
            throw Rejections.alreadyExists(ref);
        }
        requireValidPools(spec);
        requireValidMetadata(spec);
        requireRealZones(ref, spec);
        requireValidWorkloadPool(ref, spec.getWorkloadIdentityConfig());
        Cluster cluster = GkeDefaults.cluster(ref, spec);
        List<NodePool> pools = GkeDefaults.initialPools(ref, spec, cluster, computeApi);
        for (NodePool pool : pools) {
            requireMetadataModeAllowed(cluster, pool.getConfig().getWorkloadMetadataConfig());
        }
        StoredCluster stored = new StoredCluster(cluster.toBuilder().setStatus(Cluster.Status.PROVISIONING).build(), false);
        pools.forEach(pool -> stored.put(resolved(stored, ref.withNodePool(pool.getName()),
                pool.toBuilder().setStatus(NodePool.Status.PROVISIONING).build())));
        clusters.put(ref, stored);
        return operations.start(Operation.Type.CREATE_CLUSTER, ref, stored::markRunning);
    }

    synchronized Cluster getCluster(ResourceName ref) {
        return stored(ref).snapshot();
    }

    synchronized List<Cluster> listClusters(RequestNames.Location location) {
        return clusters.entrySet().stream()
                .filter(e -> location.contains(e.getKey()))
                .map(e -> e.getValue().snapshot())
                .toList();
    }

    synchronized Operation createNodePool(ResourceName clusterRef, NodePool spec) {
        NameRules.requireValid("node_pool.name", spec.getName());
        MetadataRules.requireValid("node_pool.config", spec.getConfig());
        NodeLabelRules.requireValid(spec.getConfig());
        requireQueuedWithoutReservation(spec);
        spec.getLocationsList().forEach(Zones::requireReal);
        offer.requireOffered("node_pool", spec);
        StoredCluster stored = stored(clusterRef);
        requireStandard(stored);
        ResourceName ref = clusterRef.withNodePool(spec.getName());
        if (stored.pools.containsKey(spec.getName())) {
            throw Rejections.alreadyExists(ref);
        }
        requireMetadataModeAllowed(stored.cluster, spec.getConfig().getWorkloadMetadataConfig());
        requireIdle(clusterRef);
        NodePool pool = GkeDefaults.nodePool(ref, stored.cluster, spec, computeApi).toBuilder().setStatus(NodePool.Status.PROVISIONING).build();
        stored.put(resolved(stored, ref, pool));
        return operations.start(Operation.Type.CREATE_NODE_POOL, ref, () -> stored.setStatus(ref, NodePool.Status.RUNNING),
                error -> stored.failed(ref, error.getMessage()));
    }

    synchronized NodePool getNodePool(ResourceName ref) {
        return stored(ref.clusterRef()).pool(ref);
    }

    synchronized List<NodePool> listNodePools(ResourceName clusterRef) {
        return List.copyOf(stored(clusterRef).pools.values());
    }

    /** UpdateNodePool: what {@link Updates#nodePool} changes, under the rules that guard it. */
    synchronized Operation updateNodePool(ResourceName ref, UpdateNodePoolRequest r) {
        StoredCluster stored = stored(ref.clusterRef());
        NodePool pool = stored.pool(ref);
        requireStandard(stored);
        NodeLabelRules.requireValid(r.getLabels().getLabelsMap(), r.getTaints().getTaintsList());
        NodePool updated = Updates.nodePool(pool, stored.cluster, r);
        if (r.hasWorkloadMetadataConfig()) {
            requireMetadataModeAllowed(stored.cluster, r.getWorkloadMetadataConfig());
        }
        // "If an etag is provided and does not match the current etag of the node pool, update will be
        // blocked and an ABORTED error will be returned" (v1 UpdateNodePoolRequest.etag).
        if (!r.getEtag().isEmpty() && !r.getEtag().equals(pool.getEtag())) {
            throw Rejections.aborted("The etag " + r.getEtag() + " does not match the node pool's current etag.");
        }
        requireIdle(ref.clusterRef());
        if (r.hasWorkloadMetadataConfig()) {
            // The request's workload_metadata_config is "the desired workload metadata config for the node
            // pool" (v1 UpdateNodePoolRequest): it replaces the whole config, legacy concealment included.
            requestedNodeMetadata.remove(ref);
            unknownNodeMetadata.remove(ref);
        }
        stored.put(updated.toBuilder().setEtag(UUID.randomUUID().toString()).setStatus(NodePool.Status.RECONCILING).build());
        // GKE reports node-pool updates as UPGRADE_NODES ("most forms of updates to node pools").
        return operations.start(Operation.Type.UPGRADE_NODES, ref, () -> stored.setStatus(ref, NodePool.Status.RUNNING));
    }

    /**
     * SetNodePoolAutoscaling: "min_node_count ... Must be greater than or equal to 0 and less than or equal
     * to max_node_count", "max_node_count ... Must be >= min_node_count" (v1 NodePoolAutoscaling), the
     * total limits likewise.
     */
    synchronized Operation setNodePoolAutoscaling(ResourceName ref, NodePoolAutoscaling autoscaling) {
        StoredCluster stored = stored(ref.clusterRef());
        NodePool pool = stored.pool(ref);
        requireStandard(stored);
        if (autoscaling.getEnabled() && (autoscaling.getMinNodeCount() < 0
                || autoscaling.getMaxNodeCount() < autoscaling.getMinNodeCount()
                || autoscaling.getTotalMinNodeCount() < 0
                || autoscaling.getTotalMaxNodeCount() < autoscaling.getTotalMinNodeCount())) {
            throw Rejections.invalid("Invalid value for field \"autoscaling\": node counts must satisfy"
                    + " 0 <= min_node_count <= max_node_count (and the same for the totals).");
        }
        requireIdle(ref.clusterRef());
        stored.put(pool.toBuilder().setAutoscaling(autoscaling).setEtag(UUID.randomUUID().toString())
                .setStatus(NodePool.Status.RECONCILING).build());
        return operations.start(Operation.Type.UPDATE_CLUSTER, ref, () -> stored.setStatus(ref, NodePool.Status.RUNNING));
    }

    synchronized Operation setNodePoolManagement(ResourceName ref, NodeManagement management) {
        StoredCluster stored = stored(ref.clusterRef());
        NodePool pool = stored.pool(ref);
        requireStandard(stored);
        requireIdle(ref.clusterRef());
        stored.put(pool.toBuilder().setManagement(management).setEtag(UUID.randomUUID().toString()).build());
        return operations.start(Operation.Type.SET_NODE_POOL_MANAGEMENT, ref, () -> { });
    }

    /**
     * SetLabels replaces the cluster's resource labels. "label_fingerprint: Required. The fingerprint of the
     * previous set of labels for this resource, used to detect conflicts" (v1 SetLabelsRequest): a
     * missing or stale one is refused, and each change gives a new one.
     */
    synchronized Operation setLabels(ResourceName ref, Map<String, String> labels, String fingerprint) {
        StoredCluster stored = stored(ref);
        if (fingerprint.isEmpty()) {
            throw Rejections.invalid("Invalid value for field \"label_fingerprint\": required.");
        }
        if (!fingerprint.equals(stored.cluster.getLabelFingerprint())) {
            throw Rejections.precondition("Labels could not be set: label_fingerprint " + fingerprint
                    + " is not the cluster's current one; read the cluster and try again.");
        }
        requireIdle(ref);
        stored.cluster = GkeDefaults.withLabels(stored.cluster, labels);
        return operations.start(Operation.Type.SET_LABELS, ref, () -> { });
    }

    /**
     * UpdateCluster: the cluster's own {@code desired_*} fields ({@link Updates#cluster}), Workload Identity
     * under its rules below, and the pool-level ones on the pool {@code desired_node_pool_id} names.
     */
    synchronized Operation updateCluster(ResourceName ref, ClusterUpdate update) {
        StoredCluster stored = stored(ref);
        if (update.toBuilder().clearEtag().build().equals(ClusterUpdate.getDefaultInstance())) {
            throw Rejections.invalid("UpdateCluster needs an update; none was given.");
        }
        // "The current etag of the cluster. If an etag is provided and does not match the current etag of the
        // cluster, update will be blocked and an ABORTED error will be returned." (v1 ClusterUpdate.etag)
        if (!update.getEtag().isEmpty() && !update.getEtag().equals(stored.snapshot().getEtag())) {
            throw Rejections.aborted("The etag " + update.getEtag() + " does not match the cluster's current etag.");
        }
        Cluster next = Updates.cluster(stored.cluster, update);
        if (update.hasDesiredWorkloadIdentityConfig()) {
            WorkloadIdentityConfig config = update.getDesiredWorkloadIdentityConfig();
            requireValidWorkloadPool(ref, config);
            if (config.getWorkloadPool().isEmpty()) {
                requireNoMetadataServerPools(stored);
            }
            // Existing node pools keep their metadata mode; only pools created afterwards default to GKE_METADATA.
            next = next.toBuilder().setWorkloadIdentityConfig(config).build();
        }
        NodePool pool = null;
        if (Updates.touchesPools(update)) {
            String id = update.getDesiredNodePoolId();
            if (id.isEmpty() && stored.pools.size() != 1) {
                throw Rejections.invalid("desired_node_pool_id is required to change a node pool's version, image"
                        + " or autoscaling when the cluster has " + stored.pools.size() + " node pools.");
            }
            requireStandard(stored);
            NodePool target = id.isEmpty() ? stored.pools.values().iterator().next() : stored.pool(ref.withNodePool(id));
            pool = Updates.poolUpdate(target, next, update);
        } else if (!update.getDesiredNodePoolId().isEmpty() && update.toBuilder().clearDesiredNodePoolId().build()
                .equals(ClusterUpdate.getDefaultInstance())) {
            throw Rejections.invalid("UpdateCluster names node pool " + update.getDesiredNodePoolId() + " but no change.");
        }
        requireIdle(ref);
        stored.cluster = next.toBuilder().setStatus(Cluster.Status.RECONCILING).build();
        if (pool != null) {
            stored.put(pool);
        }
        return operations.start(Operation.Type.UPDATE_CLUSTER, ref, stored::markRunning);
    }

    synchronized Operation setNodePoolSize(ResourceName ref, int nodes) {
        if (nodes < 0) {
            throw Rejections.invalid("Invalid value for field \"node_count\": " + nodes + ". Must be at least 0.");
        }
        StoredCluster stored = stored(ref.clusterRef());
        stored.pool(ref);
        requireStandard(stored);
        requireIdle(ref.clusterRef());
        stored.setStatus(ref, NodePool.Status.RECONCILING);
        return operations.start(Operation.Type.SET_NODE_POOL_SIZE, ref, () -> {
            stored.sizes.put(ref.nodePool(), nodes);
            stored.unknownSizes.remove(ref.nodePool());
            stored.setStatus(ref, NodePool.Status.RUNNING);
        });
    }

    synchronized Operation deleteNodePool(ResourceName ref) {
        StoredCluster stored = stored(ref.clusterRef());
        stored.pool(ref);
        requireStandard(stored);
        requireIdle(ref.clusterRef());
        stored.setStatus(ref, NodePool.Status.STOPPING);
        return operations.start(Operation.Type.DELETE_NODE_POOL, ref, () -> {
            stored.pools.remove(ref.nodePool());
            stored.sizes.remove(ref.nodePool());
            stored.unknownSizes.remove(ref.nodePool());
            requestedNodeMetadata.remove(ref);
            unknownNodeMetadata.remove(ref);
        });
    }

    /** DeleteCluster: the cluster STOPPING while the operation runs, then gone with its pools. */
    synchronized Operation deleteCluster(ResourceName ref) {
        StoredCluster stored = stored(ref);
        requireIdle(ref);
        stored.cluster = stored.cluster.toBuilder().setStatus(Cluster.Status.STOPPING).build();
        return operations.start(Operation.Type.DELETE_CLUSTER, ref, () -> {
            clusters.remove(ref);
            requestedNodeMetadata.keySet().removeIf(pool -> pool.clusterRef().equals(ref));
            unknownNodeMetadata.removeIf(pool -> pool.clusterRef().equals(ref));
        });
    }

    /** The v1beta1 {@code node_metadata} an update asked for, which v1 cannot carry (SECURE). */
    synchronized void rememberNodeMetadata(ResourceName pool, String value) {
        stored(pool.clusterRef()).pool(pool);
        requestedNodeMetadata.put(pool, value);
        unknownNodeMetadata.remove(pool);
    }

    synchronized Operation readOperation(RequestNames.OperationName name) {
        return operations.read(name);
    }

    synchronized List<Operation> listOperations(RequestNames.Location location) {
        return operations.list(location);
    }

    // ---- control for tests and the replay ----

    synchronized void finishOperationsAfterReads(int reads) {
        operations.finishAfterReads(reads);
    }

    synchronized void completeAllOperations() {
        operations.completeAll();
    }

    synchronized void failNextOperation(Operation.Type type, com.google.rpc.Status error) {
        operations.failNext(type, error);
    }

    /**
     * Seeds a cluster as it stands after creation (RUNNING, defaults applied). A placeholder for the
     * same cluster is replaced, keeping the pools seeded into it; a known cluster is left as it is.
     */
    synchronized boolean seedCluster(ResourceName ref, Cluster spec, Map<String, String> nodeMetadataByPool) {
        StoredCluster existing = clusters.get(ref);
        if (existing != null && !existing.placeholder) {
            return false;
        }
        seedable("cluster " + ref, () -> {
            requireValidMetadata(spec);
            requireRealZones(ref, spec);
        });
        nodeMetadataByPool.forEach((pool, value) -> requestedNodeMetadata.putIfAbsent(ref.withNodePool(pool), value));
        Cluster cluster = GkeDefaults.cluster(ref, spec).toBuilder().setStatus(Cluster.Status.RUNNING).build();
        StoredCluster stored = new StoredCluster(cluster, false);
        GkeDefaults.initialPools(ref, spec, cluster, computeApi).forEach(pool -> stored.put(pool.toBuilder().setStatus(NodePool.Status.RUNNING).build()));
        if (existing != null) {
            existing.pools.values().forEach(stored::put);
            stored.sizes.putAll(existing.sizes);
        }
        stored.pools.replaceAll((name, pool) -> resolved(stored, ref.withNodePool(name), pool));
        clusters.put(ref, stored);
        return true;
    }

    /**
     * Seeds a cluster as GetCluster showed it: status, output-only fields and pools as they are, with
     * no defaults applied, since GKE applied them when it made the cluster. An unset pool mode stays
     * unset, which on a live pool means the Compute Engine metadata server ("GKE_METADATA is written on
     * the pools GKE creates under Workload Identity"; enabling it later leaves existing pools as they were).
     * Whatever was known of the cluster is replaced: a listing is newer than the entries before it.
     *
     * The pools' managed instance groups hold their current nodes ({@link #currentSizes}), not the initial count
     * that GKE never updates after a resize.
     *
     * @param showsNodeMetadata whether the listing has the v1beta1 {@code node_metadata} field: when it has not, a
     *                          pool with neither that nor a v1 mode may be concealed, and stays unknown
     * @param currentNodeCount  the listing's {@code currentNodeCount}, when it has one
     */
    synchronized void seedLive(ResourceName ref, Cluster live, Map<String, String> nodeMetadataByPool,
                               boolean showsNodeMetadata, OptionalInt currentNodeCount) {
        Set<String> names = new HashSet<>();
        for (NodePool pool : live.getNodePoolsList()) {
            try {
                NameRules.requireValid("cluster.node_pools.name", pool.getName());
            } catch (StatusRuntimeException e) {
                throw new IllegalArgumentException("listed cluster " + ref + ": " + e.getStatus().getDescription(), e);
            }
            if (!names.add(pool.getName())) {
                throw new IllegalArgumentException("listed cluster " + ref + " has node pool \"" + pool.getName()
                        + "\" twice");
            }
        }
        requestedNodeMetadata.keySet().removeIf(pool -> pool.clusterRef().equals(ref));
        unknownNodeMetadata.removeIf(pool -> pool.clusterRef().equals(ref));
        nodeMetadataByPool.forEach((pool, value) -> requestedNodeMetadata.put(ref.withNodePool(pool), value));
        if (!showsNodeMetadata) {
            live.getNodePoolsList().stream()
                    .filter(pool -> pool.getConfig().getWorkloadMetadataConfig().getMode() == WorkloadMetadataConfig.Mode.MODE_UNSPECIFIED)
                    .filter(pool -> !nodeMetadataByPool.containsKey(pool.getName()))
                    .forEach(pool -> unknownNodeMetadata.add(ref.withNodePool(pool.getName())));
        }
        StoredCluster stored = new StoredCluster(live.toBuilder().clearNodePools().build(), false);
        live.getNodePoolsList().forEach(stored::put);
        Map<String, Integer> sizes = currentNodeCount.isPresent() ? currentSizes(live.getNodePoolsList(),
                currentNodeCount.getAsInt()) : Map.of();
        for (NodePool pool : live.getNodePoolsList()) {
            if (sizes.containsKey(pool.getName())) {
                stored.sizes.put(pool.getName(), sizes.get(pool.getName()));
            } else {
                stored.sizes.remove(pool.getName());
                stored.unknownSizes.add(pool.getName());
            }
        }
        clusters.put(ref, stored);
    }

    /**
     * Each listed pool's nodes per zone now, where the listing tells: it has only the cluster's
     * {@code currentNodeCount} ("the number of nodes currently in the cluster", v1 Cluster) and each pool's
     * {@code initial_node_count}, which GKE leaves as it was at creation. A lone pool holds them all, spread over
     * its zones; several pools hold their initial counts when those add up to the current total, and else nobody
     * here knows how the nodes are shared.
     */
    private static Map<String, Integer> currentSizes(List<NodePool> pools, int current) {
        if (pools.size() == 1) {
            NodePool pool = pools.get(0);
            int zones = Math.max(1, pool.getLocationsCount());
            return current % zones == 0 ? Map.of(pool.getName(), current / zones) : Map.of();
        }
        int initial = pools.stream().mapToInt(p -> p.getInitialNodeCount() * Math.max(1, p.getLocationsCount())).sum();
        Map<String, Integer> sizes = new HashMap<>();
        if (initial == current) {
            pools.forEach(p -> sizes.put(p.getName(), p.getInitialNodeCount()));
        }
        return sizes;
    }

    /** Seeds a RUNNING node pool; an unknown cluster becomes a placeholder whose settings are unknown. */
    synchronized boolean seedNodePool(ResourceName ref, NodePool spec, Optional<String> nodeMetadata) {
        seedable("node pool " + ref, () -> {
            MetadataRules.requireValid("node_pool.config", spec.getConfig());
            NodeLabelRules.requireValid(spec.getConfig());
            requireQueuedWithoutReservation(spec);
            spec.getLocationsList().forEach(Zones::requireReal);
        });
        StoredCluster stored = clusters.computeIfAbsent(ref.clusterRef(), clusterRef -> new StoredCluster(
                GkeDefaults.cluster(clusterRef, Cluster.newBuilder().setDescription(PLACEHOLDER).build()).toBuilder()
                        .setStatus(Cluster.Status.RUNNING).build(), true));
        if (stored.pools.containsKey(ref.nodePool())) {
            return false;
        }
        nodeMetadata.ifPresent(value -> requestedNodeMetadata.putIfAbsent(ref, value));
        NodePool pool = GkeDefaults.nodePool(ref, stored.cluster, spec.toBuilder().setName(ref.nodePool()).build(), computeApi);
        stored.put(resolved(stored, ref, pool.toBuilder().setStatus(NodePool.Status.RUNNING).build()));
        return true;
    }

    synchronized Optional<String> requestedNodeMetadata(ResourceName pool) {
        if (unknownNodeMetadata.contains(pool)) {
            throw Rejections.unsupported("node pool " + pool + " was seeded from a listing that cannot show"
                    + " workload_metadata_config.node_metadata (a v1 one), so its legacy concealment is unknown");
        }
        return Optional.ofNullable(requestedNodeMetadata.get(pool));
    }

    /** Whether {@link #requestedNodeMetadata} cannot say, because the pool came from a v1 listing without a mode. */
    synchronized boolean nodeMetadataUnknown(ResourceName pool) {
        return unknownNodeMetadata.contains(pool);
    }

    synchronized boolean isPlaceholder(ResourceName cluster) {
        StoredCluster stored = clusters.get(cluster);
        return stored != null && stored.placeholder;
    }

    /** Nodes per zone: NodePool has no field for the current size, only {@code initial_node_count}. */
    synchronized OptionalInt nodeCount(ResourceName pool) {
        operations.elapse();
        StoredCluster stored = clusters.get(pool.clusterRef());
        Integer size = stored == null || stored.unknownSizes.contains(pool.nodePool()) ? null
                : stored.sizes.get(pool.nodePool());
        return size == null ? OptionalInt.empty() : OptionalInt.of(size);
    }

    /**
     * The managed instance group {@code projects/P/zones/Z/instanceGroupManagers/NAME} of a known pool,
     * found by its pool's {@code instance_group_urls}: one group per zone, holding the pool's nodes in that zone.
     */
    synchronized Optional<InstanceGroup> instanceGroup(String project, String zone, String name) {
        operations.elapse();
        String path = "/projects/" + project + "/zones/" + zone + "/instanceGroupManagers/" + name;
        for (Map.Entry<ResourceName, StoredCluster> cluster : clusters.entrySet()) {
            StoredCluster stored = cluster.getValue();
            for (NodePool pool : stored.pools.values()) {
                if (pool.getInstanceGroupUrlsList().stream().anyMatch(url -> url.endsWith(path))) {
                    OptionalInt size = stored.unknownSizes.contains(pool.getName()) ? OptionalInt.empty()
                            : OptionalInt.of(stored.sizes.get(pool.getName()));
                    return Optional.of(new InstanceGroup(project, zone, name, size,
                            actions(cluster.getKey().withNodePool(pool.getName()), pool.getStatus(), size.orElse(0))));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What a pool's group in one zone is doing with its {@code size} nodes. While a creation or deletion takes time
     * its nodes come or go one by one over it: the share of the operation's time that has passed, rounded down.
     * Otherwise a RUNNING or failed pool's group is stable, and any other pool's nodes are all on their way.
     */
    private InstanceGroup.Actions actions(ResourceName pool, NodePool.Status status, int size) {
        OptionalDouble creating = operations.progress(pool, Operation.Type.CREATE_NODE_POOL);
        if (creating.isPresent()) {
            int created = (int) Math.floor(size * creating.getAsDouble());
            return new InstanceGroup.Actions(created, size - created, 0);
        }
        OptionalDouble deleting = operations.progress(pool, Operation.Type.DELETE_NODE_POOL);
        if (deleting.isPresent() || status == NodePool.Status.STOPPING) {
            int gone = (int) Math.floor(size * deleting.orElse(0));
            return new InstanceGroup.Actions(0, 0, size - gone);
        }
        return switch (status) {
            case RUNNING, ERROR -> new InstanceGroup.Actions(size, 0, 0);
            default -> new InstanceGroup.Actions(0, size, 0);
        };
    }

    /**
     * A pool's managed instance group in one zone: its node count there (empty when unknown), and its instances by
     * what they are doing (Compute's {@code currentActions}).
     */
    record InstanceGroup(String project, String zone, String name, OptionalInt targetSize, Actions actions) {

        /**
         * {@code none}: "running and have no scheduled actions"; {@code creating}: "scheduled to be created or are
         * currently being created"; {@code deleting}: "scheduled to be deleted or are currently being deleted"
         * (Compute Engine v1 InstanceGroupManagerActionsSummary).
         */
        record Actions(int none, int creating, int deleting) {
            /** Compute's {@code status.isStable}: no instance is being created, deleted or changed. */
            boolean stable() {
                return creating == 0 && deleting == 0;
            }
        }
    }

    // ---- rules ----

    private StoredCluster stored(ResourceName cluster) {
        StoredCluster stored = clusters.get(cluster);
        if (stored == null) {
            throw Rejections.notFound(cluster.clusterName());
        }
        return stored;
    }

    /**
     * Resolves an unset metadata mode the way GKE does, except where it cannot be known: in a
     * placeholder cluster (Workload Identity unknown) and for a pool that asked for the v1beta1
     * concealment (SECURE), which v1 cannot express.
     */
    private NodePool resolved(StoredCluster stored, ResourceName ref, NodePool pool) {
        if (stored.placeholder || SECURE.equals(requestedNodeMetadata.get(ref))) {
            return pool;
        }
        return GkeDefaults.resolveMode(pool, GkeDefaults.hasWorkloadIdentity(stored.cluster));
    }

    private void requireIdle(ResourceName cluster) {
        operations.runningOn(cluster).ifPresent(id -> {
            throw Rejections.busy(id);
        });
    }

    private static void requireStandard(StoredCluster stored) {
        if (GkeDefaults.isAutopilot(stored.cluster)) {
            throw Rejections.precondition("Autopilot clusters do not support node pool operations; GKE manages their nodes.");
        }
    }

    private static void requireMetadataModeAllowed(Cluster cluster, WorkloadMetadataConfig config) {
        if (config.getMode() == WorkloadMetadataConfig.Mode.GKE_METADATA && !GkeDefaults.hasWorkloadIdentity(cluster)) {
            throw Rejections.precondition("Workload metadata mode GKE_METADATA requires Workload Identity to be enabled "
                    + "on the cluster (workload_identity_config.workload_pool).");
        }
    }

    /**
     * The workload pool is the cluster's own project's: "the workload pool to attach all Kubernetes
     * service accounts to" (v1 WorkloadIdentityConfig), which the Workload Identity guide sets as
     * {@code PROJECT_ID.svc.id.goog} of the cluster's project. Stricter than GKE where a fleet host
     * project's pool would also do.
     */
    private static void requireValidWorkloadPool(ResourceName cluster, WorkloadIdentityConfig config) {
        String pool = config.getWorkloadPool();
        String own = cluster.project() + ".svc.id.goog";
        if (!pool.isEmpty() && !pool.equals(own)) {
            throw Rejections.invalid("Invalid value for field \"workload_identity_config.workload_pool\": \"" + pool
                    + "\". Must be " + own + ", the workload pool of the cluster's project.");
        }
    }

    /**
     * The Workload Identity guide disables it on every node pool (back to GCE_METADATA) before it is
     * disabled on the cluster: a pool still running the GKE metadata server would lose what it serves.
     */
    private static void requireNoMetadataServerPools(StoredCluster stored) {
        List<String> serving = stored.pools.values().stream()
                .filter(pool -> pool.getConfig().getWorkloadMetadataConfig().getMode() == WorkloadMetadataConfig.Mode.GKE_METADATA)
                .map(NodePool::getName)
                .toList();
        if (!serving.isEmpty()) {
            throw Rejections.precondition("Workload Identity cannot be disabled while node pools run the GKE metadata"
                    + " server (" + String.join(", ", serving) + "); set their workload metadata mode to GCE_METADATA first.");
        }
    }

    /** The cluster's deprecated node_config and each pool's config: metadata, and the labels and taints GKE manages. */
    private static void requireValidMetadata(Cluster spec) {
        MetadataRules.requireValid("cluster.node_config", spec.getNodeConfig());
        NodeLabelRules.requireValid(spec.getNodeConfig());
        spec.getNodePoolsList().forEach(pool -> {
            MetadataRules.requireValid("cluster.node_pools.config", pool.getConfig());
            NodeLabelRules.requireValid(pool.getConfig());
            requireQueuedWithoutReservation(pool);
        });
    }

    /** The cluster's zone, when zonal, and every node location it or its pools name, exist ({@link Zones}). */
    private static void requireRealZones(ResourceName ref, Cluster spec) {
        if (ref.isZonal()) {
            Zones.requireReal(ref.location());
        }
        spec.getLocationsList().forEach(Zones::requireReal);
        spec.getNodePoolsList().forEach(pool -> pool.getLocationsList().forEach(Zones::requireReal));
    }

    /**
     * A queued-provisioning pool gets its nodes only through ProvisioningRequests (v1 NodePool.QueuedProvisioning),
     * never from a reservation: GKE refuses any affinity but NO_RESERVATION, unset included ("Queued_provisioning
     * requires reservation affinity to be set to none", hashicorp/terraform-provider-google#18341).
     */
    private static void requireQueuedWithoutReservation(NodePool pool) {
        if (pool.getQueuedProvisioning().getEnabled() && pool.getConfig().getReservationAffinity()
                .getConsumeReservationType() != com.google.container.v1.ReservationAffinity.Type.NO_RESERVATION) {
            throw Rejections.invalid("Queued_provisioning requires reservation affinity to be set to none");
        }
    }

    /** A request GKE would refuse created nothing: seeding from it is refused as the seed methods say. */
    private static void seedable(String what, Runnable check) {
        try {
            check.run();
        } catch (StatusRuntimeException refused) {
            throw new IllegalArgumentException("GKE would refuse the request for " + what + ": "
                    + refused.getStatus().getDescription(), refused);
        }
    }

    private static void requireValidPools(Cluster spec) {
        if (spec.getNodePoolsCount() == 0) {
            return;
        }
        if (GkeDefaults.isAutopilot(spec)) {
            throw Rejections.invalid("Autopilot clusters cannot specify node pools; GKE manages them.");
        }
        if (spec.hasNodeConfig() || spec.getInitialNodeCount() > 0) {
            throw Rejections.invalid("Cannot specify both node_pools and the deprecated node_config/initial_node_count.");
        }
        Set<String> names = new HashSet<>();
        for (NodePool pool : spec.getNodePoolsList()) {
            NameRules.requireValid("cluster.node_pools.name", pool.getName());
            if (!names.add(pool.getName())) {
                throw Rejections.invalid("Node pool names must be unique; \"" + pool.getName() + "\" is repeated.");
            }
        }
    }

    /** One cluster: its proto without pools, its pools in creation order, and their current sizes. */
    private static final class StoredCluster {
        private Cluster cluster;
        private final boolean placeholder;
        private final Map<String, NodePool> pools = new LinkedHashMap<>();
        private final Map<String, Integer> sizes = new HashMap<>();
        /** Pools of a listing that does not tell their current size. */
        private final Set<String> unknownSizes = new HashSet<>();

        private StoredCluster(Cluster cluster, boolean placeholder) {
            this.cluster = cluster;
            this.placeholder = placeholder;
        }

        private NodePool pool(ResourceName ref) {
            NodePool pool = pools.get(ref.nodePool());
            if (pool == null) {
                throw Rejections.notFound(ref.name());
            }
            return pool;
        }

        private void put(NodePool pool) {
            pools.put(pool.getName(), pool);
            sizes.putIfAbsent(pool.getName(), pool.getInitialNodeCount());
        }

        /**
         * A creation that failed leaves the pool in ERROR ("the node pool may be unusable. Details can be
         * found in the statusMessage field", v1 NodePool.Status) with no nodes.
         */
        private void failed(ResourceName ref, String message) {
            pools.computeIfPresent(ref.nodePool(), (name, pool) -> pool.toBuilder().setStatus(NodePool.Status.ERROR)
                    .setStatusMessage(message).build());
            sizes.put(ref.nodePool(), 0);
        }

        private void setStatus(ResourceName ref, NodePool.Status status) {
            pools.computeIfPresent(ref.nodePool(), (name, pool) -> pool.toBuilder().setStatus(status).build());
        }

        private void markRunning() {
            cluster = cluster.toBuilder().setStatus(Cluster.Status.RUNNING).build();
            pools.replaceAll((name, pool) -> pool.getStatus() == NodePool.Status.PROVISIONING
                    ? pool.toBuilder().setStatus(NodePool.Status.RUNNING).build()
                    : pool);
        }

        /**
         * The cluster as GET shows it: its pools, the first pool's config mirrored into the deprecated
         * {@code node_config}, the node count and instance groups summed over the pools, and its etag: "This
         * checksum is computed by the server based on the value of cluster fields" (v1 Cluster.etag), here the
         * SHA-256 of all of them, its pools and their statuses included. Stricter than GKE may be: any change
         * at all, even a status moving on, makes an etag read before it stale.
         */
        private Cluster snapshot() {
            Cluster.Builder b = cluster.toBuilder().clearNodePools().addAllNodePools(pools.values()).clearInstanceGroupUrls();
            int nodes = 0;
            for (NodePool pool : pools.values()) {
                nodes += sizes.getOrDefault(pool.getName(), 0) * Math.max(1, pool.getLocationsCount());
                b.addAllInstanceGroupUrls(pool.getInstanceGroupUrlsList());
            }
            pools.values().stream().findFirst().ifPresent(first -> b.setNodeConfig(first.getConfig()));
            // Sizes a listing did not tell: its own total stands.
            Cluster unsigned = (unknownSizes.isEmpty() ? b.setCurrentNodeCount(nodes) : b).clearEtag().build();
            return unsigned.toBuilder().setEtag(checksum(unsigned)).build();
        }

        /** Map fields in key order, so the same fields always give the same checksum. */
        private static String checksum(Cluster cluster) {
            try {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
                out.useDeterministicSerialization();
                cluster.writeTo(out);
                out.flush();
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(bytes.toByteArray())).substring(0, 16);
            } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("a cluster always serialises, and every JVM has SHA-256", e);
            }
        }
    }
}
