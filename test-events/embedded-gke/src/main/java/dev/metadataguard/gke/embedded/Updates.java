package dev.metadataguard.gke.embedded;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Map;
import java.util.Set;

/**
 * What UpdateNodePool and UpdateCluster change, field by field, as the v1 proto comments say. A field
 * the embedded GKE does not know how to apply is refused (UNIMPLEMENTED, naming it) rather than dropped,
 * so nothing passes only because the fake ignored it.
 */
final class Updates {

    /** Fields that name the resource or guard the request, not changes. */
    private static final Set<String> NAMING = Set.of("name", "project_id", "zone", "cluster_id", "node_pool_id", "etag");

    private Updates() {
    }

    /**
     * The pool after an UpdateNodePool. Its labels, taints, tags and resource labels are "the desired"
     * values: "If this field is not present, the [values] will not be changed. Otherwise, the existing
     * [values] will be *replaced* with the provided [values]" (v1 UpdateNodePoolRequest). {@code node_version}
     * "-" is "the Kubernetes master version"; other node settings of the same name replace the pool's
     * NodeConfig field.
     */
    static NodePool nodePool(NodePool pool, Cluster cluster, UpdateNodePoolRequest r) {
        NodePool.Builder b = pool.toBuilder();
        NodeConfig.Builder config = pool.getConfig().toBuilder();
        boolean any = false;
        for (Map.Entry<FieldDescriptor, Object> set : r.getAllFields().entrySet()) {
            String name = set.getKey().getName();
            if (NAMING.contains(name)) {
                continue;
            }
            any = true;
            switch (name) {
                case "node_version" -> b.setVersion(r.getNodeVersion().equals("-")
                        ? cluster.getCurrentMasterVersion() : r.getNodeVersion());
                case "locations" -> b.clearLocations().addAllLocations(r.getLocationsList());
                case "upgrade_settings" -> b.setUpgradeSettings(r.getUpgradeSettings());
                case "tags" -> config.clearTags().addAllTags(r.getTags().getTagsList());
                case "taints" -> config.clearTaints().addAllTaints(r.getTaints().getTaintsList());
                case "labels" -> config.clearLabels().putAllLabels(r.getLabels().getLabelsMap());
                case "resource_labels" -> config.clearResourceLabels().putAllResourceLabels(r.getResourceLabels().getLabelsMap());
                default -> {
                    if (!copy(set.getKey(), set.getValue(), config) && !copy(set.getKey(), set.getValue(), b)) {
                        throw Rejections.unsupported("UpdateNodePool cannot apply field " + name);
                    }
                }
            }
        }
        if (!any) {
            throw Rejections.invalid("UpdateNodePool needs an update; none was given.");
        }
        return b.setConfig(config).build();
    }

    /**
     * The cluster after an UpdateCluster's {@code desired_*} fields that are the cluster's own: each
     * replaces the Cluster field of the same name ({@code desired_cluster_autoscaling} the
     * {@code autoscaling}, {@code desired_master_version} the {@code current_master_version}, "-" or
     * "latest" being the newest). Pool-level fields are {@link #poolUpdate}'s.
     */
    static Cluster cluster(Cluster cluster, ClusterUpdate update) {
        Cluster.Builder b = cluster.toBuilder();
        for (Map.Entry<FieldDescriptor, Object> set : update.getAllFields().entrySet()) {
            String name = set.getKey().getName();
            switch (name) {
                case "etag" -> {
                    // Guards the update (checked by the store), changes nothing.
                }
                case "desired_node_pool_id", "desired_node_version", "desired_image_type", "desired_node_pool_autoscaling",
                     "desired_workload_identity_config" -> {
                    // Applied by the store: they touch a pool, or have rules of their own.
                }
                case "desired_master_version" -> b.setCurrentMasterVersion(
                        Set.of("-", "latest").contains(update.getDesiredMasterVersion())
                                ? GkeDefaults.VERSION : update.getDesiredMasterVersion());
                case "desired_cluster_autoscaling" -> b.setAutoscaling(GkeDefaults.autoscaling(update.getDesiredClusterAutoscaling()));
                default -> {
                    FieldDescriptor target = name.startsWith("desired_")
                            ? Cluster.getDescriptor().findFieldByName(name.substring("desired_".length())) : null;
                    if (target == null || !copy(set.getKey(), set.getValue(), target, b)) {
                        throw Rejections.unsupported("UpdateCluster cannot apply field " + name);
                    }
                }
            }
        }
        return b.build();
    }

    /**
     * The pool changes an UpdateCluster carries: "desired_node_pool_id: The node pool to be upgraded. This
     * field is mandatory if desired_node_version, desired_image_family or desired_node_pool_autoscaling is
     * specified and there is more than one node pool on the cluster" (v1 ClusterUpdate); the image type
     * too ("NOTE: Set the desired_node_pool field as well").
     *
     * @return the pool's new state, or the pool unchanged when the update has nothing for pools
     */
    static NodePool poolUpdate(NodePool pool, Cluster cluster, ClusterUpdate update) {
        NodePool.Builder b = pool.toBuilder();
        if (!update.getDesiredNodeVersion().isEmpty()) {
            b.setVersion(update.getDesiredNodeVersion().equals("-") ? cluster.getCurrentMasterVersion()
                    : update.getDesiredNodeVersion());
        }
        if (!update.getDesiredImageType().isEmpty()) {
            b.getConfigBuilder().setImageType(update.getDesiredImageType());
        }
        if (update.hasDesiredNodePoolAutoscaling()) {
            b.setAutoscaling(update.getDesiredNodePoolAutoscaling());
        }
        return b.build();
    }

    static boolean touchesPools(ClusterUpdate update) {
        return !update.getDesiredNodeVersion().isEmpty() || !update.getDesiredImageType().isEmpty()
                || update.hasDesiredNodePoolAutoscaling();
    }

    private static boolean copy(FieldDescriptor from, Object value, Message.Builder to) {
        return copy(from, value, to.getDescriptorForType().findFieldByName(from.getName()), to);
    }

    /** Sets {@code target} to {@code value} when both fields have the same shape; false otherwise. */
    private static boolean copy(FieldDescriptor from, Object value, FieldDescriptor target, Message.Builder to) {
        if (target == null || target.isRepeated() != from.isRepeated() || target.getJavaType() != from.getJavaType()
                || target.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        && !target.getMessageType().getFullName().equals(from.getMessageType().getFullName())
                || target.getJavaType() == FieldDescriptor.JavaType.ENUM
                        && !target.getEnumType().getFullName().equals(from.getEnumType().getFullName())) {
            return false;
        }
        to.setField(target, value);
        return true;
    }
}
