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
 * or legacy concealment ({@code SECURE}, read live through v1beta1) when the policy still accepts it.
 * A live pool's unset mode means the Compute Engine metadata server: GKE writes {@code GKE_METADATA}
 * on the pools it creates under Workload Identity, and enabling Workload Identity later leaves existing
 * pools as they were. Only settings of pools yet to be created (auto-provisioning defaults) take
 * the cluster's Workload Identity.
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
        if (!s.node().modeUnset()) {
            return fail(field, Policy.GKE_METADATA, mode, "");
        }
        String legacyField = s.node().field() + ".workloadMetadataConfig.nodeMetadata";
        Optional<String> legacy = s.node().nodeMetadata();
        if (legacy.filter("SECURE"::equals).isPresent()) {
            return s.policy().acceptsConcealment() ? pass()
                    : fail(legacyField, Policy.GKE_METADATA, "SECURE (legacy concealment, not accepted by this policy)",
                            "Concealment is deprecated; the GKE metadata server replaces it.");
        }
        if (legacy.filter("GKE_METADATA_SERVER"::equals).isPresent()) {
            return pass();
        }
        if (legacy.isPresent()) {
            return fail(legacyField, Policy.GKE_METADATA, legacy.get(), "");
        }
        if (!s.clusterKnown()) {
            return unknown("the pool was created by a request without a mode in a cluster never seen; GKE sets the"
                    + " mode from the cluster's Workload Identity, which is unknown");
        }
        if (!s.node().modeSetAtCreation()) {
            return fail(field, Policy.GKE_METADATA, "MODE_UNSPECIFIED (the Compute Engine metadata server: exposed)",
                    "GKE writes GKE_METADATA on the pools it creates under Workload Identity; a pool without a mode"
                            + " serves the Compute Engine metadata.");
        }
        if (s.workloadIdentity()) {
            return pass();
        }
        return fail(field, Policy.GKE_METADATA, "MODE_UNSPECIFIED on a cluster without Workload Identity"
                + " (pools created from these defaults expose metadata)", "");
    }
}
