package dev.metadataguard.ticket;

import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.decision.TicketRequest.Evaluated;
import dev.metadataguard.decision.TicketRequest.GuardFailure;
import dev.metadataguard.decision.TicketRequest.GuardProblem;
import dev.metadataguard.decision.TicketRequest.Present;
import dev.metadataguard.decision.TicketRequest.Remediated;
import dev.metadataguard.decision.TicketRequest.Swept;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.ticket.Ticket.Resolution;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one ticket per fingerprint (resource + finding ids), whatever arrives and however often:
 * a violation opens it (or reopens it when the violation comes back after it was resolved), an
 * outcome is added to it once, a compliant or exempt evaluation resolves every open ticket of the
 * resource, and a guard problem is a ticket of its own. Applying the same request twice changes nothing.
 *
 * <p>Requests about the same resource are applied one at a time within this process. Two processes
 * handling copies at the same moment can both open a ticket; the next request about it keeps the oldest
 * and resolves the other as its duplicate.
 */
public final class TicketDesk {

    private static final StructuredLog LOG = StructuredLog.of("ticket-desk");
    private static final int LOCK_STRIPES = 64;

    private final TicketSink sink;
    private final TicketComposer composer;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public TicketDesk(TicketSink sink, TicketComposer composer, Clock clock) {
        this.sink = sink;
        this.composer = composer;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The sink this desk keeps tickets in. */
    public String sinkName() {
        return sink.name();
    }

    /** What one request did to the tickets. */
    public enum Change { OPENED, OUTCOME_ADDED, RESOLVED, REOPENED, UNCHANGED }

    /**
     * @param fingerprint the ticket the request is about
     * @param tickets     the sink's ids of the tickets it changed
     * @param readAgain   clusters with open tickets that a sweep did not find, for the inspector to read again
     */
    public record Applied(String sink, String fingerprint, Change change, List<String> tickets, List<String> readAgain) {
        public Applied {
            tickets = List.copyOf(tickets);
            readAgain = List.copyOf(readAgain);
        }

        public Applied(String sink, String fingerprint, Change change, List<String> tickets) {
            this(sink, fingerprint, change, tickets, List.of());
        }
    }

    /** @throws dev.metadataguard.api.ApiFailure when the sink fails; TRANSIENT ones are worth a retry */
    public Applied apply(TicketRequest message) {
        TicketRequest request = MessageTimes.clamped(message, clock.instant());
        Optional<Ticket> problemTicket = request instanceof GuardProblem problem
                ? Optional.of(composer.guardProblem(problem))
                : request instanceof GuardFailure failure ? Optional.of(composer.guardFailure(failure))
                : Optional.empty();
        String lockKey = problemTicket.map(Ticket::resourceKey).orElse(TicketComposer.resourceKey(request.resource()));
        ReentrantLock lock = locks[Math.floorMod(lockKey.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            Applied applied;
            if (request instanceof Evaluated evaluated) {
                applied = evaluated(evaluated.decision());
            } else if (request instanceof Remediated remediated) {
                applied = remediated(remediated.decision(), remediated.outcome());
            } else if (request instanceof Present present) {
                applied = present(present);
            } else if (request instanceof Swept swept) {
                applied = swept(swept);
            } else {
                applied = guardProblem(problemTicket.orElseThrow());
            }
            LOG.info("ticket change", "change", applied.change().name(), "fingerprint", applied.fingerprint(),
                    "sink", sink.name(), "tickets", applied.tickets());
            return applied;
        } finally {
            lock.unlock();
        }
    }

    private Applied evaluated(Decision decision) {
        if (decision.outcome() == Outcome.COMPLIANT && decision.replaces() != null) {
            return replacementReady(decision);
        }
        if (decision.outcome() == Outcome.COMPLIANT) {
            return resolveResource(decision, "re-evaluated compliant", false);
        }
        if (decision.outcome() == Outcome.EXEMPT && decision.action() == Action.TICKET) {
            return open(composer.exemptedByLabel(decision), decision);
        }
        if (decision.outcome() == Outcome.EXEMPT) {
            String why = blank(decision.reason()) ? "" : ": " + decision.reason();
            return resolveResource(decision, "exempt by policy" + why, true);
        }
        if (decision.findings().isEmpty()) {
            // UNKNOWN with nothing failed: no ticket to open, and no reason to close one.
            return new Applied(sink.name(), decision.fingerprint(), Change.UNCHANGED, List.of());
        }
        return open(composer.violation(decision, Optional.empty()), decision);
    }

    private Applied open(Ticket fresh, Decision decision) {
        Optional<TicketRecord> found = findOne(fresh);
        if (found.isEmpty()) {
            TicketRecord created = sink.create(fresh);
            List<String> changed = new ArrayList<>(List.of(created.id()));
            changed.addAll(supersede(fresh));
            return new Applied(sink.name(), fresh.fingerprint(), Change.OPENED, changed);
        }
        TicketRecord existing = found.get();
        Optional<Instant> seen = Optional.ofNullable(decision.eventTime());
        boolean cameBack = !existing.open() && seen.isPresent() && existing.resolvedAt().isPresent()
                && seen.get().isAfter(existing.resolvedAt().get());
        if (!cameBack) {
            // Open already, or a late copy of what led to the resolution.
            return new Applied(sink.name(), fresh.fingerprint(), Change.UNCHANGED, List.of());
        }
        sink.reopen(existing, existing.stored().orElse(fresh).reopened(), seen.get());
        List<String> changed = new ArrayList<>(List.of(existing.id()));
        changed.addAll(supersede(fresh));
        return new Applied(sink.name(), fresh.fingerprint(), Change.REOPENED, changed);
    }

    /**
     * The ticket of {@code fresh}'s fingerprint, if there is one. Should there be more (a create the tracker
     * carried out although it answered 5xx and was retried, or two instances at once), the oldest is kept
     * and the others are resolved as its duplicates.
     */
    private Optional<TicketRecord> findOne(Ticket fresh) {
        List<TicketRecord> same = sink.find(fresh.fingerprint());
        if (same.isEmpty()) {
            return Optional.empty();
        }
        TicketRecord oldest = same.get(0);
        Resolution duplicate = new Resolution("duplicate of " + oldest.id(), clock.instant());
        for (TicketRecord other : same.subList(1, same.size())) {
            if (other.open()) {
                sink.resolve(other, other.stored().orElse(fresh).resolved(duplicate), duplicate);
            }
        }
        return Optional.of(oldest);
    }

    /** One resource, one open ticket: a new finding set replaces the tickets of the old one. */
    private List<String> supersede(Ticket current) {
        Resolution superseded = new Resolution("superseded by " + current.fingerprint() + ", the resource's"
                + " current findings (" + String.join(", ", checkIds(current)) + ")", clock.instant());
        List<String> closed = new ArrayList<>();
        for (TicketRecord other : sink.findAbout(current)) {
            if (other.open() && !other.fingerprint().equals(current.fingerprint())) {
                sink.resolve(other, other.stored().orElse(current).resolved(superseded), superseded);
                closed.add(other.id());
            }
        }
        return closed;
    }

    private Applied remediated(Decision decision, RemediationOutcome outcome) {
        // A Delete entry's decision has no findings: it names the resource, not one of its tickets.
        if (outcome.kind() == RemediationOutcome.Kind.RESOURCE_DELETED && (sink.remembers() || decision.findings().isEmpty())) {
            return deleted(decision, outcome);
        }
        Ticket withOutcome = composer.violation(decision, Optional.of(outcome));
        Optional<TicketRecord> found = findOne(withOutcome);
        if (found.isEmpty() && outcome.kind().onlyAnnotates() && sink.remembers()) {
            return new Applied(sink.name(), withOutcome.fingerprint(), Change.UNCHANGED, List.of());
        }
        boolean recorded = found.map(r -> r.outcomeKeys().contains(OutcomeKey.of(outcome))).orElse(false);
        TicketRecord record;
        if (found.isEmpty()) {
            record = sink.create(withOutcome);
        } else {
            record = found.get();
            if (!recorded) {
                sink.addOutcome(record, record.stored().orElse(withOutcome).withOutcome(outcome), outcome);
            }
        }
        // Checked apart from "recorded", so a redelivery finishes what a failure between the two calls left.
        boolean closes = outcome.kind() == RemediationOutcome.Kind.RESOURCE_DELETED && record.open();
        if (closes) {
            Resolution gone = new Resolution("the resource was deleted", at(decision));
            sink.resolve(record, record.stored().orElse(withOutcome).withOutcome(outcome).resolved(gone), gone);
        }
        Change change = found.isEmpty() ? Change.OPENED
                : !recorded ? Change.OUTCOME_ADDED
                : closes ? Change.RESOLVED
                : Change.UNCHANGED;
        List<String> changed = change == Change.UNCHANGED ? List.of() : List.of(record.id());
        return new Applied(sink.name(), withOutcome.fingerprint(), change, changed);
    }

    /**
     * The resource is gone: every ticket about it, or for a cluster about anything in it, records the outcome
     * once and is resolved. Nothing is opened: a deletion alone is no evidence that anything was wrong.
     */
    private Applied deleted(Decision decision, RemediationOutcome outcome) {
        Resolution gone = new Resolution("the resource was deleted", at(decision));
        Ticket fallback = composer.deleted(decision.resource(), gone);
        if (!sink.remembers()) {
            return resolveWhole(fallback.withOutcome(outcome), gone);
        }
        boolean cluster = ResourceRef.parse(decision.resource()).filter(r -> !r.isNodePool()).isPresent();
        List<TicketRecord> about = cluster ? sink.findInCluster(decision.resource()) : sink.findAbout(fallback);
        String key = OutcomeKey.of(outcome);
        boolean added = false;
        List<String> changed = new ArrayList<>();
        for (TicketRecord record : about) {
            boolean recorded = record.outcomeKeys().contains(key);
            // Checked apart from "recorded", so a redelivery finishes what a failure between the two calls left.
            if (!record.open() && recorded) {
                continue;
            }
            Ticket stored = record.stored().orElse(fallback).withOutcome(outcome);
            if (!recorded) {
                sink.addOutcome(record, stored, outcome);
                added = true;
            }
            if (record.open()) {
                sink.resolve(record, stored.resolved(gone), gone);
            }
            changed.add(record.id());
        }
        Change change = changed.isEmpty() ? Change.UNCHANGED : added ? Change.OUTCOME_ADDED : Change.RESOLVED;
        return new Applied(sink.name(), decision.fingerprint(), change, changed);
    }

    /**
     * A compliant pool that says it replaces another. Only the guard's own replacement counts, recognised
     * by the operation that created it, which the replacer recorded on the original's ticket: the label is
     * a claim anyone can write. Even then the original's ticket stays open, since the original still runs
     * as it was; it is resolved when the original is compliant or gone.
     */
    private Applied replacementReady(Decision replacement) {
        Decision original = onOriginal(replacement);
        if (blank(replacement.operationId())) {
            return new Applied(sink.name(), original.fingerprint(), Change.UNCHANGED, List.of());
        }
        String created = OutcomeKey.of(new RemediationOutcome(RemediationOutcome.Kind.REPLACEMENT_CREATED,
                replacement.resource(), replacement.operationId(), "", ""));
        RemediationOutcome ready = new RemediationOutcome(RemediationOutcome.Kind.REPLACEMENT_COMPLIANT,
                replacement.resource(), replacement.operationId(), "Replacement ready: " + replacement.resource()
                + " evaluated compliant on the audit entry of its creation (operation " + replacement.operationId()
                + ", the one recorded here).", "Move the workloads to it, then delete the original (the steps are in"
                + " the replacement's outcome); this ticket is resolved once the original is gone or compliant.");
        Ticket fallback = composer.violation(original, Optional.of(ready));
        for (TicketRecord open : sink.findAbout(fallback)) {
            if (open.open() && open.outcomeKeys().contains(created)) {
                if (open.outcomeKeys().contains(OutcomeKey.of(ready))) {
                    return new Applied(sink.name(), open.fingerprint(), Change.UNCHANGED, List.of());
                }
                sink.addOutcome(open, open.stored().orElse(fallback).withOutcome(ready), ready);
                return new Applied(sink.name(), open.fingerprint(), Change.OUTCOME_ADDED, List.of(open.id()));
            }
        }
        return new Applied(sink.name(), original.fingerprint(), Change.UNCHANGED, List.of());
    }

    /**
     * Closes, as deleted, every open ticket in the cluster about something it no longer holds. A sink that
     * keeps no tickets has nothing to look up; its consumers see each resource's own resolution.
     */
    private Applied present(Present present) {
        String key = TicketComposer.clusterKey(present.cluster()).orElseThrow();
        if (!sink.remembers()) {
            return new Applied(sink.name(), key, Change.UNCHANGED, List.of());
        }
        Set<String> held = new HashSet<>();
        for (String resource : present.resources()) {
            Ticket about = composer.deleted(resource, new Resolution("", present.readAt()));
            sink.findAbout(about).forEach(r -> held.add(r.id()));
        }
        Resolution gone = new Resolution(present.resources().isEmpty()
                ? "deleted: the cluster no longer exists (GKE answered NOT_FOUND)"
                : "deleted: no longer in the cluster when it was read", present.readAt());
        List<String> closed = new ArrayList<>();
        for (TicketRecord record : sink.findInCluster(present.cluster())) {
            if (record.open() && !held.contains(record.id())) {
                Ticket after = record.stored().map(t -> t.resolved(gone))
                        .orElseGet(() -> composer.deleted(present.cluster(), gone));
                sink.resolve(record, after, gone);
                closed.add(record.id());
            }
        }
        return new Applied(sink.name(), key, closed.isEmpty() ? Change.UNCHANGED : Change.RESOLVED, closed);
    }

    /**
     * Names the clusters with open tickets that a complete sweep did not find, and changes no ticket: the
     * listing may lag behind GKE (Cloud Asset Inventory indexes a new cluster after it is created) or miss a
     * project moved out of the scope. The inspector reads each named cluster again, and only GKE's NOT_FOUND
     * closes its tickets ({@link #present}). A sink that cannot list its open tickets names none.
     */
    private Applied swept(Swept swept) {
        Set<String> found = new HashSet<>();
        swept.clusters().forEach(c -> ResourceRef.parse(c).map(ResourceRef::clusterName).ifPresent(found::add));
        List<String> unseen = sink.openClusters().orElse(Set.of()).stream().filter(c -> !found.contains(c))
                .sorted().toList();
        return new Applied(sink.name(), swept.resource(), Change.UNCHANGED, List.of(), unseen);
    }

    private static Decision onOriginal(Decision replacement) {
        String original = replacement.replaces();
        return new Decision(Fingerprint.of(original, List.of()), original, replacement.outcome(), List.of(), List.of(),
                replacement.action(), replacement.reason(), replacement.mode(), replacement.method(),
                replacement.operationId(), replacement.principal(), replacement.eventTime(), null);
    }

    private Applied resolveResource(Decision decision, String reason, boolean exemption) {
        Resolution resolution = new Resolution(reason, at(decision), exemption);
        Ticket resolved = composer.compliant(decision, resolution);
        if (!sink.remembers()) {
            return resolveWhole(resolved, resolution);
        }
        List<String> closed = new ArrayList<>();
        for (TicketRecord open : sink.findAbout(resolved)) {
            if (open.open()) {
                sink.resolve(open, open.stored().map(t -> t.resolved(resolution)).orElse(resolved), resolution);
                closed.add(open.id());
            }
        }
        Change change = closed.isEmpty() ? Change.UNCHANGED : Change.RESOLVED;
        return new Applied(sink.name(), resolved.fingerprint(), change, closed);
    }

    /** Nothing to look up: sends the resolution for the resource, whose consumers close its tickets. */
    private Applied resolveWhole(Ticket resolved, Resolution resolution) {
        TicketRecord wholeResource = new TicketRecord(resolved.resourceKey(), resolved.fingerprint(), true,
                Optional.empty(), Set.of(), Optional.empty());
        sink.resolve(wholeResource, resolved, resolution);
        return new Applied(sink.name(), resolved.fingerprint(), Change.RESOLVED, List.of(wholeResource.id()));
    }

    private Applied guardProblem(Ticket fresh) {
        Optional<TicketRecord> found = findOne(fresh);
        if (found.isEmpty()) {
            return new Applied(sink.name(), fresh.fingerprint(), Change.OPENED, List.of(sink.create(fresh).id()));
        }
        TicketRecord existing = found.get();
        if (existing.open()) {
            return new Applied(sink.name(), fresh.fingerprint(), Change.UNCHANGED, List.of());
        }
        // Someone closed it as fixed, and the guard is refused again.
        sink.reopen(existing, existing.stored().orElse(fresh).reopened(), clock.instant());
        return new Applied(sink.name(), fresh.fingerprint(), Change.REOPENED, List.of(existing.id()));
    }

    private Instant at(Decision decision) {
        return Optional.ofNullable(decision.eventTime()).orElseGet(clock::instant);
    }

    private static List<String> checkIds(Ticket ticket) {
        return ticket.problems().stream().map(Ticket.Problem::checkId).toList();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
