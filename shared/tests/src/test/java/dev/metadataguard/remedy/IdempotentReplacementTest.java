package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.policy.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pub/Sub delivers at least once: every further delivery of one request finds the one replacement. */
class IdempotentReplacementTest {

    private final ReplacerBed bed = new ReplacerBed();
    private final Replacer replacer = bed.replacer(ReplacerBed.enforce(""));

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void twentyRedeliveriesCreateOnePool() {
        List<RemediationOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(outcome(replacer.replace(ReplacerBed.richDecision()).get(0)));
        }

        assertEquals(1, bed.embedded.calls("CreateNodePool"));
        assertEquals(List.of("default-pool", "batch", "batch-mg-f80b52d4"), bed.poolNames());
        assertEquals(20, outcomes.stream().filter(o -> o.kind() == Kind.REPLACEMENT_CREATED
                && o.replacement().equals(REPLACEMENT.name())).count());
        assertEquals(1, outcomes.stream().filter(o -> !o.operation().isEmpty()).count(), "only the first created it");
    }

    @Test
    void eightConcurrentDeliveriesCreateOnePool() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<List<TicketRequest>>> deliveries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deliveries.add(threads.submit(() -> {
                start.await();
                return replacer.replace(ReplacerBed.richDecision());
            }));
        }
        start.countDown();
        List<RemediationOutcome> outcomes = new ArrayList<>();
        for (Future<List<TicketRequest>> delivery : deliveries) {
            outcomes.add(outcome(delivery.get().get(0)));
        }
        threads.shutdown();

        assertEquals(List.of("default-pool", "batch", "batch-mg-f80b52d4"), bed.poolNames());
        assertEquals(8, outcomes.stream().filter(o -> o.kind() == Kind.REPLACEMENT_CREATED).count());
        assertEquals(1, outcomes.stream().filter(o -> !o.operation().isEmpty()).count(), "exactly one created it");
    }

    @Test
    void poolSquattingOnTheNameIsATicketAndNothingIsCreated() {
        bed.embedded.seed(CLUSTER.name(), Pools.minimal(REPLACEMENT.nodePool()));

        RemediationOutcome outcome = outcome(replacer.replace(ReplacerBed.richDecision()).get(0));

        assertEquals(Kind.REPLACEMENT_FAILED, outcome.kind());
        assertTrue(outcome.detail().startsWith("Not replaced: node pool batch-mg-f80b52d4 already exists and does not"
                + " match the replacement the guard makes of batch (config.labels[metadata-guard-replaces] is absent, not"
                + " \"batch\"; "), outcome.detail());
        assertTrue(outcome.detail().contains("the original is kept"), outcome.detail());
        assertEquals(0, bed.embedded.calls("CreateNodePool"));
    }

    @Test
    void poolLabelledAsTheReplacementButExposingMetadataIsASquatter() {
        var squatter = Pools.minimal(REPLACEMENT.nodePool()).toBuilder();
        squatter.getConfigBuilder().putLabels(Labels.REPLACES, "batch")
                .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GCE_METADATA));
        bed.embedded.seed(CLUSTER.name(), squatter.build());

        RemediationOutcome outcome = outcome(replacer.replace(ReplacerBed.richDecision()).get(0));

        assertEquals(Kind.REPLACEMENT_FAILED, outcome.kind());
        assertTrue(outcome.detail().contains("config.workloadMetadataConfig.mode is \"GCE_METADATA\", not"
                + " \"GKE_METADATA\""), outcome.detail());
        assertEquals("Find out who created it and delete it if nobody needs it, then replay the event: gcloud container"
                + " node-pools delete batch-mg-f80b52d4 --cluster=payments --location=europe-west1-b --project=acme-prod",
                outcome.fix());
        assertEquals(0, bed.embedded.calls("CreateNodePool"));
    }
}
