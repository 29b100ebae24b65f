package dev.metadataguard.log;

import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StructuredLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORGED = "mg-0\r\nSEVERE: guard disabled by admin\u202e\u0000\ud800 <b>`x`</b>";

    @Test
    void aForgedValueStaysInsideItsFieldOfOneJsonLine() throws Exception {
        List<String> lines = new ArrayList<>();
        try (StructuredLog.Redirect r = StructuredLog.redirect(lines::add)) {
            StructuredLog.of("test").error(FORGED, "fingerprint", FORGED, "fields", Map.of(FORGED, List.of(FORGED)));
        }

        assertEquals(1, lines.size());
        assertEquals(1, lines.get(0).lines().count(), lines.get(0));
        assertNoUnsafeCharacters(lines.get(0), "the log line");
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals(FORGED.replace("\ud800", "\ufffd"), line.path("fingerprint").asText().replace("\ud800", "\ufffd"));
        assertEquals("ERROR", line.path("severity").asText());
    }

    @Test
    void libraryLoggingBecomesStructuredLines() throws Exception {
        List<String> lines = new ArrayList<>();
        try (StructuredLog.Redirect r = StructuredLog.redirect(lines::add)) {
            JavaLogging.intoStructuredLog();
            Logger.getLogger("io.grpc.Test").warning("channel\nclosed");
            Logger.getLogger("io.grpc.Test").info("not at warning level");
        }

        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("WARNING", line.path("severity").asText());
        assertEquals("channel\nclosed", line.path("message").asText());
        assertEquals("io.grpc.Test", line.path("logger").asText());
    }
}
