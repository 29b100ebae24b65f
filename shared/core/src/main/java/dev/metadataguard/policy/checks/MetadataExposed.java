package dev.metadataguard.policy.checks;

import dev.metadataguard.gke.NodeMetadata;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.ClusterRequirement;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Fix;
import dev.metadataguard.policy.NodeSetting;
import dev.metadataguard.policy.Prevention;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MG001: Pods can read node metadata (kube-env with kubelet credentials, the instance identity
 * token). Protected is the GKE metadata server ({@code GKE_METADATA}, v1beta1 {@code GKE_METADATA_SERVER}),
 * or legacy concealment ({@code SECURE}, read live through v1beta1) when the policy still accepts it.
 * A live pool's unset mode means the Compute Engine metadata server: GKE writes {@code GKE_METADATA}
 * on the pools it creates under Workload Identity, and enabling Workload Identity later leaves existing
 * pools as they were. Only settings of pools yet to be created (auto-provisioning defaults) take
 * the cluster's Workload Identity.
 */
public final class MetadataExposed implements Check {

    private static final String GKE_METADATA = "GKE_METADATA";

    @Override
    public String id() {
        return "MG001";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String title() {
        return "Node metadata is exposed to Pods";
    }

    @Override
    public String rule() {
        return "the live pool's workload metadata mode is not `GKE_METADATA` (v1beta1 `GKE_METADATA_SERVER`), nor"
                + " legacy concealment `SECURE` (read live through v1beta1) when the policy accepts it; an unset mode on a"
                + " live pool is the exposed Compute Engine metadata server, even on a Workload Identity cluster (GKE"
                + " writes `GKE_METADATA` on the pools it creates under Workload Identity); only auto-provisioning"
                + " defaults take the cluster's Workload Identity; Autopilot is always protected";
    }

    @Override
    public String whyItMatters() {
        return "Pods can query the node's metadata server. It serves kube-env, which holds the kubelet's"
                + " credentials (a Pod that reads them can act as the node and read the Secrets of every Pod"
                + " scheduled there), and the VM's instance identity token, with which a Pod can pass itself"
                + " off as the node to other services.";
    }

    @Override
    public Exposure exposure() {
        return Exposure.NODE_METADATA;
    }

    /**
     * The mode is the one node setting here that UpdateNodePool changes in place (recreating the nodes);
     * auto-provisioned nodes take the metadata server from the cluster's Workload Identity, so need no flag.
     */
    private static final Fix FIX = Fix.of(NodeSetting.of("workload_metadata_config.mode", GKE_METADATA,
            "--workload-metadata").changedInPlace());

    @Override
    public Fix fix() {
        return FIX;
    }

    /** GKE_METADATA needs Workload Identity. */
    @Override
    public List<ClusterRequirement> clusterRequirements() {
        return List.of(ClusterRequirement.WORKLOAD_IDENTITY);
    }

    @Override
    public String category() {
        return "GKE_NODE_METADATA_EXPOSED";
    }

    /** 1.6.0 renumbered it: 1.5.0 had it as 5.4.2, after the legacy endpoints item (5.4.1) it then dropped. */
    @Override
    public Optional<CisItem> cis() {
        return Optional.of(new CisItem("5.4.1", "Ensure the GKE Metadata Server is Enabled"));
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (s.cluster().autopilot()) {
            return pass(); // Autopilot always runs the GKE metadata server.
        }
        String field = s.node().field() + ".workloadMetadataConfig.mode";
        String mode = s.node().workloadMetadataMode();
        if (mode.equals(GKE_METADATA)) {
            return pass();
        }
        if (!s.node().modeUnset()) {
            return fail(field, GKE_METADATA, mode, "");
        }
        Optional<NodeMetadata.Unread> unread = s.pool().metadataUnread();
        if (unread.isPresent()) {
            return onEveryCandidate(s, unread.get());
        }
        String legacyField = s.node().field() + ".workloadMetadataConfig.nodeMetadata";
        Optional<String> legacy = s.node().nodeMetadata();
        if (legacy.filter("SECURE"::equals).isPresent()) {
            return s.settings().acceptsConcealment() ? pass()
                    : fail(legacyField, GKE_METADATA, "SECURE (legacy concealment, not accepted by this policy)",
                            "Concealment is deprecated; the GKE metadata server replaces it.");
        }
        if (legacy.filter("GKE_METADATA_SERVER"::equals).isPresent()) {
            return pass();
        }
        if (legacy.isPresent()) {
            return fail(legacyField, GKE_METADATA, legacy.get(), "");
        }
        if (!s.node().modeSetAtCreation()) {
            return fail(field, GKE_METADATA, "MODE_UNSPECIFIED (the Compute Engine metadata server: exposed)",
                    "GKE writes GKE_METADATA on the pools it creates under Workload Identity; a pool without a mode"
                            + " serves the Compute Engine metadata.");
        }
        if (s.cluster().workloadIdentity()) {
            return pass();
        }
        return fail(field, GKE_METADATA, "MODE_UNSPECIFIED on a cluster without Workload Identity"
                + " (pools created from these defaults expose metadata)", "");
    }

    /**
     * Unset in v1 hides what the v1beta1 field holds (the exposed server, legacy concealment, or the GKE metadata
     * server GKE wrote under Workload Identity); a source that cannot read it is settled only where every value it
     * may hold gives the same verdict.
     */
    private Verdict onEveryCandidate(Subject s, NodeMetadata.Unread unread) {
        List<Verdict> each = unread.candidates().stream().map(value -> evaluate(s.withNodeMetadata(value))).toList();
        if (each.stream().allMatch(Verdict.Pass.class::isInstance)) {
            return pass();
        }
        if (!each.stream().allMatch(Verdict.Fail.class::isInstance)) {
            return unknown(unread.reason());
        }
        List<Evidence> evidence = each.stream().map(v -> ((Verdict.Fail) v).finding().evidence()).toList();
        return fail(evidence.get(0).field(), GKE_METADATA, evidence.stream().map(Evidence::actual)
                .collect(Collectors.joining(", or ")), "Unread here: " + unread.reason() + ".");
    }

    /** Legacy concealment has no v1 field, so no constraint accepts it: only an explicit GKE_METADATA passes. */
    @Override
    public Optional<Prevention> prevention() {
        return Optional.of(Prevention.of(this, Set.of(Prevention.Place.NODE_POOL, Prevention.Place.DEFAULT_POOL),
                node -> "!(" + node.present("workloadMetadataConfig.mode") + " && "
                        + node.field("workloadMetadataConfig.mode") + " == '" + GKE_METADATA + "')"));
    }
}
