package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Policy;
import com.google.container.v1.NodePool;
import java.io.IOException;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.remedy.Polling;
import dev.metadataguard.remedy.Replacer;
import dev.metadataguard.remedy.ReplacementWaiting;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.sink.DirectorySink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The in-process hand-off from the inspector, as Pub/Sub does it in the cloud: replacement requests go
 * to the real replacer against the embedded GKE, ticket requests (the inspector's and the replacer's
 * outcomes) to the ticket desk, which writes one Markdown and one JSON file per ticket.
 */
final class LocalSinks {

    private LocalSinks() {
    }

    /**
     * One clause for the summary: what the replacer did, with the replacement's name and size (as GKE
     * shows the pool it made: nodes per zone, zones) or the reason.
     */
    static String describe(RemediationOutcome o, Gke gke) {
        String pool = o.replacement().isEmpty() ? "" : " " + o.replacement().substring(o.replacement().lastIndexOf('/') + 1);
        return switch (o.kind()) {
            case REPLACEMENT_CREATED -> "replacement" + pool + (o.operation().isEmpty() ? " already there" : " created")
                    + ", " + size(gke.getNodePool(ResourceRef.parse(o.replacement()).orElseThrow()));
            case REPLACEMENT_FAILED -> "replacement" + pool + " failed: " + firstSentence(o.detail());
            case DRY_RUN_PLAN -> "dry-run: would create" + pool + " (GKE_METADATA, least-privilege SA)";
            case PRECONDITION_FAILED -> "not replaced: " + firstSentence(o.detail());
            default -> o.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + pool;
        };
    }

    /** "3 nodes per zone in 1 zone": a pool's {@code initial_node_count} is per zone. */
    private static String size(NodePool pool) {
        int perZone = pool.getInitialNodeCount();
        int zones = pool.getLocationsCount();
        return perZone + (perZone == 1 ? " node" : " nodes") + " per zone in " + zones + (zones == 1 ? " zone" : " zones");
    }

    private static String firstSentence(String text) {
        String t = text.startsWith("Not replaced: ") ? text.substring("Not replaced: ".length()) : text;
        int end = t.indexOf(". ");
        String first = end < 0 ? t : t.substring(0, end);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The replacement pool as the embedded GKE holds it, as JSON; empty when there is none to read. */
    private static Optional<JsonNode> replacement(Gke client, RemediationOutcome o) {
        Optional<ResourceRef> pool = ResourceRef.parse(o.replacement()).filter(ResourceRef::isNodePool);
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(JsonFormat.printer().print(client.getNodePool(pool.get()))));
        } catch (ApiFailure | IOException notThere) {
            return Optional.empty();
        }
    }

    /** Local operations finish within a few reads, so the replacer need not wait long between them. */
    private static final Polling LOCAL = new Polling(Duration.ofMillis(10), Duration.ofSeconds(10));

    static LocalGuard.DecisionSinkFactory forOptions(Path ticketsDir, Policy policy, ProjectRoles roles) {
        TicketDesk desk = Wiring.ticketDesk(new DirectorySink(ticketsDir), policy);
        return (gke, history, groups, outcomes) -> new DecisionSink() {
            private final Replacer replacer = Wiring.replacer(history, groups, roles, policy, LOCAL);

            @Override
            public void requestTicket(TicketRequest request) {
                TicketDesk.Applied applied = desk.apply(request);
                String ids = applied.tickets().isEmpty() ? "" : " " + String.join(",", applied.tickets());
                if (request instanceof TicketRequest.Present) {
                    if (!applied.tickets().isEmpty()) {
                        outcomes.note(LocalOutcomes.deletedIn(request.resource()), "resolved as deleted:" + ids);
                    }
                    return;
                }
                outcomes.note(request.resource(), "ticket " + applied.change().name().toLowerCase(Locale.ROOT) + ids);
            }

            @Override
            public void requestReplacement(Decision decision) {
                // Between two audit entries real time passes and GKE finishes what it was doing.
                gke.completeAllOperations();
                List<TicketRequest> requests;
                try {
                    requests = replacer.replace(decision);
                } catch (ReplacementWaiting waiting) {
                    requestTicket(waiting.waiting());
                    throw waiting;
                }
                for (TicketRequest request : requests) {
                    if (request instanceof TicketRequest.Remediated r) {
                        outcomes.note(decision.resource(), describe(r.outcome(), history));
                        Remedy.of(r.outcome(), replacement(history, r.outcome()), MAPPER)
                                .ifPresent(remedy -> outcomes.remedy(decision.resource(), remedy));
                    }
                    requestTicket(request);
                }
            }
        };
    }
}
