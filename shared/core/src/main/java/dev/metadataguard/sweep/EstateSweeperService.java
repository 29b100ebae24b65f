package dev.metadataguard.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.Delivery;
import dev.metadataguard.pubsub.MessagePublisher;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The estate-sweeper function's engine: discovers every cluster in scope, page by page, and publishes
 * one inspection request per cluster in the policy's projects, so the inspection spreads over as many
 * inspector instances as Pub/Sub runs. When Cloud Asset Inventory is disabled it falls back to the
 * second source (ListClusters over the policy's projects). Each sweep ends with one summary, logged and
 * published, and a complete sweep sends the ticket opener the list of clusters it found, so the tickets of
 * clusters gone from the listing are checked again ({@link TicketRequest.Swept}). Only failures a retry can fix escape, so Pub/Sub redelivers those; a sweep sent again
 * sends the same requests again, which the inspectors and the ticket desk take as no change.
 */
public final class EstateSweeperService {

    private static final String FUNCTION = "estate-sweeper";
    private static final StructuredLog LOG = StructuredLog.of(FUNCTION);
    /** Pub/Sub's 10 MB message limit, less room for the envelope. */
    private static final long MAX_LIST_BYTES = 9_000_000;

    private final ClusterDiscovery discovery;
    private final Optional<ClusterDiscovery> fallback;
    private final Policy policy;
    private final MessagePublisher publisher;
    private final ObjectMapper json;
    private final RequestTopic inspections;
    private final Optional<String> reportTopic;
    private final Optional<RequestTopic> tickets;
    private final Clock clock;
    private final Delivery delivery;

    /**
     * @param ticketTopic     {@code ticket-requests}, for the list of clusters a complete sweep found and for the
     *                        sweeper's own failures; empty to send none (then the tickets of clusters deleted
     *                        unseen stay open)
     * @param deadLetterTopic where a sweep request that fails for good is parked
     */
    public EstateSweeperService(ClusterDiscovery discovery, Optional<ClusterDiscovery> fallback, Policy policy,
                                MessagePublisher publisher, ObjectMapper json, String inspectionTopic,
                                Optional<String> reportTopic, Optional<String> ticketTopic, Clock clock,
                                Optional<String> deadLetterTopic) {
        this.discovery = discovery;
        this.fallback = fallback;
        this.policy = policy;
        this.publisher = publisher;
        this.json = json;
        this.inspections = new RequestTopic(publisher, json, inspectionTopic);
        this.reportTopic = reportTopic;
        this.tickets = ticketTopic.map(topic -> new RequestTopic(publisher, json, topic));
        this.clock = clock;
        this.delivery = new Delivery(LOG, new DeadLetters(publisher, deadLetterTopic), (resource, failure) ->
                tickets.ifPresent(topic -> topic.publish(new TicketRequest.GuardFailure(FUNCTION, resource, failure))));
    }

    /** A sweep request: whatever it carries, the sweep is named by the message's id. */
    public void handle(CloudEvent event) {
        delivery.handle(event, message -> message.run("sweeps/" + event.getId(), () -> sweep(event.getId())));
    }

    /** One sweep, named {@code sweep} (the id of the message that asked for it). */
    public SweepSummary sweep(String sweep) {
        Instant started = clock.instant();
        Tally tally = new Tally();
        List<String> errors = new ArrayList<>();
        ClusterDiscovery used = discovery;
        try {
            try {
                discovery.discover(page -> fanOut(page, sweep, started, tally));
            } catch (ClusterDiscovery.DiscoveryUnavailable unavailable) {
                if (fallback.isEmpty()) {
                    throw unavailable;
                }
                LOG.warning("discovery falls back", "sweep", sweep, "source", discovery.source(),
                        "fallback", fallback.get().source(), "reason", unavailable.getMessage());
                used = fallback.get();
                used.discover(page -> fanOut(page, sweep, started, tally));
            }
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                throw failure; // the delivery logs it, and Pub/Sub sends the request again
            }
            errors.add(failure.kind().name().toLowerCase(java.util.Locale.ROOT) + " from " + failure.call() + ": "
                    + failure.getMessage());
        } catch (ClusterDiscovery.DiscoveryUnavailable unavailable) {
            errors.add(unavailable.getMessage() + "; enable it (cloudasset.googleapis.com) or list the projects"
                    + " in the policy's projects for the ListClusters fallback");
        }
        SweepSummary summary = new SweepSummary(sweep, used.source(), started,
                Duration.between(started, clock.instant()).toMillis(), tally.pages, tally.clusters, tally.requested,
                tally.clusters - tally.requested, tally.perProject, errors,
                policy.exemptionsEndingSoonAfter(LocalDate.ofInstant(started, ZoneOffset.UTC)));
        report(summary);
        if (summary.complete()) {
            tickets.ifPresent(topic -> sendFound(topic, summary, tally.found));
            handOutReplacements(sweep, started, tally.found);
        }
        return summary;
    }

    /**
     * With {@code sweep: {remediate: true}}, asks again about at most {@code maxReplacements} clusters, each
     * allowed one replacement: no instance needs a shared count. They are the clusters whose hash with the
     * sweep's id is smallest, so each sweep gives the budget to others; a cluster already fixed wastes its turn.
     */
    private void handOutReplacements(String sweep, Instant started, List<String> found) {
        int budget = policy.sweep().maxReplacements();
        if (!policy.sweep().remediate() || budget == 0) {
            return;
        }
        // Each cluster's hash is computed once, not on every comparison of the sort.
        List<InspectionRequest> chosen = found.stream()
                .map(cluster -> Map.entry(Fingerprint.of(cluster, List.of(sweep)), cluster))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .limit(budget)
                .map(entry -> new InspectionRequest(entry.getValue(), sweep, started, true))
                .toList();
        inspections.publishInspections(chosen);
        LOG.notice("replacements handed out", "sweep", sweep, "clusters", chosen.stream()
                .map(InspectionRequest::cluster).toList(), "maxReplacements", budget);
    }

    /**
     * The clusters found, for the ticket opener; a list too large for one Pub/Sub message (10 MB, about
     * 150,000 clusters) is not sent, and the log says so.
     */
    private static void sendFound(RequestTopic topic, SweepSummary summary, List<String> found) {
        long bytes = found.stream().mapToLong(name -> name.length() + 3L).sum();
        if (bytes > MAX_LIST_BYTES) {
            LOG.warning("clusters found not sent", "sweep", summary.sweep(), "clusters", found.size(),
                    "reason", "the list exceeds one Pub/Sub message; tickets of clusters deleted unseen stay open");
            return;
        }
        topic.publish(new TicketRequest.Swept(summary.sweep(), summary.startedAt(), found));
    }

    private void fanOut(List<ResourceRef> page, String sweep, Instant started, Tally tally) {
        tally.pages++;
        List<InspectionRequest> requests = new ArrayList<>(page.size());
        for (ResourceRef cluster : page) {
            tally.clusters++;
            if (!policy.inScope(cluster.project())) {
                continue;
            }
            requests.add(new InspectionRequest(cluster.name(), sweep, started));
            tally.found.add(cluster.name());
            tally.perProject.merge(cluster.project(), 1, Integer::sum);
        }
        // A page's requests go out together: one round trip for the page, not one per cluster.
        inspections.publishInspections(requests);
        tally.requested += requests.size();
    }

    private void report(SweepSummary s) {
        Object[] fields = {"sweep", s.sweep(), "source", s.source(), "pages", s.pages(), "clusters", s.clusters(),
            "requested", s.requested(), "outOfScope", s.outOfScope(), "perProject", s.perProject(),
            "durationMs", s.durationMillis(), "errors", s.errors(), "exemptionsEndingSoon", s.exemptionsEndingSoon(),
            "decision", s.complete() ? "swept" : "incomplete"};
        if (s.complete()) {
            LOG.notice("sweep finished", fields);
        } else {
            LOG.error("sweep finished", fields);
        }
        reportTopic.ifPresent(topic -> publisher.publish(topic, bytes(json.valueToTree(s)), Map.of("sweep", s.sweep()), ""));
    }

    private byte[] bytes(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sweep messages are plain JSON and always serialise", e);
        }
    }

    /** Counts as the pages go by. */
    private static final class Tally {
        private int pages;
        private int clusters;
        private int requested;
        private final Map<String, Integer> perProject = new TreeMap<>();
        private final List<String> found = new ArrayList<>();
    }
}
