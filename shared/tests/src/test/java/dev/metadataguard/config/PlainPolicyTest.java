package dev.metadataguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A policy is plain YAML with bounded name patterns: what it refuses, where, and how patterns match. */
class PlainPolicyTest {

    private static String refused(String yaml) {
        return assertThrows(PolicyException.class, () -> PolicyLoader.parse(yaml, "p.yaml")).getMessage();
    }

    @Test
    void anAliasIsRefusedNotReadAsItsName() {
        assertEquals("p.yaml:2: the alias *legacy: a policy is plain YAML, without anchors, aliases or merge keys."
                + " Fix: write each value out where it is used",
                refused("mode: dry-run\nprojects: [acme-prod, *legacy]\n"));
    }

    @Test
    void anAnchorIsRefusedWithItsLine() {
        assertTrue(refused("mode: dry-run\n\nprojects: &all [acme-prod]\n").startsWith("p.yaml:3: the anchor &all:"),
                refused("mode: dry-run\n\nprojects: &all [acme-prod]\n"));
    }

    @Test
    void aMergeKeyIsRefusedWithItsLine() {
        String yaml = """
                mode: dry-run
                exemptions:
                  - reason: sandbox
                    match:
                      <<: {project: sandbox-1}
                """;
        assertTrue(refused(yaml).startsWith("p.yaml:5: the merge key <<:"), refused(yaml));
    }

    @Test
    void aRunawayPatternIsRefusedAtLoad() {
        String huge = "acme-" + "*a".repeat(125_000);

        String message = refused("mode: dry-run\nexemptions:\n  - reason: x\n    match: {cluster: \"" + huge + "\"}\n");

        assertTrue(message.startsWith("p.yaml:4: the name pattern 'acme-*a*a"), message);
        assertTrue(message.contains("is 250005 characters long, over the 100 a pattern may have"), message);
        assertTrue(message.length() < 400, message);
    }

    @Test
    void tooManyPatternsAreRefused() {
        String projects = IntStream.range(0, Glob.MAX_COUNT + 1).mapToObj(i -> "p" + i)
                .collect(Collectors.joining(", ", "[", "]"));

        assertTrue(refused("projects: " + projects + "\n").contains("the policy has 1001 name patterns, over the 1000"),
                refused("projects: " + projects + "\n"));
    }

    @ParameterizedTest
    @CsvSource({
        "acme-*, acme-prod, true", "acme-*, acme-, true", "acme-*, acm, false", "*, '', true", "'', '', true",
        "a?c, abc, true", "a?c, ac, false", "*-prod, acme-prod, true", "*-prod, acme-dev, false",
        "a*b*c, aXbYc, true", "a*b*c, aXcYb, false", "*a*a*a*a*a*a*a*a*a*b, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
        "ac.e, acxe, false", "[a], a, false", "[a], [a], true"})
    void patternsMatchWholeNamesWithStarAndQuestionMarkOnly(String pattern, String name, boolean matches) {
        assertEquals(matches, Glob.compile(pattern).matches(name));
    }

    @Test
    void aLoadedPolicyUsesItsPatterns() {
        Policy policy = PolicyLoader.parse("projects: [acme-*, 'ops-?']\n", "p.yaml");

        assertTrue(policy.inScope("acme-prod"));
        assertTrue(policy.inScope("ops-1"));
        assertFalse(policy.inScope("ops-12"));
    }
}
