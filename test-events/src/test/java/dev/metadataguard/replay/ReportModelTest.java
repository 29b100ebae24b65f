package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the report counts, from the rows alone: states, the headline, changes between runs, shared accounts. */
class ReportModelTest {

    private static final String CLUSTER = "projects/p/locations/europe-west1/clusters/c";
    private static final String A = CLUSTER + "/nodePools/a";
    private static final String B = CLUSTER + "/nodePools/b";
    private static final String C = "projects/q/locations/us-central1/clusters/d/nodePools/c";
    private static final String D = CLUSTER + "/nodePools/d";

    private static Row row(String source, String resource, String outcome, String... findings) {
        return new Row(source, "m", resource, outcome, List.of(findings), "none", "r");
    }

    @Test
    void aPoolsStateIsItsLastJudgementAndADeletedPoolHasNone() {
        PoolStates states = PoolStates.of(List.of(
                row("1", A, "violation", "MG001"), row("2", B, "violation", "MG004"), row("3", A, "compliant"),
                row("4", B, "deleted"), row("5", "", "ignored"), row("6", "projects/p", "error")));

        assertEquals(List.of(A), states.pools().stream().map(Row::resource).toList());
        assertEquals("compliant", states.state(A).orElseThrow().outcome());
        assertTrue(states.judged(B), "seen deleted");
        assertFalse(states.judged(D));
        assertTrue(states.openFindings().isEmpty());
        assertEquals(1, states.ignored());
        assertEquals(List.of("6"), states.errors().stream().map(Row::source).toList());
    }

    @Test
    void aClustersDeletionTakesItsPoolsButNotThoseItsOwnEntryJudgedBeforeIt() {
        PoolStates deletedLater = PoolStates.of(List.of(row("create", A, "violation", "MG001"),
                row("delete-cluster", CLUSTER, "deleted")));
        assertTrue(deletedLater.pools().isEmpty());
        assertTrue(deletedLater.judged(A));

        // The estate audit: the pools the cluster has, then the note on the tickets of those it no longer has.
        PoolStates audited = PoolStates.of(List.of(row("listing", A, "violation", "MG001"),
                row("listing", CLUSTER, "deleted")));
        assertEquals(List.of(A), audited.pools().stream().map(Row::resource).toList());
    }

    @Test
    void theHeadlineCountsExposedPoolsTheirClustersAndProjectsAndHighFindings() {
        PoolStates states = PoolStates.of(List.of(row("1", A, "violation", "MG001", "MG004"),
                row("1", CLUSTER, "violation", "MG002"), row("1", B, "exempt", "MG001"), row("2", C, "violation", "MG004"),
                row("2", D, "unknown")));

        assertEquals(new Headline(3, 2, 2, 2), Headline.of(states));
    }

    @Test
    void eachFindingIsNewStillOpenResolvedOrNotCheckedAgain() {
        PoolStates before = PoolStates.of(List.of(row("1", A, "violation", "MG001", "MG002"),
                row("1", B, "violation", "MG004"), row("1", D, "violation", "MG003")));
        PoolStates now = PoolStates.of(List.of(row("1", A, "violation", "MG001"), row("1", B, "compliant"),
                row("1", C, "violation", "MG005")));

        Changes changes = Changes.between("before.json", before, now);

        assertEquals(List.of(new FindingId(C, "MG005")), List.copyOf(changes.fresh()));
        assertEquals(List.of(new FindingId(A, "MG001")), List.copyOf(changes.stillOpen()));
        assertEquals(List.of(new FindingId(A, "MG002"), new FindingId(B, "MG004")), List.copyOf(changes.resolved()));
        assertEquals(List.of(new FindingId(D, "MG003")), List.copyOf(changes.notRechecked()));
        assertEquals(List.of(new FindingId(B, "MG004")), changes.resolvedOn(B));
    }

    @Test
    void aSharedAccountIsFlaggedWhenOverPrivilegedOrTheComputeDefault() {
        NodeAccount compute = new NodeAccount("Compute Engine default of p", true);
        NodeAccount roomy = new NodeAccount("roomy@p.iam.gserviceaccount.com", false);
        NodeAccount lean = new NodeAccount("lean@p.iam.gserviceaccount.com", false);
        String e = CLUSTER + "/nodePools/e";
        String f = CLUSTER + "/nodePools/f";
        PoolStates states = PoolStates.of(List.of(row("1", A, "violation", "MG002"), row("1", B, "violation", "MG002"),
                row("1", C, "violation", "MG003"), row("1", D, "compliant"), row("1", e, "compliant"),
                row("1", f, "exempt", "MG003")));
        Map<String, NodeAccount> accounts = Map.of(A, compute, B, compute, C, roomy, D, lean, e, lean, f,
                new NodeAccount("alone@p.iam.gserviceaccount.com", false));

        List<SharedAccounts.Use> uses = SharedAccounts.of(states, accounts);

        assertEquals(List.of("Compute Engine default of p 2 flagged", "lean@p.iam.gserviceaccount.com 2 shared",
                "alone@p.iam.gserviceaccount.com 1 over-privileged", "roomy@p.iam.gserviceaccount.com 1 over-privileged"),
                uses.stream().map(u -> u.account().name() + " " + u.pools().size() + " "
                        + (u.flagged() ? "flagged" : u.shared() ? "shared" : u.overPrivileged() ? "over-privileged" : ""))
                        .toList());
        assertEquals(List.of("p", "q"), List.copyOf(SharedAccounts.of(states, Map.of(A, roomy, C, roomy)).get(0).projects()));
    }

    @Test
    void anExemptionSaysWhatExemptsItAndWhyWithoutTheTicketNote() {
        ExemptionNote label = ExemptionNote.of(new Row("1", "m", A, "exempt", List.of("MG001"), "ticket",
                "label metadata-guard-exempt=until-2027-01-31; ticket opened mg-f5d79e57a5bc0a95.md"));
        ExemptionNote policy = ExemptionNote.of(new Row("1", "m", B, "exempt", List.of(), "none",
                "policy exemption: vendor appliance; risk accepted until 2027-03"));

        assertEquals(new ExemptionNote(A, "label metadata-guard-exempt", "until-2027-01-31", List.of("MG001"),
                Optional.empty(), Optional.empty()), label);
        assertEquals("policy", policy.by());
        assertEquals("vendor appliance; risk accepted until 2027-03", policy.reason());
    }
}
