package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static dev.metadataguard.ticket.Samples.MG002;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.ticket.OutcomeKey;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesk.Applied;
import dev.metadataguard.ticket.TicketDesk.Change;
import dev.metadataguard.ticket.TicketSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ticket lifecycle every sink that remembers tickets must keep, run against each of them: one ticket
 * per fingerprint whatever the redelivery, outcomes once, resolution and reopening.
 */
abstract class TicketLifecycleContract {

    /** Later than the tracker fakes' clock (when they close a ticket), so a violation at this time is new. */
    static final Instant LATER = Instant.parse("2026-11-28T13:00:00Z");
    static final Instant RESOLVED_AT = Instant.parse("2026-11-28T10:00:00Z");

    /** What the backend holds for one ticket. */
    record Held(String fingerprint, boolean open, Set<String> outcomeKeys) {
    }

    private TicketSink sink;
    private TicketDesk desk;

    /** A new sink on an empty backend. */
    protected abstract TicketSink newSink();

    /** Every ticket the backend holds now, oldest first. */
    protected abstract List<Held> held();

    /** The sink the desk of this test works with. */
    protected TicketSink sink() {
        if (sink == null) {
            sink = newSink();
        }
        return sink;
    }

    private TicketDesk desk() {
        if (desk == null) {
            desk = Samples.desk(sink());
        }
        return desk;
    }

    private Applied apply(TicketRequest request) {
        return desk().apply(request);
    }

    @Test
    void aSweepClosesAsDeletedTheTicketsOfPoolsTheClusterNoLongerHolds() {
        Decision gone = Samples.violation(MG001, MG002);
        String cluster = gone.resource().substring(0, gone.resource().indexOf("/nodePools/"));
        Decision kept = Samples.decision(cluster + "/nodePools/kept", Outcome.VIOLATION, Samples.CREATED, MG001);
        apply(Samples.evaluated(gone));
        apply(Samples.evaluated(kept));
        TicketRequest.Present present = new TicketRequest.Present(cluster, List.of(kept.resource()), LATER);

        assertEquals(Change.RESOLVED, apply(present).change());
        assertEquals(Change.UNCHANGED, apply(present).change(), "a second sweep changes nothing");

        assertEquals(List.of(new Held(gone.fingerprint(), false, Set.of()), new Held(kept.fingerprint(), true, Set.of())),
                held());
        assertEquals(Change.RESOLVED, apply(new TicketRequest.Present(cluster, List.of(), LATER)).change(),
                "a cluster gone closes the rest");
        assertEquals(List.of(false, false), held().stream().map(Held::open).toList());
    }

