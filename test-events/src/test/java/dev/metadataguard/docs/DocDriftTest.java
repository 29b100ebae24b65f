package dev.metadataguard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checker against this repository, on small documents: what it accepts, and what it catches. */
class DocDriftTest {

    /** Made up here, so that this source does not name it. */
    private static final String UNREAD = "MG" + "_NOT_READ";
    private static DocDrift drift;

    @BeforeAll
    static void readTheRepository() {
        drift = DocDrift.of(DocsTest.ROOT);
    }

    private static List<String> problems(String document, String markdown) {
        return drift.check(document, markdown).stream().map(DocDrift.Problem::toString).toList();
    }

    @Test
    void namesTheRepositoryHoldsPass() {
        assertEquals(List.of(), problems("docs/x.md", """
                The `TicketDesk` keeps one ticket per `Fingerprint`; `policy.Check` and `decision.TicketRequest.Swept`
                are the guard's, `Checks.ALL` lists the checks, `NodeConfig` is GKE's, `UpdateNodePool` and
                `SetMaintenancePolicy` its methods, `ClusterManager.GetCluster` its call, `System` Java's.
                See `terraform/permissions.json`, `shared/core/.../policy/checks/`, `functions/NAME/target/deploy/`
                and `permissions.json`; run `test-events/replay --json --since a.json x/` or pass `--tickets-dir`.
                `MG_POLICY` holds the policy. `projects/P/locations/L`, `roles/editor`, `./tickets`, `NAME.json` and
                `locations/` are not paths here, while `test-events/malformed/` is one.

                ```sh
                test-events/replay --iam iam.json \\
                  --html report.html clusters.json   # --not-a-flag in a comment
                gcloud logging read --freshness=30d
                ```
                """));
    }

    @Test
    void aRenamedClassIsCaught() {
        assertEquals(List.of("docs/x.md:1: no Java type TicketDeskRenamed in the repository (nor an API method"
                        + " TicketDeskRenamed with a TicketDeskRenamedRequest)",
                "docs/x.md:2: no class ticket.TicketDeskRenamed (no dev/metadataguard/ticket/TicketDeskRenamed.java in"
                        + " any module)",
                "docs/x.md:3: policy.checks.Checks has no NONE (shared/core/src/main/java/dev/metadataguard/policy/checks/Checks.java)"),
                problems("docs/x.md", """
                        The `TicketDeskRenamed` keeps one ticket per resource,
                        as `ticket.TicketDeskRenamed` says,
                        and `policy.checks.Checks.NONE` lists none.
                        """));
    }

    @Test
    void aMissingFileFlagOrVariableIsCaught() {
        assertEquals(List.of("terraform/README.md:1: no prevent/gone.tf in the repository (read from terraform/)",
                "terraform/README.md:1: no file named gone.yaml in the repository",
                "terraform/README.md:2: the replay has no flag --jsn"
                        + " (test-events/src/main/java/dev/metadataguard/replay/ReplayOptions.java)",
                "terraform/README.md:2: no Java or Terraform source names " + UNREAD,
                "terraform/README.md:5: the replay has no flag --colour"
                        + " (test-events/src/main/java/dev/metadataguard/replay/ReplayOptions.java)"),
                problems("terraform/README.md", """
                        Both `prevent/gone.tf` and `gone.yaml` are gone, while `prevent/constraints.tf` is there.
                        Pass `--jsn`, or set `%s`, which no source reads.

                        ```sh
                        test-events/replay --colour test-events/
                        ```
                        """.formatted(UNREAD)));
    }

    @Test
    void aLongSentenceIsCaughtButCodeBlocksAndTablesAreNot() {
        String sixtyOne = "Word " + "word ".repeat(59) + "`code`.";
        List<String> found = problems("docs/x.md", "Short. " + sixtyOne + " Short again.\n\n```\n" + sixtyOne
                + "\n```\n\n| a |\n| --- |\n| " + sixtyOne + " |\n");
        assertEquals(1, found.size(), found::toString);
        assertEquals("docs/x.md:1: a sentence of 61 words (at most 60): \"Word " + "word ".repeat(23) + "…\"",
                found.get(0));
        assertEquals(List.of(), problems("docs/x.md", "word ".repeat(59) + "`code`. Word " + "word ".repeat(58) + "end."));
    }

    @Test
    void sentencesEndBeforeWhatCanStartOneAndNotAfterAnAbbreviation() {
        assertEquals(List.of("One (e.g. this) ends here.", "Two, i.e. this, too!", "3 is a number."),
                DocDrift.sentences("One (e.g. this) ends here. Two, i.e. this, too! 3 is a number."));
        assertEquals(List.of("Version 1.6.0 and a.b stay in one."), DocDrift.sentences("Version 1.6.0 and a.b stay in one."));
    }
}
