package dev.metadataguard.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One remediation ticket, in the form every sink starts from: what is wrong, why it matters, how to fix
 * it, what the guard did, and whether it is still open. Its JSON form is what the Pub/Sub and webhook
 * sinks send and what the directory sink keeps.
 *
 * @param fingerprint   the ticket's key: resource name + finding ids ({@link dev.metadataguard.decision.Fingerprint})
 * @param resourceKey   the key shared by every ticket about the same resource, used to resolve them all
 * @param summary       one paragraph saying what happened, in plain words
 * @param unknownChecks checks that could not be settled, each with its reason
 * @param fix           the steps that fix the resource, with the real names filled in
 * @param outcomes      what the guard did about it, oldest first, each once
 */
public record Ticket(
        String fingerprint,
        String resourceKey,
        Status status,
        String title,
        Severity severity,
        String resource,
        String summary,
        List<Problem> problems,
        List<String> unknownChecks,
        Optional<String> createdBy,
        Optional<Instant> createdAt,
        List<FixStep> fix,
        List<RemediationOutcome> outcomes,
        Optional<Resolution> resolution) {

    public Ticket {
        problems = List.copyOf(problems);
        unknownChecks = List.copyOf(unknownChecks);
        fix = List.copyOf(fix);
        outcomes = List.copyOf(outcomes);
    }

    public enum Status { OPEN, RESOLVED }

    /**
     * One failed check, with why a person should care.
     *
     * @param cis the CIS GKE Benchmark recommendation the check enforces, as "CIS GKE Benchmark 1.6.0 5.2.1";
     *            empty when the benchmark has none (or in a ticket written before the field existed)
     */
    public record Problem(String checkId, String title, Severity severity, Evidence evidence, String note,
            String whyItMatters, String cis) {

        public Problem {
            cis = cis == null ? "" : cis;
        }
    }

    /**
     * Why and when the ticket was closed.
     *
     * @param exemption whether a policy exemption (or the exempt label) closed it rather than a fix; a sink that
     *                  can mark it so does (Security Command Center: a source property its mute rule selects on)
     */
    public record Resolution(String reason, Instant at, boolean exemption) {

        public Resolution(String reason, Instant at) {
            this(reason, at, false);
        }
    }

    @JsonIgnore
    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** The same ticket with {@code outcome} added, or this one when an outcome with its key is there. */
    public Ticket withOutcome(RemediationOutcome outcome) {
        if (outcomeKeys().contains(OutcomeKey.of(outcome))) {
            return this;
        }
        List<RemediationOutcome> more = new ArrayList<>(outcomes);
        more.add(outcome);
        return new Ticket(fingerprint, resourceKey, status, title, severity, resource, summary, problems,
                unknownChecks, createdBy, createdAt, fix, more, resolution);
    }

    public Ticket resolved(Resolution why) {
        return new Ticket(fingerprint, resourceKey, Status.RESOLVED, title, severity, resource, summary, problems,
                unknownChecks, createdBy, createdAt, fix, outcomes, Optional.of(why));
    }

    public Ticket reopened() {
        return new Ticket(fingerprint, resourceKey, Status.OPEN, title, severity, resource, summary, problems,
                unknownChecks, createdBy, createdAt, fix, outcomes, Optional.empty());
    }

    public Set<String> outcomeKeys() {
        return outcomes.stream().map(OutcomeKey::of).collect(Collectors.toUnmodifiableSet());
    }
}
