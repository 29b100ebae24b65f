package dev.metadataguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.testing.GeneratedSection;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Terraform that deploys the constraints follows the check classes, within Organization Policy's limits. */
class ConstraintsFileTest {

    private static final Path FILE = TestEvents.root().resolveSibling("terraform/prevent/constraints.tf");

    @Test
    void terraformHoldsTheConstraintsTheChecksDeclare() throws IOException {
        String expected = ConstraintsFile.hcl(Checks.ALL);
        if (Boolean.getBoolean(GeneratedSection.REGENERATE)) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, Files.readString(FILE, StandardCharsets.UTF_8), FILE.getFileName()
                + " is out of date; regenerate it with " + ConstraintsFile.HOW + " and review the diff");
    }

    @Test
    void everyCheckButTheRolesOneAndTheInformationalOneCanBeRefusedAtANodePool() {
        Map<String, List<Prevention.Place>> places = ConstraintsFile.constraints(Checks.ALL).stream().collect(
                Collectors.groupingBy(Prevention.Constraint::checkId, Collectors.mapping(Prevention.Constraint::place,
                        Collectors.toList())));

        assertEquals(Map.of(
                "MG001", List.of(Prevention.Place.NODE_POOL, Prevention.Place.DEFAULT_POOL),
                "MG002", List.of(Prevention.Place.NODE_POOL, Prevention.Place.DEFAULT_POOL, Prevention.Place.AUTOPROVISIONING),
                "MG005", List.of(Prevention.Place.NODE_POOL, Prevention.Place.DEFAULT_POOL, Prevention.Place.AUTOPROVISIONING)),
                places, "MG003 judges IAM grants, which no request to GKE carries; MG004 is informational, and"
                + " refusing requests for what GKE sets itself would only block the people it protects");
    }

    @Test
    void everyConstraintFitsOrganizationPolicysLimits() {
        List<Prevention.Constraint> all = ConstraintsFile.constraints(Checks.ALL);
        for (Prevention.Constraint c : all) {
            // "Create and manage custom constraints": letters and digits, at most 70 after custom.; condition 1000,
            // display name 200, description 2000.
            assertTrue(c.name().matches("custom\\.[A-Za-z0-9]{1,70}"), c.name());
            assertTrue(c.condition().length() <= Prevention.MAX_CONDITION, c.name() + ": " + c.condition().length());
            assertTrue(c.displayName().length() <= 200, c.name());
            assertTrue(c.description().length() <= 2000, c.name());
        }
        Map<String, Long> perType = all.stream().collect(Collectors.groupingBy(Prevention.Constraint::resourceType,
                Collectors.counting()));
        assertTrue(perType.values().stream().allMatch(n -> n <= 20), "most resource types take 20 custom constraints: "
                + perType);
        assertEquals(all.size(), all.stream().map(Prevention.Constraint::name).distinct().count());
    }

    @Test
    void aConditionOverTheLimitIsRefusedWithItsLength() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Prevention.Constraint("MG999", Prevention.Place.NODE_POOL, "custom.x", "x".repeat(1001), "", ""));
        assertEquals("custom.x: the condition has 1001 characters, over the 1000 Organization Policy takes", e.getMessage());
    }

    @Test
    void theTicketsVariableIsTheModules() throws IOException {
        String variables = Files.readString(FILE.resolveSibling("variables.tf"), StandardCharsets.UTF_8);
        assertTrue(variables.contains("variable \"" + Prevention.ENFORCE_VARIABLE + "\" {"), variables);
        assertEquals(Prevention.MODULE, TestEvents.root().getParent().relativize(FILE.getParent()).toString());
    }
}
