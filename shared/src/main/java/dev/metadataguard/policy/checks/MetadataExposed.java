package dev.metadataguard.policy.checks;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.FixContext;
import dev.metadataguard.policy.InPlaceFix;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * MG001: Pods can read node metadata (kube-env with kubelet credentials, the instance identity
 * token). Protected is the GKE metadata server ({@code GKE_METADATA}, v1beta1 {@code GKE_METADATA_SERVER}),
 * or legacy concealment ({@code SECURE}) when the policy still accepts it. An unset mode is resolved
 * as GKE resolves it: the metadata server on a Workload Identity cluster, exposed otherwise.
 */
public final class MetadataExposed implements Check {

    private static final String GKE_METADATA = "GKE_METADATA";
    private static final String SETS = "config.workload_metadata_config.mode = " + GKE_METADATA;
    private static final WorkloadMetadataConfig PROTECTED =
            WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA).build();

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
        return "workload metadata mode is not `GKE_METADATA` (v1beta1 `GKE_METADATA_SERVER`), nor legacy concealment"
                + " `SECURE` when the policy accepts it; an unset mode counts as protected only on a Workload Identity"
                + " cluster; Autopilot is always protected";
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

    @Override
    public List<String> replacementSets() {
        return List.of(SETS);
    }

    @Override
    public void secure(NodeConfig.Builder config, String nodeServiceAccount) {
        config.setWorkloadMetadataConfig(PROTECTED);
    }

    @Override
    public List<String> poolFlags(String nodeServiceAccount) {
        return List.of("--workload-metadata=" + GKE_METADATA);
    }

    /** GKE_METADATA needs Workload Identity; auto-provisioned nodes take the metadata server from it, so need no flag. */
    @Override
    public List<FixStep> prerequisites(FixContext fix) {
        return List.of(new FixStep("The GKE metadata server needs Workload Identity on the cluster. If the first"
                + " command prints nothing, enable it with the second.", List.of(
                Gcloud.describeWorkloadPool(fix.resource()), Gcloud.enableWorkloadIdentity(fix.resource()))));
    }

    /** The mode is the one node setting here that UpdateNodePool changes in place (recreating the nodes). */
    @Override
    public Optional<InPlaceFix> inPlace() {
        return Optional.of(new InPlaceFix(SETS, request -> request.setWorkloadMetadataConfig(PROTECTED)));
    }

    @Override
    public String category() {
        return "GKE_NODE_METADATA_EXPOSED";
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (s.autopilot()) {
            return pass(); // Autopilot always runs the GKE metadata server.
        }
        String field = s.node().field() + ".workloadMetadataConfig.mode";
        String mode = s.node().workloadMetadataMode();
        if (mode.equals("GKE_METADATA")) {
            return pass();
        }
        Optional<String> concealment = s.node().requestedConcealment();
        if (concealment.filter(c -> c.equals("SECURE")).isPresent()) {
            return s.settings().acceptsConcealment() ? pass()
                    : fail(s.node().field() + ".workloadMetadataConfig.nodeMetadata", GKE_METADATA,
                            "SECURE (legacy concealment, not accepted by this policy)",
                            "Concealment is deprecated; the GKE metadata server replaces it.");
        }
        if (concealment.filter(c -> c.equals("GKE_METADATA_SERVER")).isPresent()) {
            return pass();
        }
        if (mode.equals("MODE_UNSPECIFIED") || mode.isEmpty()) {
            if (!s.clusterKnown()) {
                return unknown("the mode is unset and the cluster's Workload Identity, which decides it, is unknown");
            }
            if (s.workloadIdentity()) {
                return pass();
            }
            return fail(field, GKE_METADATA, "MODE_UNSPECIFIED on a cluster without Workload Identity"
                    + " (metadata exposed)", "");
        }
        return fail(field, GKE_METADATA, mode, "");
    }
}
