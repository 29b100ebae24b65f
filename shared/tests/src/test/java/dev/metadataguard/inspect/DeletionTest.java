package dev.metadataguard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.OperationStatus;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.event.Verb;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.UnknownRoles;
import dev.metadataguard.runtime.Wiring;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Delete entry is a hint: only a live NOT_FOUND resolves the tickets of what it names. */
class DeletionTest {

    private static final ResourceRef CLUSTER = ResourceRef.cluster("p1", "europe-west1-b", "c1");

    private final EmbeddedGke gke = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(gke.channel());
    private final Inspector inspector = Wiring.inspector(client, new UnknownRoles(), Policy.defaults());

    @AfterEach
    void close() {
        client.close();
        gke.close();
    }

    private void seed() {
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1").addNodePools(NodePool.newBuilder().setName("kept")
                .setInitialNodeCount(1).setConfig(NodeConfig.getDefaultInstance())).build());
    }

    private static AuditEvent delete(Verb verb, ResourceRef resource) {
        return new AuditEvent("google.container.v1beta1.ClusterManager." + verb.methodSuffix(), "v1beta1", verb,
                resource, Optional.of("operation-7"), true, false, OperationStatus.OK, "NOTICE",
                Optional.of("bob@acme.example"), Optional.of(Instant.parse("2026-11-02T10:00:00Z")), "i7", Optional.empty());
    }

    @Test
    void aPoolGKENoLongerHasIsResolvedAsDeleted() {
        seed();
        ResourceRef gone = CLUSTER.withNodePool("gone");

        Deletion deletion = inspector.deletion(delete(Verb.DELETE_NODE_POOL, gone));

        TicketRequest.Remediated resolved = deletion.resolved().orElseThrow();
        assertEquals(gone.name(), resolved.resource());
        assertEquals(RemediationOutcome.Kind.RESOURCE_DELETED, resolved.outcome().kind());
        assertEquals("operation-7", resolved.outcome().operation());
        assertEquals("bob@acme.example", resolved.decision().principal());
        assertTrue(deletion.reason().startsWith("deleted: GKE answered NOT_FOUND"), deletion.reason());
    }

    @Test
    void aPoolThatStillExistsResolvesNothingAndSaysWhy() {
        seed();

        Deletion deletion = inspector.deletion(delete(Verb.DELETE_NODE_POOL, CLUSTER.withNodePool("kept")));

        assertEquals(Optional.empty(), deletion.resolved());
        assertEquals("nothing resolved: the node pool still exists (status RUNNING), so the delete failed or has not"
                + " finished; its tickets stay open", deletion.reason());
    }

    @Test
    void aClusterGoneResolvesAsTheClusterAndAClusterStandingDoesNot() {
        assertEquals(CLUSTER.name(), inspector.deletion(delete(Verb.DELETE_CLUSTER, CLUSTER)).resolved().orElseThrow()
                .resource());
        seed();
        assertEquals(Optional.empty(), inspector.deletion(delete(Verb.DELETE_CLUSTER, CLUSTER)).resolved());
    }
}
