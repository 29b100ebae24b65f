package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ACCOUNT;
import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.container.v1.Cluster;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.protobuf.util.JsonFormat;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dry-run, the default: everything is computed, nothing is changed, and the ticket shows the exact request. */
class DryRunTest {

    private static final String DRY_RUN = ReplacerBed.enforce("").replace("mode: enforce", "mode: dry-run");

    @Test
    void dryRunCreatesNothingAndThePlanIsTheExactCreateRequest() throws Exception {
        try (ReplacerBed bed = new ReplacerBed()) {
            RemediationOutcome outcome = outcome(bed.replacer(DRY_RUN).replace(richDecision()).get(0));

            assertEquals(Kind.DRY_RUN_PLAN, outcome.kind());
            assertEquals(REPLACEMENT.name(), outcome.replacement());
            CreateNodePoolRequest.Builder plan = CreateNodePoolRequest.newBuilder();
            JsonFormat.parser().merge(outcome.detail(), plan);
            assertEquals(CreateNodePoolRequest.newBuilder().setParent(CLUSTER.name())
                    .setNodePool(ReplacementSpec.of(bed.gke.getNodePool(ORIGINAL), ACCOUNT)).build(), plan.build());
            assertEquals("Dry-run: nothing was changed. It starts at 3 nodes per zone in 2 zones, the original's current size, with the original's autoscaling limits. Set mode: enforce in the policy to let the guard send"
                    + " this request.",
                    outcome.fix());
            assertEquals(0, bed.embedded.calls("CreateNodePool"));
            assertEquals(List.of("default-pool", "batch"), bed.poolNames());
        }
    }

    @Test
    void defaultPolicyIsDryRun() {
        try (ReplacerBed bed = new ReplacerBed()) {
            String policy = ReplacerBed.enforce("").replace("mode: enforce\n", "");

            assertEquals(Kind.DRY_RUN_PLAN, outcome(bed.replacer(policy).replace(richDecision()).get(0)).kind());
            assertEquals(0, bed.embedded.calls("CreateNodePool"));
        }
    }

    @Test
    void dryRunSaysItWouldEnableWorkloadIdentityFirstAndDoesNot() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.getDefaultInstance())) {
            String policy = DRY_RUN.replace("replacement: {}", "replacement: {enableWorkloadIdentity: true, retireOriginal: delete}");

            RemediationOutcome outcome = outcome(bed.replacer(policy).replace(richDecision()).get(0));

            assertEquals(Kind.DRY_RUN_PLAN, outcome.kind());
            assertEquals("Dry-run: nothing was changed. Workload Identity would first be enabled on cluster payments"
                    + " (workload pool acme-prod.svc.id.goog). It starts at 3 nodes per zone in 2 zones, the original's current size, with the original's autoscaling limits. Once the replacement has reached that size, the"
                    + " original would be retired (delete). Set mode: enforce in the policy to let the guard send this request.", outcome.fix());
            assertEquals(0, bed.embedded.calls("UpdateCluster"));
            assertEquals("", bed.gke.getCluster(CLUSTER).getWorkloadIdentityConfig().getWorkloadPool());
        }
    }

    @Test
    void dryRunOfAnInPlaceUpdateIsTheExactUpdateRequest() throws Exception {
        try (ReplacerBed bed = ReplacerBed.exposedOnly()) {
            String policy = DRY_RUN.replace("replacement: {}", "replacement: {updateInPlace: true}");

            RemediationOutcome outcome = outcome(bed.replacer(policy).replace(ReplacerBed.decision("MG001")).get(0));

            UpdateNodePoolRequest.Builder plan = UpdateNodePoolRequest.newBuilder();
            JsonFormat.parser().merge(outcome.detail(), plan);
            assertEquals(UpdateNodePoolRequest.newBuilder().setName(ORIGINAL.name()).setWorkloadMetadataConfig(
                    WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA)).build(), plan.build());
            assertEquals(0, bed.embedded.calls("UpdateNodePool"));
        }
    }
}
