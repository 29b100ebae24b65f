package dev.metadataguard.e2e;

import dev.metadataguard.e2e.Guard.Counts;
import dev.metadataguard.e2e.Guard.Function;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One running guard per scenario class, under the policy the class names, with cluster {@code payments}
 * (test event 01) already in GKE; each scenario reads what it changed against the counts before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GuardScenarios {

    static final String PAYMENTS = "projects/acme-prod/locations/europe-west1-b/clusters/payments";
    static final String CHECKOUT = "projects/acme-prod/locations/europe-west1/clusters/checkout";
    static final Duration SETTLE = Duration.ofSeconds(90);

    Guard guard;
    Counts before;
    int busyBefore;

    /** The file under {@code test-events/policies/}. */
    abstract String policy();

    /** The policy the guard runs under: {@link #policy()}'s text, unless a scenario class adds to it. */
    String policyText() {
        try {
            return Files.readString(TestEvents.event("policies/" + policy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The functions the scenarios need. */
    Set<Function> functions() {
        return Function.EVENT_DRIVEN;
    }

    /** Where tickets go: the local GitHub, unless a scenario class chooses more. */
    List<String> sinks() {
        return List.of("github");
    }

    @BeforeAll
    void start() {
        guard = Guard.start(policyText(), sinks(), functions());
        guard.gke().created(AuditEntries.of("01-create-cluster-v1-first-compliant.json"));
    }

    @AfterAll
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @BeforeEach
    void count() {
        before = guard.counts();
        busyBefore = guard.busyRetries();
    }
}
