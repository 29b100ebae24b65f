package dev.metadataguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.testing.TestEvents;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EntryTriageTest {

    private static final String OTHER_METHOD = "21-set-maintenance-policy-unrelated-method.json";
    private static final String KUBERNETES = "14-kubernetes-api-other-service.json";
    private static final String CREATE = "05-create-node-pool-v1-first-compliant.json";

    private final EventDecoder decoder = new EventDecoder(TestEvents.JSON);

    private static Optional<Intake> triage(byte[] body) {
        return EntryTriage.ignored(TestEvents.JSON, body);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What the decoder says when it reads the whole tree, as it did before the triage. */
    private List<Intake> treeReading(byte[] body) throws IOException {
        return decoder.decode(TestEvents.JSON.readTree(body), "t");
    }

    static Stream<Path> everyTestEvent() {
        return Stream.of(TestEvents.all(), TestEvents.enforced(), TestEvents.malformed()).flatMap(List::stream);
    }

    @ParameterizedTest
    @MethodSource("everyTestEvent")
    void theTriageAnswersOnlyWhatTheTreeReadingAnswers(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        Optional<Intake> triaged = triage(body);
        if (triaged.isPresent()) {
            assertEquals(treeReading(body), List.of(triaged.get()));
        }
    }

    @Test
    void anotherMethodIsIgnoredWithoutReadingTheTree() throws IOException {
        byte[] body = TestEvents.bytes(OTHER_METHOD);

        Intake.Ignored ignored = assertInstanceOf(Intake.Ignored.class, triage(body).orElseThrow());

        assertEquals(treeReading(body), List.of(ignored));
        assertEquals("google.container.v1.ClusterManager.SetMaintenancePolicy", ignored.method());
        assertEquals("projects/acme-prod/zones/europe-west1-b/clusters/payments", ignored.resource());
    }

    @Test
    void anotherServiceIsIgnoredWithoutReadingTheTree() throws IOException {
        byte[] body = TestEvents.bytes(KUBERNETES);

        assertEquals(treeReading(body), List.of(triage(body).orElseThrow()));
    }

    @Test
    void aRelevantEntryIsLeftToTheFullReading() {
        assertEquals(Optional.empty(), triage(TestEvents.bytes(CREATE)));
    }

    @Test
    void brokenJsonAfterAnIrrelevantMethodIsStillMalformed() {
        byte[] whole = TestEvents.bytes(OTHER_METHOD);
        byte[] truncated = Arrays.copyOf(whole, whole.length - 40);

        List<Intake> intakes = decoder.decode(truncated, "cut.json");

        String reason = assertInstanceOf(Intake.Malformed.class, intakes.get(0)).reason();
        assertTrue(reason.startsWith("cut.json: not valid JSON (Unexpected end-of-input"), reason);
    }

    @Test
    void theLastOfARepeatedProtoPayloadDecides() throws IOException {
        String relevant = TestEvents.json(CREATE).get("protoPayload").toString();
        String irrelevant = TestEvents.json(KUBERNETES).get("protoPayload").toString();
        byte[] relevantLast = utf8("{\"protoPayload\":" + irrelevant + ",\"protoPayload\":" + relevant + "}");
        byte[] irrelevantLast = utf8("{\"protoPayload\":" + relevant + ",\"protoPayload\":" + irrelevant + "}");

        assertInstanceOf(Intake.Accepted.class, decoder.decode(relevantLast, "t").get(0));
        assertInstanceOf(Intake.Ignored.class, triage(irrelevantLast).orElseThrow());
        assertEquals(treeReading(irrelevantLast), decoder.decode(irrelevantLast, "t"));
    }

    @Test
    void aProtoPayloadReplacedByAnotherTypeIsLeftToTheFullReading() {
        String irrelevant = TestEvents.json(KUBERNETES).get("protoPayload").toString();
        byte[] body = utf8("{\"protoPayload\":" + irrelevant + ",\"protoPayload\":[1]}");

        assertEquals(Optional.empty(), triage(body));
        assertEquals(List.of(new Intake.Malformed("", "t.protoPayload: expected an AuditLog object, found an array")),
                decoder.decode(body, "t"));
    }

    @Test
    void aServiceNameThatIsNoStringReadsAsEmptyAsInTheTree() throws IOException {
        byte[] body = utf8("{\"protoPayload\":{\"serviceName\":{\"nested\":[\"container.googleapis.com\"]},"
                + "\"methodName\":7}}");

        Intake.Ignored ignored = assertInstanceOf(Intake.Ignored.class, triage(body).orElseThrow());

        assertEquals(treeReading(body), List.of(ignored));
        assertTrue(ignored.reason().startsWith("service (empty) is not container.googleapis.com"), ignored.reason());
    }

    @Test
    void anEntryAboveTheLogEntryLimitTakesTheFullReadingAndTheSameReason() throws IOException {
        ObjectNode entry = (ObjectNode) TestEvents.json(OTHER_METHOD);
        entry.put("padding", "x".repeat(EntryTriage.MAX_ENTRY_BYTES));
        byte[] body = TestEvents.JSON.writeValueAsBytes(entry);

        assertEquals(Optional.empty(), triage(body));
        assertEquals(triage(TestEvents.bytes(OTHER_METHOD)).map(List::of).orElseThrow(), decoder.decode(body, "big"));
    }

    @Test
    void anAuditLogCloudEventWithoutMethodExtensionIsTriagedFromItsData() {
        var event = CloudEventBuilder.v1().withId("a-1").withType(EventDecoder.AUDIT_LOG_WRITTEN)
                .withSource(URI.create("//cloudaudit.googleapis.com/projects/acme-prod/logs/activity"))
                .withData(TestEvents.bytes(OTHER_METHOD)).build();

        assertEquals(triage(TestEvents.bytes(OTHER_METHOD)).map(List::of).orElseThrow(), decoder.decode(event));
    }
}
