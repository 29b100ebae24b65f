package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.decision;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opt-in: a pool whose only finding is MG001 gets the GKE metadata server in place instead of a replacement. */
class UpdateInPlaceTest {

    private static final String IN_PLACE = enforce("updateInPlace: true");
    private final ReplacerBed bed = ReplacerBed.exposedOnly();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void exposedMetadataAloneIsFixedInPlace() {
        RemediationOutcome outcome = outcome(bed.replacer(IN_PLACE).replace(decision("MG001")).get(0));

        assertEquals(Kind.UPDATED_IN_PLACE, outcome.kind());
        assertEquals("Set the workload metadata mode of node pool batch to GKE_METADATA in place (its only finding was"
                + " MG001); GKE recreates its nodes with the GKE metadata server.", outcome.detail());
        assertEquals(WorkloadMetadataConfig.Mode.GKE_METADATA,
                bed.gke.getNodePool(ORIGINAL).getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(0, bed.embedded.calls("CreateNodePool"));
    }

    @Test
    void redeliveredInPlaceUpdateFindsThePoolCompliantAndChangesNothing() {
        bed.replacer(IN_PLACE).replace(decision("MG001"));
        bed.embedded.completeAllOperations();

        RemediationOutcome outcome = outcome(bed.replacer(IN_PLACE).replace(decision("MG001")).get(0));

        assertEquals(Kind.REQUEST_STALE, outcome.kind());
        assertEquals(1, bed.embedded.calls("UpdateNodePool"));
    }

    /** MG004 is informational: left as it is, it does not turn an in-place update into a replacement. */
    @Test
    void exposedMetadataWithLegacyEndpointsOnIsStillFixedInPlace() {
        NodePool exposed = Pools.exposedOnly(ORIGINAL.nodePool(), ReplacerBed.ACCOUNT);
        NodePool legacyToo = exposed.toBuilder().setConfig(exposed.getConfig().toBuilder()
                .putMetadata("disable-legacy-endpoints", "false")).build();
        try (ReplacerBed both = new ReplacerBed(ReplacerBed.WORKLOAD_IDENTITY, legacyToo)) {
            List<Kind> kinds = kinds(both.replacer(IN_PLACE).replace(decision("MG001", "MG004")));

            assertEquals(List.of(Kind.UPDATED_IN_PLACE), kinds);
            assertEquals(0, both.embedded.calls("CreateNodePool"));
        }
    }

    @Test
    void aFindingThatCannotChangeInPlaceMeansTheReplacement() {
        try (ReplacerBed rich = new ReplacerBed()) {
            List<Kind> kinds = kinds(rich.replacer(IN_PLACE).replace(ReplacerBed.richDecision()));

            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds);
            assertEquals(0, rich.embedded.calls("UpdateNodePool"));
        }
    }

    @Test
    void withoutTheOptInExposedMetadataIsReplaced() {
        assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(bed.replacer(enforce("")).replace(decision("MG001"))));
        assertEquals(0, bed.embedded.calls("UpdateNodePool"));
    }
}
