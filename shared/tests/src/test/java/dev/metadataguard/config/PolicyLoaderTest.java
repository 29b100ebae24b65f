package dev.metadataguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.decision.Action;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static String refused(String yaml) {
        return assertThrows(PolicyException.class, () -> PolicyLoader.parse(yaml, "p.yaml")).getMessage();
    }

    @Test
    void emptyPolicyIsTheSafeDefault() {
        Policy p = PolicyLoader.parse("", "p.yaml");
        assertEquals(Mode.DRY_RUN, p.mode());
        assertEquals(Action.TICKET, p.defaultAction());
        assertEquals(List.of("GKE_METADATA", "SECURE"), p.acceptedMetadataModes());
        assertEquals(NodeRoles.ALLOWED_BY_DEFAULT, p.allowedNodeRoles());
        assertEquals(Replacement.DEFAULT, p.replacement());
    }

    @Test
    void shippedPoliciesLoad() {
        Policy example = PolicyLoader.load(TestEvents.root().resolve("policies/example.yaml"));
        assertEquals(2, example.remediation().size());
        assertFalse(example.checkMayReplace("MG003"), "the example caps MG003 at a ticket");
        assertEquals(Mode.ENFORCE, PolicyLoader.load(TestEvents.root().resolve("policies/enforce.yaml")).mode());
        assertEquals(Mode.DRY_RUN, PolicyLoader.load(TestEvents.root().resolve("policies/dry-run.yaml")).mode());
    }

    @Test
    void unknownKeyNamesLineAndTheKnownKeys() {
        String message = refused("mode: enforce\nacceptedModes: [GKE_METADATA]\n");
        assertTrue(message.startsWith("p.yaml:2: unknown key 'acceptedModes' at acceptedModes. Fix: use one of"
                + " acceptedMetadataModes, allowLabelExemptions, allowedNodeRoles,"), message);
    }

    @Test
    void unknownNestedKey() {
        assertTrue(refused("replacement:\n  retire: delete\n").startsWith("p.yaml:2: unknown key 'retire' at"
                + " replacement.retire"));
    }

    @Test
    void badModeSaysTheChoices() {
        assertEquals("p.yaml:1: bad value at mode: mode 'enforcing' is not one of dry-run, enforce. Fix: use one of the values named",
                refused("mode: enforcing\n"));
    }

    @Test
    void wrongTypeNamesThePath() {
        assertTrue(refused("exemptions: yes-please\n").startsWith("p.yaml:1: wrong type at exemptions ("));
    }

    @Test
    void brokenYaml() {
        String message = refused("mode: dry-run\nprojects: [a, b\nremediation: []\n");
        assertTrue(message.startsWith("p.yaml:3: not valid YAML ("), message);
    }

    @Test
    void replaceWithoutNodeServiceAccountIsImpossible() {
        assertEquals("p.yaml:1: a remediation rule says replace, but nodeServiceAccounts names no node service"
                + " account. Fix: add nodeServiceAccounts: {PROJECT: NAME@PROJECT.iam.gserviceaccount.com}",
                refused("remediation:\n  - match: {project: a}\n    action: replace\n"));
    }

    @Test
    void anExemptionMayNameItsOwnerAndItsLastDay() {
        Exemption e = PolicyLoader.parse("exemptions:\n  - match: {project: a}\n    reason: vendor\n"
                + "    owner: platform-team\n    expires: 2027-03-31\n", "p.yaml").exemptions().get(0);

        assertEquals("platform-team", e.owner());
        assertEquals(Optional.of(LocalDate.of(2027, 3, 31)), e.expiresOn());
        assertFalse(e.lapsedOn(LocalDate.of(2027, 3, 31)), "it exempts through its last day");
        assertTrue(e.lapsedOn(LocalDate.of(2027, 4, 1)));
        assertEquals("vendor (owner platform-team) (until 2027-03-31)", e.describe());
    }

    @Test
    void anExemptionsLastDayMustBeADate() {
        assertEquals("p.yaml:4: '2027-02-30' is not a date. Fix: write the last day it applies as YYYY-MM-DD, e.g."
                + " expires: \"2027-03-31\"", refused("exemptions:\n  - match: {project: a}\n    reason: vendor\n"
                + "    expires: \"2027-02-30\"\n"));
        assertEquals("p.yaml:3: 'next spring' is not a date. Fix: write the last day it applies as YYYY-MM-DD, e.g."
                + " expires: \"2027-03-31\"", refused("exemptions:\n  - match: {project: a}\n"
                + "    expires: next spring\n    reason: vendor\n"));
    }

    @Test
    void anExemptionsOwnerMustNameSomeone() {
        assertEquals("p.yaml:3: exemption 1 has an empty owner. Fix: name who answers for it, or leave owner out",
                refused("exemptions:\n  - match: {project: a}\n    owner: \" \"\n    reason: vendor\n"));
    }

    @Test
    void exemptionNeedsAReason() {
        assertEquals("p.yaml:3: exemption 2 has no reason. Fix: say why, e.g. reason: \"sandbox, owner: team-x\"",
                refused("exemptions:\n  - {match: {project: a}, reason: ok}\n  - match: {project: b}\n"));
    }

    @Test
    void ruleMustMatchSomething() {
        assertTrue(refused("remediation:\n  - action: ticket\n").startsWith("p.yaml:2: remediation rule 1 matches"
                + " nothing."));
    }

    @Test
    void defaultComputeAccountIsNotANodeServiceAccount() {
        assertTrue(refused("nodeServiceAccounts:\n  p1: 123-compute@developer.gserviceaccount.com\n")
                .startsWith("p.yaml:2: node service account '123-compute@developer.gserviceaccount.com' for project"
                        + " p1 is not a user-managed service account."));
    }

    @Test
    void metadataModesMustIncludeGkeMetadata() {
        assertTrue(refused("acceptedMetadataModes: [SECURE]\n").startsWith("p.yaml:1: acceptedMetadataModes must"
                + " include GKE_METADATA"));
        assertTrue(refused("acceptedMetadataModes: [GKE_METADATA, EXPOSE]\n").startsWith("p.yaml:1: 'EXPOSE' is"
                + " not a metadata protection"));
    }

    @Test
    void severalSinksAreReadInOrderAndOneSinkStillWorks() {
        assertEquals(List.of("github", "scc"), PolicyLoader.parse("tickets:\n  sinks: [github, scc]\n", "p.yaml")
                .tickets().chosen());
        assertEquals(List.of("jira"), PolicyLoader.parse("tickets:\n  sink: jira\n", "p.yaml").tickets().chosen());
        assertEquals(List.of("pubsub"), PolicyLoader.parse("", "p.yaml").tickets().chosen());
    }

    @Test
    void anUnknownSinkInTheListNamesItsLine() {
        assertEquals("p.yaml:4: there is no ticket sink 'sc'. Fix: use one of"
                + " directory, github, jira, pubsub, scc, webhook",
                refused("tickets:\n  sinks:\n    - github\n    - sc\n"));
    }

    @Test
    void aSinkListedTwiceIsRefused() {
        assertEquals("p.yaml:2: ticket sink 'scc' is listed twice. Fix: list each sink once",
                refused("tickets:\n  sinks: [scc, github, scc]\n"));
    }

    @Test
    void sinkAndSinksTogetherAreRefused() {
        String message = refused("tickets:\n  sink: github\n  sinks: [scc]\n");
        assertTrue(message.startsWith("p.yaml:2: tickets.sink and tickets.sinks are both given."), message);
    }

    @Test
    void anEmptySinkListIsRefusedRatherThanFallingBackToPubsub() {
        String message = refused("tickets:\n  sinks: []\n");
        assertTrue(message.startsWith("p.yaml:2: tickets.sinks lists no sink"), message);
    }

    @Test
    void environmentPrefersInlinePolicy() {
        Policy p = PolicyLoader.fromEnvironment(Map.of(PolicyLoader.ENV_INLINE, "mode: enforce\n",
                PolicyLoader.ENV_FILE, "/does/not/exist.yaml"));
        assertEquals(Mode.ENFORCE, p.mode());
        assertTrue(assertThrows(PolicyException.class, () -> PolicyLoader.fromEnvironment(
                Map.of(PolicyLoader.ENV_FILE, "/does/not/exist.yaml"))).getMessage()
                .startsWith("/does/not/exist.yaml: cannot read the policy file"));
    }

    @Test
    void remediationScopeRulesFirstMatchWins() {
        Policy p = PolicyLoader.parse("""
                defaultAction: ticket
                remediation:
                  - match: {folder: "42"}
                    action: replace
                  - match: {label: "env=prod"}
                    action: ticket
                  - match: {project: "sandbox-*", nodePool: "batch-?"}
                    action: replace
                nodeServiceAccounts: {sandbox-1: gke-nodes@sandbox-1.iam.gserviceaccount.com}
                projectFolders: {team-a: ["42"]}
                """, "p.yaml");
        assertEquals(Action.REPLACE, p.remediationFor(target(p, "team-a", Map.of(), "np")));
        assertEquals(Action.TICKET, p.remediationFor(target(p, "sandbox-1", Map.of("env", "prod"), "batch-1")));
        assertEquals(Action.REPLACE, p.remediationFor(target(p, "sandbox-1", Map.of(), "batch-1")));
        assertEquals(Action.TICKET, p.remediationFor(target(p, "sandbox-1", Map.of(), "batch-10")));
        assertEquals(Action.TICKET, p.remediationFor(target(p, "other", Map.of(), "batch-1")));
    }

    @Test
    void projectScope() {
        Policy p = PolicyLoader.parse("projects: [\"acme-*\"]\n", "p.yaml");
        assertTrue(p.inScope("acme-prod"));
        assertEquals(false, p.inScope("other-prod"));
        assertTrue(Policy.defaults().inScope("anything"));
    }

    private static Match.Target target(Policy p, String project, Map<String, String> labels, String pool) {
        return new Match.Target(project, p.foldersOf(project), labels, "c1", Optional.of(pool));
    }

    @Test
    void aRunawayValueIsCutInTheMessage() {
        String value = "x".repeat(100_000);
        assertEquals("p.yaml:1: bad value at mode: mode '" + "x".repeat(80) + "...(100000 chars)' is not one of"
                + " dry-run, enforce. Fix: use one of the values named", refused("mode: " + value + "\n"));
    }

    @Test
    void aRunawayKeyIsCutInTheMessage() {
        String key = "k".repeat(1_000);
        String clipped = "k".repeat(80) + "...(1000 chars)";
        String message = refused(key + ": 1\n");
        assertTrue(message.startsWith("p.yaml:1: unknown key '" + clipped + "' at " + clipped
                + ". Fix: use one of acceptedMetadataModes,"), message);
    }

    @Test
    void aRunawayStringWhereAMappingBelongsIsCutInTheMessage() {
        String message = refused("replacement: " + "x".repeat(100_000) + "\n");
        assertTrue(message.startsWith("p.yaml:1: wrong type at replacement ("), message);
        assertTrue(message.contains("'" + "x".repeat(80) + "...(100000 chars)'"), message);
        assertTrue(message.length() < 500, message);
    }

    @Test
    void aRunawayValueTheValidatorRefusesIsCutInTheMessage() {
        assertEquals("p.yaml:1: '" + "y".repeat(80) + "...(100000 chars)' is not a metadata protection. Fix: use"
                + " GKE_METADATA and optionally SECURE",
                refused("acceptedMetadataModes: [GKE_METADATA, " + "y".repeat(100_000) + "]\n"));
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLineAndColumnOfTheFirstBadByte(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("latin1.yaml");
        Files.write(file, "mode: dry-run\nprojects: [\"caf\u00e9-prod\"]\n".getBytes(StandardCharsets.ISO_8859_1));

        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));

        assertEquals(file + ":2: not UTF-8 text (byte 0xE9 at column 16). Fix: save the policy file as UTF-8",
                e.getMessage());
    }

    @Test
    void anEmptyListEntryIsRefusedWhereItStands() {
        assertEquals("p.yaml:3: empty entry at remediation[0]. Fix: remove it or give it a value",
                refused("mode: dry-run\nremediation:\n  - \n"));
    }

    @Test
    void anEmptyFolderIsRefusedAtStartRatherThanFailingEveryEventOfItsProject() {
        assertEquals("p.yaml:1: empty entry at projectFolders.acme-prod[0]. Fix: remove it or give it a value",
                refused("projectFolders: {acme-prod: [~]}\n"));
    }

    @Test
    void aPolicyTooLongToParseInBoundedTimeIsRefusedAtTheLineThatPassesTheLimit() {
        String yaml = "mode: dry-run\nprojects: [" + "a".repeat(300_000) + "]\n";

        assertEquals("p.yaml:2: the policy is 300027 characters long, over the 262144 a policy may have. Fix:"
                + " shorten long lists of projects or exemptions with globs", refused(yaml));
    }

    @Test
    void nestingBeyondTheReadersLimitIsRefusedWithTheLineWhereItStops() {
        String yaml = "mode: dry-run\nprojectz: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

        assertEquals("p.yaml:2: too deeply nested to read (Document nesting depth (1001) exceeds the maximum allowed"
                + " (1000, from `StreamReadConstraints.getMaxNestingDepth()`)). Fix: a policy nests a few levels;"
                + " remove the extra brackets", refused(yaml));
    }

    @Test
    void aRunawayValueWithAQuoteInsideStillGivesAShortMessage() {
        String value = "x".repeat(100) + "'" + "x".repeat(3000);

        String message = refused("projectFolders:\n  acme-sandbox-1: \"" + value + "\"\n");

        assertTrue(message.startsWith("p.yaml:2: wrong type at projectFolders.acme-sandbox-1 ("), message);
        assertTrue(message.length() < 600, message.length() + " chars: " + message);
    }

    @Test
    void checksAreSwitchedOffByIdAndRunOtherwise() {
        Policy p = PolicyLoader.parse("checks:\n  MG004: {enabled: false}\n  MG001: {}\n", "p.yaml");
        assertFalse(p.checkEnabled("MG004"));
        assertTrue(p.checkEnabled("MG001"));
        assertTrue(p.checkEnabled("MG002"), "a check the section does not name runs");
        assertTrue(Policy.defaults().checkEnabled("MG004"));
    }

    @Test
    void aCheckActionCapsItsFindingsAtATicket() {
        Policy p = PolicyLoader.parse("checks:\n  MG002: {action: ticket}\n  MG001: {action: replace}\n", "p.yaml");
        assertFalse(p.checkMayReplace("MG002"));
        assertTrue(p.checkMayReplace("MG001"));
        assertTrue(p.checkMayReplace("MG005"), "a check the section does not name leaves it to the rules");
        assertTrue(p.checkEnabled("MG002"), "a cap does not switch the check off");
    }

    @Test
    void aCheckActionThatDropsFindingsOrRaisesAnInformationalCheckIsRefusedWithItsLine() {
        assertEquals("p.yaml:4: action 'none' for MG002 would drop its findings silently. Fix: use ticket or replace,"
                + " or enabled: false to switch the check off",
                refused("mode: dry-run\nchecks:\n  MG002:\n    action: none\n"));
        assertEquals("p.yaml:2: MG004 is informational: its findings alone lead to a ticket at most. Fix: use action:"
                + " ticket, or leave action out", refused("checks:\n  MG004: {action: replace}\n"));
        String unknown = refused("checks:\n  MG002: {action: page}\n");
        assertTrue(unknown.startsWith("p.yaml:2: "), unknown);
        assertTrue(unknown.contains("page"), unknown);
    }

    @Test
    void anUnknownCheckIdIsRefusedWithItsLine() {
        assertEquals("p.yaml:3: there is no check 'MG999'. Fix: use one of " + Checks.ALL.stream().map(Check::id)
                        .collect(Collectors.joining(", ")), refused("mode: dry-run\nchecks:\n  MG999: {enabled: false}\n"));
    }

    @Test
    void aCheckSettingOfTheWrongShapeIsRefusedWithItsLine() {
        String unknown = refused("checks:\n  MG004:\n    enable: false\n");
        assertTrue(unknown.startsWith("p.yaml:3: unknown key 'enable' at checks.MG004.enable. Fix: use one of action,"
                + " enabled"),
                unknown);
        String wrongType = refused("checks:\n  MG004: {enabled: sometimes}\n");
        assertTrue(wrongType.startsWith("p.yaml:2: 'sometimes' at checks.MG004.enabled is not a valid Boolean"), wrongType);
    }
}
