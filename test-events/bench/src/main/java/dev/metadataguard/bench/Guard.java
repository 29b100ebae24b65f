package dev.metadataguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The audit-inspector wired as the function wires it (default policy), against
 * an embedded GKE seeded with what the given entries created, reading roles from the test IAM export.
 */
final class Guard {

    private Guard() {
    }

    static AuditInspectorService inspector(ContainerGke gke, DecisionSink sink) {
        return Wiring.auditInspector(Wiring.inspector(gke, roles(), Policy.defaults()), sink, DeadLetters.none(),
                java.util.Optional.empty());
    }

    /** The ticket opener's own look at {@code gke} before a request changes a ticket, as the function has it. */
    static dev.metadataguard.ticket.LiveCheck ticketCheck(ContainerGke gke, dev.metadataguard.gke.InstanceGroups groups) {
        return Wiring.liveCheck(gke, groups, roles(), Policy.defaults());
    }

    private static ProjectRoles roles() {
        return IamPolicyFile.read(TestEvents.root().resolve("iam/acme-prod-iam-policy.json"));
    }

    /**
     * The environment of the audit-inspector function: {@code gke} over loopback, roles from the test IAM
     * export, and its two topics (named after {@code prefix}) on the Pub/Sub emulator.
     */
    static Map<String, String> functionEnvironment(EmbeddedGke gke, String prefix) {
        PubsubEmulator pubsub = PubsubEmulator.get();
        return Map.of(
                "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                "MG_IAM_POLICY_FILE", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                "MG_TICKET_TOPIC", pubsub.createTopic(prefix + "-ticket-requests"),
                "MG_REPLACEMENT_TOPIC", pubsub.createTopic(prefix + "-replacement-requests"),
                "PUBSUB_EMULATOR_HOST", pubsub.host());
    }

    /** Applies to {@code gke} every first entry's request among {@code entries}, as the replay does. */
    static void seed(EmbeddedGke gke, List<byte[]> entries) {
        EventDecoder decoder = new EventDecoder(Json.mapper());
        for (byte[] entry : entries) {
            for (Intake intake : decoder.decode(entry, "seed")) {
                if (intake instanceof Intake.Accepted a && a.event().first()) {
                    a.event().request().ifPresent(request -> gke.applyAuditRequest(a.event().method(),
                            a.event().resource().name(), request));
                }
            }
        }
    }

    /** The test events that are a raw LogEntry (not wrapped in an envelope), as Pub/Sub would carry them. */
    static List<byte[]> rawEntries() {
        return TestEvents.all().stream().map(Guard::read).filter(bytes -> json(bytes).has("protoPayload")).toList();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return TestEvents.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
