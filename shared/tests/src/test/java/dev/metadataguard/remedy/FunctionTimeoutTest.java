package dev.metadataguard.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.config.PolicyException;
import dev.metadataguard.runtime.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What of the function's timeout a delivery may spend waiting on GKE, and how the timeout is read. */
class FunctionTimeoutTest {

    @Test
    void unsetIsTheReplacersTimeoutInTerraformAndLeavesThirtySecondsToPublish() {
        FunctionTimeout timeout = FunctionTimeout.parse(Environment.FUNCTION_TIMEOUT_SECONDS, Optional.empty());

        assertEquals(Duration.ofSeconds(540), timeout.value());
        assertEquals(Duration.ofSeconds(510), timeout.budget());
    }

    @Test
    void aShortTimeoutKeepsAQuarterOfItToPublish() {
        FunctionTimeout timeout = FunctionTimeout.parse(Environment.FUNCTION_TIMEOUT_SECONDS, Optional.of(" 30 "));

        assertEquals(Duration.ofMillis(22_500), timeout.budget());
        assertEquals(Duration.ofSeconds(90), new FunctionTimeout(Duration.ofSeconds(120)).budget());
        assertEquals(Duration.ofSeconds(3570), new FunctionTimeout(Duration.ofSeconds(3600)).budget());
    }

    @Test
    void aValueThatIsNotAWholeNumberOfSecondsOfAtLeastOneIsRefusedNamingTheVariable() {
        for (String bad : List.of("0", "-5", "9m", "540.5", "")) {
            PolicyException refused = assertThrows(PolicyException.class,
                    () -> FunctionTimeout.parse(Environment.FUNCTION_TIMEOUT_SECONDS, Optional.of(bad)));
            assertTrue(refused.getMessage().contains("MG_FUNCTION_TIMEOUT_SECONDS"), refused.getMessage());
            assertTrue(refused.getMessage().contains("not a whole number of seconds of at least 1"), refused.getMessage());
        }
    }
}
