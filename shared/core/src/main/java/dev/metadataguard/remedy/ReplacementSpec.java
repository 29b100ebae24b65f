package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.NodeConfig;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.policy.Labels;
import java.util.List;

/**
 * The compliant replacement of a node pool: the live original's shape (as GetNodePool returns it,
 * GKE's defaults included) with the protections of the GKE guide "Protecting cluster metadata".
 * A pure function, so the dry-run plan is exactly what enforce mode sends.
 *
 * <pre>
 * SET, the compliant settings:
 *   name                                        ReplacementName.of(original name)
 *   what each check declares                    {@link Check#fix}; the README's "What it checks" table lists
 *                                               them (config.workload_metadata_config.mode, service_account,
 *                                               oauth_scopes, metadata["disable-legacy-endpoints"])
 *   config.labels["metadata-guard-replaces"]    the original's name, for people and the ticket
 *
 * DROPPED:
 *   output only     self_link, instance_group_urls, status, status_message, conditions, update_info,
 *                   pod_ipv4_cidr_size (follows from max_pods_constraint), etag (the original's checksum),
 *                   config.effective_cgroup_mode, management.upgrade_options,
 *                   network_config.pod_ipv4_range_utilization, network_config.network_tier_config
 *   GKE's own     config.labels and config.taints GKE manages and refuses in a request ({@link GkeManagedKeys}:
 *                   sandbox.gke.io/runtime, cloud.google.com/gke-*, the kubernetes.io and k8s.io namespaces); GKE
 *                   writes them again from the settings copied below (sandbox_config, spot, accelerators, ...)
 *   not ours to ask autoscaling.autoprovisioned: only node auto-provisioning creates such pools;
 *                   network_config.create_pod_range and pod_ipv4_cidr_block: the original created its pod
 *                   range, the replacement shares it through network_config.pod_range, which is copied
 *
 * COPIED, every other field as the original has it, among them:
 *   pool            initial_node_count, which the replacer then sets to the original's current nodes per
 *                   zone ({@link Sizing}: GKE never updates this field after a resize), locations,
 *                   version, autoscaling (its limits kept, as they are), management, upgrade_settings,
 *                   max_pods_constraint, placement_policy, queued_provisioning, best_effort_provisioning,
 *                   node_drain_config, network_config (pod_range, subnetwork, enable_private_nodes, ...)
 *   config          machine_type, min_cpu_platform, disk_size_gb, disk_type, boot_disk, boot_disk_kms_key
 *                   (the new SA needs the key's encrypter/decrypter role), image_type, labels (but GKE's),
 *                   resource_labels, resource_manager_tags, taints (but GKE's), tags, accelerators, local_ssd_count and
 *                   the local SSD configs, spot, preemptible, flex_start, max_run_duration,
 *                   reservation_affinity, node_group, sole_tenant_config, shielded_instance_config,
 *                   confidential_nodes, sandbox_config, kubelet_config, linux_node_config,
 *                   windows_node_config, containerd_config, gcfs_config, gvnic, fast_socket, logging_config,
 *                   advanced_machine_features, secondary_boot_disks, storage_pools
 * </pre>
 * Copying all but a named few (rather than naming what to copy) keeps fields added to the API later:
 * a replacement that silently loses a GPU, a taint or a kubelet setting would break the workloads it is
 * meant to carry.
 */
public final class ReplacementSpec {

    private ReplacementSpec() {
    }

    /** Over the registered checks. */
    public static NodePool of(NodePool original, String nodeServiceAccount) {
        return of(original, nodeServiceAccount, Checks.ALL);
    }

    @SuppressWarnings("deprecation") // status_message is deprecated and output only: dropped like the rest
    public static NodePool of(NodePool original, String nodeServiceAccount, List<Check> checks) {
        NodePool.Builder pool = original.toBuilder()
                .setName(ReplacementName.of(original.getName()))
                .clearSelfLink()
                .clearInstanceGroupUrls()
                .clearStatus()
                .clearStatusMessage()
                .clearConditions()
                .clearUpdateInfo()
                .clearPodIpv4CidrSize()
                .clearEtag();
        // The has-checks keep absent messages absent: a nested builder sets its field on first use.
        if (original.hasManagement()) {
            pool.getManagementBuilder().clearUpgradeOptions();
        }
        if (original.hasAutoscaling()) {
            pool.getAutoscalingBuilder().clearAutoprovisioned();
        }
        if (original.hasNetworkConfig()) {
            pool.getNetworkConfigBuilder()
                    .clearCreatePodRange()
                    .clearPodIpv4CidrBlock()
                    .clearPodIpv4RangeUtilization()
                    .clearNetworkTierConfig();
        }
        NodeConfig.Builder config = pool.getConfigBuilder().clearEffectiveCgroupMode();
        GkeManagedKeys.leaveOut(config);
        config.putLabels(Labels.REPLACES, original.getName());
        checks.forEach(check -> check.fix().secure(config, nodeServiceAccount));
        return pool.build();
    }
}
