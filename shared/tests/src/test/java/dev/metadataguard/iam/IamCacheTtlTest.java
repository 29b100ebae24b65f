package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.config.PolicyException;
import dev.metadataguard.runtime.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IamCacheTtlTest {

    @Test
    void policiesAreKeptFiveMinutesUnlessConfigured() {
        assertEquals(Duration.ofMinutes(5), ResourceManagerRoles.cacheTtl(new Environment(Map.of())));
        assertEquals(Duration.ofSeconds(60), ResourceManagerRoles.cacheTtl(new Environment(Map.of(Environment.IAM_CACHE_SECONDS, "60"))));
        assertEquals(Duration.ZERO, ResourceManagerRoles.cacheTtl(new Environment(Map.of(Environment.IAM_CACHE_SECONDS, "0"))));
    }

    @Test
    void aLifetimeThatIsNoNumberOfSecondsIsRefusedAtStart() {
        for (String bad : new String[] {"5m", "-1", "1e3"}) {
            PolicyException e = assertThrows(PolicyException.class,
                    () -> ResourceManagerRoles.cacheTtl(new Environment(Map.of(Environment.IAM_CACHE_SECONDS, bad))));
            assertTrue(e.getMessage().contains("MG_IAM_CACHE_SECONDS"), e.getMessage());
        }
    }
}
