package dev.metadataguard.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.testing.GeneratedSection;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The docs that restate the checks follow the check classes. */
class CheckTableTest {

    @Test
    void readmeTableIsTheRegisteredChecks() {
        GeneratedSection.check(TestEvents.root().resolveSibling("README.md"), "checks", CheckTable.markdown(Checks.ALL),
                "mvn -B -pl shared -am test -Dtest=CheckTableTest -Dsurefire.failIfNoSpecifiedTests=false");
    }

    @Test
    void examplePolicyNamesTheChecksAnInPlaceUpdateFixes() throws IOException {
        String inPlace = Checks.ALL.stream().filter(c -> c.fix().inPlace().isPresent()).map(Check::id)
                .collect(Collectors.joining(", "));
        String line = Files.readAllLines(TestEvents.root().resolve("policies/example.yaml")).stream()
                .filter(l -> l.strip().startsWith("updateInPlace:")).findFirst().orElseThrow();
        assertTrue(line.contains("(" + inPlace + ")"), "example.yaml's updateInPlace comment should name " + inPlace
                + ": " + line);
    }
}