    @Test
    void aViolationOpensOneTicket() {
        Decision decision = Samples.violation(MG001, MG002);

        assertEquals(Change.OPENED, apply(Samples.evaluated(decision)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of())), held());
    }

    @Test
    void aHundredCopiesInARowLeaveOneTicket() {
        TicketRequest request = Samples.evaluated(Samples.violation(MG001, MG002));

        List<Change> changes = IntStream.range(0, 100).mapToObj(i -> apply(request).change()).toList();

        assertEquals(Change.OPENED, changes.get(0));
        assertEquals(Collections.nCopies(99, Change.UNCHANGED), changes.subList(1, 100));
        assertEquals(1, held().size());
    }

    @Test
    void eightCopiesAtOnceLeaveOneTicket() throws Exception {
        TicketRequest request = Samples.evaluated(Samples.violation(MG001, MG002));
        TicketDesk shared = desk();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Change>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return shared.apply(request).change();
                }));
            }
            start.countDown();
            List<Change> changes = new ArrayList<>();
            for (Future<Change> result : results) {
                changes.add(result.get());
            }
            assertEquals(1, Collections.frequency(changes, Change.OPENED));
            assertEquals(7, Collections.frequency(changes, Change.UNCHANGED));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, held().size());
    }

    @Test
    void anOutcomeIsAddedToTheExistingTicketOnce() {
        Decision decision = Samples.violation(MG001, MG002);
        apply(Samples.evaluated(decision));
        RemediationOutcome outcome = Samples.replacementCreated();
        RemediationOutcome reworded = new RemediationOutcome(outcome.kind(), outcome.replacement(),
                outcome.operation(), "Created it (second delivery, other words).", outcome.fix());

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(decision, outcome)).change());
        assertEquals(Change.UNCHANGED, apply(Samples.remediated(decision, outcome)).change());
        assertEquals(Change.UNCHANGED, apply(Samples.remediated(decision, reworded)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of(OutcomeKey.of(outcome)))), held());
    }

    @Test
    void eachNewReasonAReplacementWaitsForIsRecordedOnceSoTheLastOneShows() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));
        RemediationOutcome busy = new RemediationOutcome(RemediationOutcome.Kind.REPLACEMENT_WAITING,
                decision.resource() + "-mg-0123abcd", "", "Not replaced yet: cluster is RECONCILING.", "");
        RemediationOutcome down = new RemediationOutcome(busy.kind(), busy.replacement(), "",
                "Not replaced yet: GKE is UNAVAILABLE.", "");

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(decision, busy)).change());
        assertEquals(Change.UNCHANGED, apply(Samples.remediated(decision, busy)).change(), "a redelivery, the same wait");
        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(decision, down)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of(OutcomeKey.of(busy), OutcomeKey.of(down)))),
                held());
    }

    @Test
    void anOutcomeBeforeItsViolationOpensTheTicketWithIt() {
        Decision decision = Samples.violation(MG001);
        RemediationOutcome outcome = Samples.replacementCreated();

        assertEquals(Change.OPENED, apply(Samples.remediated(decision, outcome)).change());
        assertEquals(Change.UNCHANGED, apply(Samples.evaluated(decision)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of(OutcomeKey.of(outcome)))), held());
    }

    @Test
    void aCompliantReevaluationResolvesTheOpenTicket() {
        Decision decision = Samples.violation(MG001, MG002);
        apply(Samples.evaluated(decision));

        Applied applied = apply(Samples.compliantAt(RESOLVED_AT));

        assertEquals(Change.RESOLVED, applied.change());
        assertEquals(List.of(new Held(decision.fingerprint(), false, Set.of())), held());
    }

    @Test
    void aCompliantResourceWithoutTicketOpensNothing() {
        assertEquals(Change.UNCHANGED, apply(Samples.compliantAt(RESOLVED_AT)).change());

        assertEquals(List.of(), held());
    }

    @Test
    void anExemptResourceHasItsTicketResolved() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));

        assertEquals(Change.RESOLVED,
                apply(Samples.evaluated(Samples.decision(Samples.POOL, Outcome.EXEMPT, RESOLVED_AT))).change());
        assertEquals(List.of(new Held(decision.fingerprint(), false, Set.of())), held());
    }

    @Test
    void anUnsettledEvaluationWithoutFindingsChangesNothing() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));

        assertEquals(Change.UNCHANGED,
                apply(Samples.evaluated(Samples.decision(Samples.POOL, Outcome.UNKNOWN, LATER))).change());
        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of())), held());
    }

    @Test
    void theViolationComingBackAfterTheResolutionReopensTheSameTicket() {
        apply(Samples.evaluated(Samples.violation(MG001)));
        apply(Samples.compliantAt(RESOLVED_AT));
        Decision again = Samples.decision(Samples.POOL, Outcome.VIOLATION, LATER, MG001);

        assertEquals(Change.REOPENED, apply(Samples.evaluated(again)).change());
        assertEquals(List.of(new Held(again.fingerprint(), true, Set.of())), held());
    }

    @Test
    void aLateCopyOfTheResolvedViolationLeavesItResolved() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));
        apply(Samples.compliantAt(RESOLVED_AT));

        assertEquals(Change.UNCHANGED, apply(Samples.evaluated(decision)).change());
        assertEquals(List.of(new Held(decision.fingerprint(), false, Set.of())), held());
    }

    @Test
    void aNewFindingSetReplacesTheOldTicketOfTheResource() {
        Decision before = Samples.violation(MG001, MG002);
        Decision after = Samples.decision(Samples.POOL, Outcome.VIOLATION, LATER, MG001);
        apply(Samples.evaluated(before));

        Applied applied = apply(Samples.evaluated(after));

        assertEquals(Change.OPENED, applied.change());
        assertEquals(2, applied.tickets().size());
        assertEquals(Set.of(new Held(before.fingerprint(), false, Set.of()), new Held(after.fingerprint(), true, Set.of())),
                Set.copyOf(held()));
    }

    @Test
    void aDeletedResourceClosesItsTicket() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));
        RemediationOutcome deleted = new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, null, null,
                "The node pool no longer exists.", "");

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(decision, deleted)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), false, Set.of(OutcomeKey.of(deleted)))), held());
    }

    /** Two pools of one cluster with open tickets, as a Delete entry finds them: the first and the other. */
    private List<Decision> twoPoolsWithTickets() {
        Decision first = Samples.decision(Samples.violation().resource(), Outcome.VIOLATION, Samples.CREATED, MG001, MG002);
        Decision other = Samples.decision(clusterOf(first) + "/nodePools/other", Outcome.VIOLATION, Samples.CREATED, MG001);
        apply(Samples.evaluated(first));
        apply(Samples.evaluated(other));
        return List.of(first, other);
    }

    private static String clusterOf(Decision pool) {
        return pool.resource().substring(0, pool.resource().indexOf("/nodePools/"));
    }

    private static RemediationOutcome deletedByEntry() {
        return new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, "", "op-9",
                "It no longer exists: GKE answered NOT_FOUND.", "");
    }

    @Test
    void aDeletedPoolClosesEveryTicketAboutItAndNoOtherPools() {
        List<Decision> pools = twoPoolsWithTickets();
        Decision entry = Samples.decision(pools.get(0).resource(), Outcome.UNKNOWN, LATER);

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(entry, deletedByEntry())).change());
        assertEquals(Change.UNCHANGED, apply(Samples.remediated(entry, deletedByEntry())).change(), "a copy changes nothing");

        assertEquals(List.of(new Held(pools.get(0).fingerprint(), false, Set.of(OutcomeKey.of(deletedByEntry()))),
                new Held(pools.get(1).fingerprint(), true, Set.of())), held());
    }

    @Test
    void aDeletedClusterClosesTheTicketsOfAllItsPools() {
        Decision entry = Samples.decision(clusterOf(twoPoolsWithTickets().get(0)), Outcome.UNKNOWN, LATER);

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(entry, deletedByEntry())).change());

        assertEquals(List.of(false, false), held().stream().map(Held::open).toList());
    }

    @Test
    void aDeletionRecordedButNotYetClosedIsClosedOnRedelivery() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));
        RemediationOutcome deleted = new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, null, null,
                "The node pool no longer exists.", "");
        TicketRecord record = sink().find(decision.fingerprint()).get(0);
        Ticket ticket = Samples.composer().violation(decision, Optional.empty());
        sink().addOutcome(record, record.stored().orElse(ticket).withOutcome(deleted), deleted);

        assertEquals(Change.RESOLVED, apply(Samples.remediated(decision, deleted)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), false, Set.of(OutcomeKey.of(deleted)))), held());
    }

    @Test
    void aStaleRequestOrAGonePoolOpensNoTicketOfItsOwn() {
        Decision claimed = Samples.violation(MG001);
        RemediationOutcome stale = new RemediationOutcome(RemediationOutcome.Kind.REQUEST_STALE, "", "",
                "Nothing was changed: the request no longer holds.", "");
        RemediationOutcome deleted = new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, "", "",
                "The node pool no longer exists.", "");

        assertEquals(Change.UNCHANGED, apply(Samples.remediated(claimed, stale)).change());
        assertEquals(Change.UNCHANGED, apply(Samples.remediated(claimed, deleted)).change());

        assertEquals(List.of(), held());
    }

    @Test
    void aStaleRequestIsRecordedOnTheTicketThatExists() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));
        RemediationOutcome stale = new RemediationOutcome(RemediationOutcome.Kind.REQUEST_STALE, "", "",
                "Nothing was changed: the request no longer holds.", "");

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.remediated(decision, stale)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of(OutcomeKey.of(stale)))), held());
    }

    @Test
    void aCompliantPoolLabelledAsTheReplacementResolvesNothing() {
        Decision decision = Samples.violation(MG001);
        apply(Samples.evaluated(decision));

        assertEquals(Change.UNCHANGED, apply(Samples.replacementCompliant("operation-of-a-stranger")).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of())), held());
    }

    @Test
    void theGuardsOwnReplacementKnownByItsOperationIsRecordedAsReadyAndTheTicketStaysOpen() {
        Decision decision = Samples.violation(MG001);
        RemediationOutcome created = Samples.replacementCreated();
        apply(Samples.remediated(decision, created));

        assertEquals(Change.OUTCOME_ADDED, apply(Samples.replacementCompliant(created.operation())).change());
        assertEquals(Change.UNCHANGED, apply(Samples.replacementCompliant(created.operation())).change());

        RemediationOutcome ready = new RemediationOutcome(RemediationOutcome.Kind.REPLACEMENT_COMPLIANT,
                created.replacement(), created.operation(), "", "");
        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of(OutcomeKey.of(created), OutcomeKey.of(ready)))),
                held());
    }

    @Test
    void anExemptionByLabelIsALowTicketThatSupersedesTheViolationTicket() {
        Decision violation = Samples.violation(MG001, MG002);
        apply(Samples.evaluated(violation));
        Decision exempt = new Decision(violation.fingerprint(), violation.resource(), Outcome.EXEMPT,
                violation.findings(), List.of(), dev.metadataguard.decision.Action.TICKET,
                "label metadata-guard-exempt=vendor-agent", "enforce", violation.method(), "operation-2",
                "mallory@example.com", LATER, null);

        Applied applied = apply(Samples.evaluated(exempt));

        assertEquals(Change.OPENED, applied.change());
        Ticket reported = Samples.composer().exemptedByLabel(exempt);
        assertEquals(dev.metadataguard.policy.Severity.LOW, reported.severity());
        assertEquals(Set.of(new Held(violation.fingerprint(), false, Set.of()), new Held(reported.fingerprint(), true,
                Set.of())), Set.copyOf(held()));
        assertEquals(Change.UNCHANGED, apply(Samples.evaluated(exempt)).change());
    }

    @Test
    void aGuardProblemIsOneTicketOfItsOwn() {
        TicketRequest.GuardProblem problem = Samples.guardProblem();
        String key = Samples.composer().guardProblem(problem).fingerprint();
        Decision decision = Samples.violation(MG001);

        assertEquals(Change.OPENED, apply(problem).change());
        assertEquals(Change.UNCHANGED, apply(problem).change());
        apply(Samples.evaluated(decision));

        assertEquals(Set.of(new Held(key, true, Set.of()), new Held(decision.fingerprint(), true, Set.of())),
                Set.copyOf(held()));
    }
}
