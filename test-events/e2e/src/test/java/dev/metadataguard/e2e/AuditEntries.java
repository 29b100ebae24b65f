package dev.metadataguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.replay.RoutedMessage;
import dev.metadataguard.testing.TestEvents;
import java.nio.charset.StandardCharsets;

/** The LogEntries of {@code test-events/} files, as the Log Router publishes them, and what they describe. */
final class AuditEntries {

    private AuditEntries() {
    }

    /** The bare LogEntry of a test event, whatever envelope its file uses. */
    static JsonNode of(String testEvent) {
        return RoutedMessage.logEntryIn(TestEvents.json(testEvent), Json.mapper())
                .orElseThrow(() -> new IllegalArgumentException(testEvent + " holds no LogEntry"));
    }

    static byte[] bytes(JsonNode logEntry) {
        return logEntry.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entry as the guard reads it. */
    static AuditEvent event(JsonNode logEntry) {
        Intake intake = new EventDecoder(Json.mapper()).decode(logEntry, "e2e").get(0);
        return ((Intake.Accepted) intake).event();
    }
}
