package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ACCOUNT;
import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.FAST;
import static dev.metadataguard.remedy.ReplacerBed.MINIMAL_ROLES;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.decision;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.runtime.Wiring;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The replacer adopts only a pool it would have created, and looks at the original again immediately before it
 * retires it: what it learnt minutes earlier is not enough to delete a pool.
 */
class OwnReplacementTest {

    private static final String DELETE = enforce("retireOriginal: delete");

    /** The replacement the guard would make of {@code batch}, as GKE holds the original, changed by {@code change}. */
    private static NodePool lookalike(ReplacerBed bed, Consumer<NodePool.Builder> change) {
        NodePool.Builder squatter = ReplacementSpec.of(bed.gke.getNodePool(ORIGINAL), ACCOUNT).toBuilder();
        change.accept(squatter);
        return squatter.build();
    }

    @Test
    void aSquatterWithTheRightNameAndMarkerButAnotherAccountAndATaintIsNotAdoptedAndTheOriginalStays() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.seed(CLUSTER.name(), lookalike(bed, pool -> pool.getConfigBuilder()
                    .setServiceAccount("miner@attacker-project.iam.gserviceaccount.com")
                    .addTaints(NodeTaint.newBuilder().setKey("dedicated").setValue("miner")
                            .setEffect(NodeTaint.Effect.NO_SCHEDULE))));

            List<TicketRequest> requests = bed.replacer(DELETE).replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_FAILED), kinds(requests));
            String detail = outcome(requests.get(0)).detail();
            assertTrue(detail.contains("config.serviceAccount is \"miner@attacker-project.iam.gserviceaccount.com\", not"
                    + " \"" + ACCOUNT + "\""), detail);
            assertTrue(detail.contains("config.taints is \"[dedicated=batch:NO_SCHEDULE, dedicated=miner:NO_SCHEDULE]\", not"
                    + " \"[dedicated=batch:NO_SCHEDULE]\""), detail);
            assertTrue(detail.endsWith("the original is kept."), detail);
            assertEquals(0, bed.embedded.calls("CreateNodePool"));
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
            assertEquals(List.of("default-pool", "batch", "batch-mg-f80b52d4"), bed.poolNames());
        }
    }

    @Test
    void aPoolMatchingEverySettingIsAdoptedAsTheGuardsOwn() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.seed(CLUSTER.name(), lookalike(bed, pool -> { }));

            List<TicketRequest> requests = bed.replacer(DELETE).replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED, Kind.RESOURCE_DELETED), kinds(requests));
            assertTrue(outcome(requests.get(0)).detail().contains("It already existed"), outcome(requests.get(0)).detail());
        }
    }

    @Test
    void anOriginalFixedBetweenTheReplacementsReadinessAndTheRetirementIsNotDeleted() {
        try (ReplacerBed bed = ReplacerBed.exposedOnly()) {
            // As soon as the replacement is seen RUNNING, its owner fixes the original: the replacer's verdict is stale.
            Gke racing = onReplacementRunning(bed, () -> bed.gke.setNodePoolWorkloadMetadata(ORIGINAL,
                    WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA).build()));

            List<TicketRequest> requests = replacer(bed, racing).replace(decision("MG001"));

            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(requests));
            RemediationOutcome kept = outcome(requests.get(0));
            assertTrue(kept.detail().contains("The original is kept: looked at again just before deleting it, it is"
                    + " compliant (compliant), no longer a violation to replace."), kept.detail());
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
            assertTrue(bed.poolNames().contains("batch"));
        }
    }

    @Test
    void anOriginalDeletedAndCreatedAgainMeanwhileIsNotDeletedEvenIfItStillFails() {
        try (ReplacerBed bed = new ReplacerBed()) {
            NodePool asSeeded = bed.gke.getNodePool(ORIGINAL);
            Gke racing = onReplacementRunning(bed, () -> {
                bed.gke.deleteNodePool(ORIGINAL);
                bed.embedded.completeAllOperations();
                bed.embedded.seed(CLUSTER.name(), Pools.rich(ORIGINAL.nodePool()));
            });

            List<TicketRequest> requests = replacer(bed, racing).replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(requests));
            String detail = outcome(requests.get(0)).detail();
            assertTrue(detail.contains("it is not the pool that was judged: its etag changed from " + asSeeded.getEtag()),
                    detail);
            assertEquals(1, bed.embedded.calls("DeleteNodePool"), "only the test's own deletion");
        }
    }

    @Test
    void aReplacementThatNoLongerMatchesWhenTheOriginalIsToBeScaledToZeroKeepsIt() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Gke racing = onReplacementRunning(bed, () -> {
                bed.gke.setNodePoolWorkloadMetadata(REPLACEMENT, WorkloadMetadataConfig.newBuilder()
                        .setMode(WorkloadMetadataConfig.Mode.GCE_METADATA).build());
                bed.embedded.completeAllOperations();
            });

            List<TicketRequest> requests = replacer(bed, racing, enforce("retireOriginal: scale-to-zero"))
                    .replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(requests));
            String detail = outcome(requests.get(0)).detail();
            assertTrue(detail.contains("looked at again just before scaling it to zero, its replacement batch-mg-f80b52d4"
                    + " is no longer what the guard made of it (config.workloadMetadataConfig.mode is \"GCE_METADATA\""),
                    detail);
            assertEquals(0, bed.embedded.calls("SetNodePoolSize"));
        }
    }

    private static Replacer replacer(ReplacerBed bed, Gke gke) {
        return replacer(bed, gke, DELETE);
    }

    private static Replacer replacer(ReplacerBed bed, Gke gke, String policy) {
        Inspector inspector = Wiring.inspector(gke, MINIMAL_ROLES, PolicyLoader.parse(policy, "test policy"));
        return new Replacer(gke, bed.groups, inspector, MINIMAL_ROLES, FAST);
    }

    /** The real client, which runs {@code meanwhile} once, the first time it reads the replacement RUNNING. */
    private static Gke onReplacementRunning(ReplacerBed bed, Runnable meanwhile) {
        AtomicBoolean done = new AtomicBoolean();
        return (Gke) Proxy.newProxyInstance(Gke.class.getClassLoader(), new Class<?>[] {Gke.class}, (proxy, method, args) -> {
            Object answer;
            try {
                answer = method.invoke(bed.gke, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (answer instanceof NodePool pool && args[0] instanceof ResourceRef ref && ref.equals(REPLACEMENT)
                    && pool.getStatus() == NodePool.Status.RUNNING && done.compareAndSet(false, true)) {
                meanwhile.run();
                bed.embedded.completeAllOperations();
            }
            return answer;
        });
    }
}
