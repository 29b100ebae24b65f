package dev.metadataguard.policy.checks;

import dev.metadataguard.config.Policy;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.Optional;

/**
 * MG001: Pods can read node metadata (kube-env with kubelet credentials, the instance identity
 * token). Protected is the GKE metadata server ({@code GKE_METADATA}, v1beta1 {@code GKE_METADATA_SERVER}),
 * or legacy concealment ({@code SECURE}) when the policy still accepts it. An unset mode is resolved
 * as GKE resolves it: the metadata server on a Workload Identity cluster, exposed otherwise.
 */
public final class MetadataExposed implements Check {

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
            return s.policy().acceptsConcealment() ? pass()
                    : fail(s.node().field() + ".workloadMetadataConfig.nodeMetadata", Policy.GKE_METADATA,
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
            return fail(field, Policy.GKE_METADATA, "MODE_UNSPECIFIED on a cluster without Workload Identity"
                    + " (metadata exposed)", "");
        }
        return fail(field, Policy.GKE_METADATA, mode, "");
    }
}
