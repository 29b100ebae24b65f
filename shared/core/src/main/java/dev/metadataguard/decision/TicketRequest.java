package dev.metadataguard.decision;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.text.Inert;

/**
 * A message on the {@code ticket-requests} topic. The ticket opener keeps one ticket per resource:
 * a decision opens, updates or (when compliant) resolves it; an outcome is added to it; a guard
 * problem is a ticket about the guard's own setup.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TicketRequest.Evaluated.class, name = "evaluated"),
    @JsonSubTypes.Type(value = TicketRequest.Remediated.class, name = "remediated"),
    @JsonSubTypes.Type(value = TicketRequest.GuardProblem.class, name = "guard-problem"),
    @JsonSubTypes.Type(value = TicketRequest.GuardFailure.class, name = "guard-failure"),
    @JsonSubTypes.Type(value = TicketRequest.Present.class, name = "present"),
    @JsonSubTypes.Type(value = TicketRequest.Swept.class, name = "swept")
})
public sealed interface TicketRequest {

    /** The resource the ticket is about. */
    String resource();

    /**
     * The inspector's decision: VIOLATION (open or update) or COMPLIANT (resolve any open ticket). A
     * compliant pool labelled as a replacement is about the pool it names, whose ticket records it as
     * ready when the guard's own operation created it, and closes nothing.
     */
    record Evaluated(Decision decision) implements TicketRequest {
        public Evaluated {
            requireWhole(decision);
        }

        @Override
        public String resource() {
            return decision.outcome() == dev.metadataguard.policy.Outcome.COMPLIANT && decision.replaces() != null
                    ? decision.replaces() : decision.resource();
        }
    }

    /**
     * An outcome for the ticket of {@code fingerprint} (the decision that asked for it).
     *
     * @param decision the decision that led to it, so the ticket can be opened if it does not exist yet
     */
    record Remediated(Decision decision, RemediationOutcome outcome) implements TicketRequest {
        public Remediated {
            requireWhole(decision);
            if (outcome == null || outcome.kind() == null) {
                throw new IllegalArgumentException("a remediated request needs an outcome with its kind");
            }
        }

        @Override
        public String resource() {
            return decision.resource();
        }
    }

    /**
     * What a cluster holds as the inspector read it for a sweep: every resource the guard judges in it
     * (its pools, and the cluster itself for its auto-provisioning defaults), or nothing when the cluster
     * is gone. Every open ticket about anything else in the cluster is about a deleted resource.
     *
     * @param cluster   the cluster's name, {@code projects/P/locations/L/clusters/C}
     * @param resources full names of what it holds now; empty when GKE answered NOT_FOUND
     * @param readAt    when it was read: a violation logged after it reopens a ticket resolved by it
     */
    record Present(String cluster, java.util.List<String> resources, java.time.Instant readAt) implements TicketRequest {
        public Present {
            if (cluster == null || resources == null || readAt == null) {
                throw new IllegalArgumentException("a present request needs its cluster, resources and readAt");
            }
            ResourceRef ref = ResourceRef.parse(cluster).filter(r -> !r.isNodePool()).orElseThrow(() ->
                    new IllegalArgumentException("a present request needs its cluster as projects/P/locations/L/clusters/C,"
                            + " not '" + Inert.value(cluster) + "'"));
            for (String resource : resources) {
                if (ResourceRef.parse(resource).filter(r -> r.clusterRef().equals(ref)).isEmpty()) {
                    throw new IllegalArgumentException("a present request lists only what its cluster holds, not '"
                            + Inert.value(resource) + "'");
                }
            }
            resources = java.util.List.copyOf(resources);
        }

        @Override
        public String resource() {
            return cluster;
        }
    }

    /**
     * What a complete sweep found: every cluster in the policy's projects, as discovery listed them. An open
     * ticket about a cluster not among them may be about a cluster deleted since; the listing is only a hint
     * of that (it can lag behind GKE), so the ticket opener asks the inspector to read each such cluster again,
     * and GKE's NOT_FOUND closes its tickets ({@link Present}).
     *
     * @param sweep     the sweep's id
     * @param startedAt when discovery started: the inspection requests it leads to carry it
     * @param clusters  full cluster names, {@code projects/P/locations/L/clusters/C}
     */
    record Swept(String sweep, java.time.Instant startedAt, java.util.List<String> clusters) implements TicketRequest {
        public Swept {
            if (sweep == null || sweep.isBlank() || startedAt == null || clusters == null
                    || clusters.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("a sweep's list needs its sweep, startedAt and clusters");
            }
            clusters = java.util.List.copyOf(clusters);
        }

        @Override
        public String resource() {
            return "sweeps/" + sweep;
        }
    }

    /**
     * The guard itself lacks a permission or setting (PERMISSION_DENIED from an API).
     *
     * @param call       the API call that failed, e.g. {@code container.projects.locations.clusters.get}
     * @param permission the IAM permission that is missing, when known
     */
    record GuardProblem(String resource, String call, String permission, String message) implements TicketRequest {
        public GuardProblem {
            if (resource == null || call == null) {
                throw new IllegalArgumentException("a guard problem needs its resource and call");
            }
        }
    }

    /**
     * A function of the guard failed on a message in a way nobody classified (a bug of the guard's); the message
     * is on the function's dead-letter topic. One ticket per function and kind of failure.
     *
     * @param function the function, e.g. {@code ticket-opener}
     * @param about    what the message was about, empty when that is unknown
     * @param failure  the exception's class and clipped message, never a stack trace
     */
    record GuardFailure(String function, String about, String failure) implements TicketRequest {
        public GuardFailure {
            if (function == null || function.isBlank() || about == null || failure == null) {
                throw new IllegalArgumentException("a guard failure needs its function, about and failure");
            }
        }

        /** The failing function: the ticket is about the guard, whatever message it failed on. */
        @Override
        public String resource() {
            return "metadata-guard/" + function;
        }

        /** The exception's class, which keys the ticket: the same bug on many messages is one ticket. */
        public String failureClass() {
            int colon = failure.indexOf(':');
            return colon < 0 ? failure : failure.substring(0, colon);
        }
    }

    /**
     * A message the ticket opener cannot act on (a null decision or field) is refused when it is read, so it
     * is logged once and dead-lettered instead of failing, and being redelivered, on every attempt.
     */
    private static void requireWhole(Decision decision) {
        if (decision == null || decision.fingerprint() == null || decision.resource() == null
                || decision.outcome() == null || decision.action() == null) {
            throw new IllegalArgumentException("a ticket request needs a decision with fingerprint, resource, outcome"
                    + " and action");
        }
    }
}
