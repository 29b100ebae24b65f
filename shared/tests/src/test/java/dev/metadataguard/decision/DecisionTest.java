package dev.metadataguard.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.policy.Outcome;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decision arrives in a message, so its key and names are checked before anything uses them. */
class DecisionTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String POOL = "projects/acme-prod/locations/europe-west1/clusters/c1/nodePools/np-1";

    private static Decision decision(String fingerprint, String resource) {
        return new Decision(fingerprint, resource, Outcome.VIOLATION, List.of(), List.of(), Action.TICKET, "", "dry-run",
                "m", "op", "alice@example.com", null, null);
    }

    @Test
    void aWellFormedDecisionReadsBack() throws IOException {
        Decision d = decision(Fingerprint.of(POOL, List.of("MG001")), POOL);

        assertEquals(d, JSON.readValue(JSON.writeValueAsBytes(d), Decision.class));
    }

    @Test
    void aForgedFingerprintIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decision("mg-0\nSEVERE: guard disabled", POOL));

        assertEquals("fingerprint 'mg-0\\u000ASEVERE: guard disabled' is not a ticket key (mg- and 16 hex digits)",
                e.getMessage());
        assertTrue(Fingerprint.isWellFormed(Fingerprint.of(POOL, List.of())));
        assertFalse(Fingerprint.isWellFormed("mg-0123456789ABCDEF"));
    }

    @Test
    void aMessageWithAForgedResourceDoesNotRead() throws IOException {
        ObjectNode message = JSON.valueToTree(decision(Fingerprint.of(POOL, List.of()), POOL));
        message.put("resource", POOL.replace("np-1", "np-1`id`"));

        assertThrows(IOException.class, () -> JSON.treeToValue(message, Decision.class));
    }
}
