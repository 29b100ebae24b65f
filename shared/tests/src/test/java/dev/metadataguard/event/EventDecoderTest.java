package dev.metadataguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.TestEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    private final EventDecoder decoder = new EventDecoder(TestEvents.JSON);

    private AuditEvent single(List<Intake> intakes) {
        assertEquals(1, intakes.size(), intakes.toString());
        return assertInstanceOf(Intake.Accepted.class, intakes.get(0), intakes.toString()).event();
    }

    private String malformed(List<Intake> intakes) {
        assertEquals(1, intakes.size(), intakes.toString());
        return assertInstanceOf(Intake.Malformed.class, intakes.get(0)).reason();
    }

    private Intake.Ignored ignored(List<Intake> intakes) {
        assertEquals(1, intakes.size(), intakes.toString());
        return assertInstanceOf(Intake.Ignored.class, intakes.get(0));
    }

    private List<Intake> file(String name) {
        return decoder.decode(TestEvents.bytes(name), name);
    }

    @Test
    void rawLogEntryDecodesEveryField() {
        AuditEvent e = single(file("01-create-cluster-v1-first-compliant.json"));
        assertEquals("google.container.v1.ClusterManager.CreateCluster", e.method());
        assertEquals("v1", e.apiVersion());
        assertEquals(Verb.CREATE_CLUSTER, e.verb());
        assertEquals(ResourceRef.cluster("acme-prod", "europe-west1-b", "payments"), e.resource());
        assertEquals("acme-prod", e.project());
        assertEquals("europe-west1-b", e.location());
        assertEquals("payments", e.cluster());
        assertEquals(Optional.empty(), e.nodePool());
        assertEquals(Optional.of("operation-1793614530123-5f0c2a7e-1b2c-4d3e-8f90-a1b2c3d4e5f6"), e.operationId());
        assertTrue(e.first());
        assertFalse(e.last());
        assertEquals(OperationStatus.OK, e.status());
        assertEquals("NOTICE", e.severity());
        assertEquals(Optional.of("alice@acme.example"), e.principal());
        assertEquals(Optional.of(Instant.parse("2026-11-02T10:15:30.123456Z")), e.timestamp());
        assertEquals("1a2b3c4d01", e.insertId());
        assertEquals("payments", e.request().orElseThrow().path("cluster").path("name").asText());
    }

    @Test
    void requestTypeNamingV1alpha1DoesNotChangeTheApiVersion() {
        AuditEvent e = single(file("01-create-cluster-v1-first-compliant.json"));
        assertTrue(e.request().orElseThrow().path("@type").asText().contains("v1alpha1"));
        assertEquals("v1", e.apiVersion());
    }

    @Test
    void lastEntryHasNoRequestNoPrincipalAndIsNotFirst() {
        AuditEvent e = single(file("08-create-node-pool-v1-last-exposed.json"));
        assertFalse(e.first());
        assertTrue(e.last());
        assertEquals(Optional.empty(), e.principal());
        assertEquals(Optional.empty(), e.request());
        assertEquals(Optional.of("batch"), e.nodePool());
    }

    @Test
    void messagePublishedCloudEventInStructuredFileForm() {
        AuditEvent e = single(file("02-create-cluster-v1-last-messagepublished.json"));
        assertEquals(Verb.CREATE_CLUSTER, e.verb());
        assertTrue(e.last());
        assertEquals("1a2b3c4d02", e.insertId());
    }

    @Test
    void messagePublishedCloudEventAsDelivered() {
        JsonNode file = TestEvents.json("06-create-node-pool-v1beta1-first-concealment-messagepublished.json");
        CloudEvent event = CloudEventBuilder.v1()
                .withId(file.path("id").asText())
                .withType(EventDecoder.MESSAGE_PUBLISHED)
                .withSource(URI.create(file.path("source").asText()))
                .withDataContentType("application/json")
                .withData(file.path("data").toString().getBytes(StandardCharsets.UTF_8))
                .build();
        AuditEvent e = single(decoder.decode(event));
        assertEquals("v1beta1", e.apiVersion());
        assertEquals(Verb.CREATE_NODE_POOL, e.verb());
        assertEquals(Optional.of("concealed"), e.nodePool());
    }

    @Test
    void auditLogWrittenCloudEventWithLowercaseExtensions() {
        JsonNode file = TestEvents.json("04-create-cluster-v1-first-defaults-auditlog.json");
        CloudEvent event = CloudEventBuilder.v1()
                .withId("id-4")
                .withType(EventDecoder.AUDIT_LOG_WRITTEN)
                .withSource(URI.create(file.path("source").asText()))
                .withExtension("methodname", file.path("methodname").asText())
                .withExtension("servicename", "container.googleapis.com")
                .withData(file.path("data").toString().getBytes(StandardCharsets.UTF_8))
                .build();
        AuditEvent e = single(decoder.decode(event));
        assertEquals(ResourceRef.cluster("acme-dev", "europe-west4-a", "scratch"), e.resource());
        assertEquals(Optional.of("bob@acme.example"), e.principal());
    }

    @Test
    void auditLogWrittenForAnotherMethodIsDroppedFromTheExtensionAlone() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId("id-x")
                .withType(EventDecoder.AUDIT_LOG_WRITTEN)
                .withSource(URI.create("//cloudaudit.googleapis.com/projects/p/logs/activity"))
                .withExtension("methodname", "google.container.v1.ClusterManager.SetMaintenancePolicy")
                .withData("not even json".getBytes(StandardCharsets.UTF_8))
                .build();
        Intake.Ignored i = ignored(decoder.decode(event));
        assertEquals("google.container.v1.ClusterManager.SetMaintenancePolicy", i.method());
        assertTrue(i.reason().contains("methodname extension"), i.reason());
    }

    @Test
    void auditLogWrittenFileFormWithCamelCaseStructuredEnvelope() {
        AuditEvent e = single(file("04-create-cluster-v1-first-defaults-auditlog.json"));
        assertEquals("scratch", e.cluster());
    }

    @Test
    void pubsubPushBodyWithDuplicatedFieldNames() {
        AuditEvent e = single(file("03-create-cluster-v1beta1-first-legacy-nodeconfig-push.json"));
        assertEquals("v1beta1", e.apiVersion());
        assertEquals(ResourceRef.cluster("acme-dev", "us-central1", "legacy"), e.resource());
        assertFalse(e.resource().isZonal());
    }

    @Test
    void backgroundFunctionForm() {
        AuditEvent e = single(file("07-create-node-pool-v1-first-exposed-background.json"));
        assertEquals(Optional.of("batch"), e.nodePool());
        assertEquals(Optional.of("carol@acme.example"), e.principal());
    }

    @Test
    void legacyBackgroundFormWithEventIdAtTheTop() {
        JsonNode entry = TestEvents.json("05-create-node-pool-v1-first-compliant.json");
        String body = "{\"eventId\":\"1\",\"timestamp\":\"2026-11-02T12:00:00Z\",\"eventType\":"
                + "\"providers/cloud.pubsub/eventTypes/topic.publish\",\"resource\":\"projects/p/topics/t\","
                + "\"data\":{\"data\":\"" + Base64.getEncoder().encodeToString(entry.toString().getBytes(StandardCharsets.UTF_8))
                + "\"}}";
        assertEquals(Optional.of("api"), single(decoder.decode(body.getBytes(StandardCharsets.UTF_8), "b")).nodePool());
    }

    @Test
    void gcloudArrayExportGivesOneIntakePerEntryInOrder() {
        List<Intake> intakes = file("17-gcloud-export-node-pool-first-and-last.json");
        assertEquals(2, intakes.size());
        assertTrue(((Intake.Accepted) intakes.get(0)).event().last());
        assertTrue(((Intake.Accepted) intakes.get(1)).event().first());
    }

    @Test
    void regionalNodePoolInLocationsForm() {
        AuditEvent e = single(file("09-create-node-pool-v1-first-unseen-cluster.json"));
        assertEquals(new ResourceRef("acme-prod", "europe-west1", "analytics", "spark"), e.resource());
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode entry = (ObjectNode) TestEvents.json("05-create-node-pool-v1-first-compliant.json");
        ((ObjectNode) entry.get("protoPayload")).putObject("somethingNew").put("x", 1);
        entry.put("anotherNewField", true);
        assertEquals(Optional.of("api"), single(decoder.decode(entry, "e")).nodePool());
    }

    @Test
    void failedOperationIsIgnoredWithItsStatus() {
        Intake.Ignored i = ignored(file("12-create-cluster-failed-operation.json"));
        assertEquals("google.container.v1.ClusterManager.CreateCluster", i.method());
        assertEquals("the call failed (status 3: No valid versions with the prefix \"1.19\" found.); it changed nothing",
                i.reason());
    }

    @Test
    void unrelatedMethodIsIgnored() {
        Intake.Ignored i = ignored(file("21-set-maintenance-policy-unrelated-method.json"));
        assertEquals("method google.container.v1.ClusterManager.SetMaintenancePolicy is not one the guard evaluates"
                + " (CreateCluster, CreateNodePool, UpdateCluster, UpdateNodePool, DeleteCluster, DeleteNodePool"
                + " of any API version)", i.reason());
    }

    @Test
    void anotherServiceIsIgnored() {
        Intake.Ignored i = ignored(file("14-kubernetes-api-other-service.json"));
        assertEquals("service 'k8s.io' is not container.googleapis.com; the guard evaluates GKE cluster and"
                + " node-pool changes only", i.reason());
    }

    @Test
    void badBase64NamesTheField() {
        String reason = malformed(file("malformed/bad-base64.json"));
        assertTrue(reason.startsWith("malformed/bad-base64.json.data.message.data: not valid base64 ("), reason);
    }

    @Test
    void nonJsonSaysWhere() {
        assertEquals("malformed/not-json.json: not valid JSON (Unrecognized token 'protoPayload': was expecting"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 1)",
                malformed(file("malformed/not-json.json")));
    }

    @Test
    void unknownEnvelopeListsWhatWasExpected() {
        assertEquals("malformed/unknown-envelope.json: not a LogEntry or a known envelope; expected protoPayload"
                + " (LogEntry), message.data (Pub/Sub push or messagePublished), context+data (background function),"
                + " specversion+type (CloudEvent) or kind: inspection-request (the estate sweep's)",
                malformed(file("malformed/unknown-envelope.json")));
    }

    @Test
    void base64PayloadThatIsNotJson() {
        String body = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))
                + "\"}}";
        assertTrue(malformed(decoder.decode(body.getBytes(StandardCharsets.UTF_8), "push"))
                .startsWith("push.message.data (base64-decoded): not valid JSON ("));
    }

    @Test
    void messageDataOfTheWrongType() {
        assertEquals("push.message.data: expected a base64 string, found the number 42",
                malformed(decoder.decode("{\"message\":{\"data\":42}}".getBytes(StandardCharsets.UTF_8), "push")));
    }

    @Test
    void missingMessageData() {
        assertEquals("push.message.data: missing; the Pub/Sub message must carry the LogEntry as base64 JSON",
                malformed(decoder.decode("{\"message\":{\"attributes\":{}}}".getBytes(StandardCharsets.UTF_8), "push")));
    }

    @Test
    void wrongTypeOfOperationFlag() {
        ObjectNode entry = (ObjectNode) TestEvents.json("05-create-node-pool-v1-first-compliant.json");
        ((ObjectNode) entry.get("operation")).put("first", "yes");
        assertEquals("e.operation.first: expected true or false, found the string 'yes'",
                malformed(decoder.decode(entry, "e")));
    }

    @Test
    void badTimestamp() {
        ObjectNode entry = (ObjectNode) TestEvents.json("05-create-node-pool-v1-first-compliant.json");
        entry.put("timestamp", "yesterday");
        assertEquals("e.timestamp: 'yesterday' is not an RFC 3339 UTC time such as 2026-01-31T12:00:00.123Z",
                malformed(decoder.decode(entry, "e")));
    }

    @Test
    void resourceNameThatIsNotAClusterFallsBackToTheRequestParent() {
        ObjectNode entry = (ObjectNode) TestEvents.json("05-create-node-pool-v1-first-compliant.json");
        ((ObjectNode) entry.get("protoPayload")).put("resourceName", "something/else");
        assertEquals(new ResourceRef("acme-prod", "europe-west1-b", "payments", "api"),
                single(decoder.decode(entry, "e")).resource());
    }

    @Test
    void resourceNameThatCannotBeResolvedAtAll() {
        ObjectNode entry = (ObjectNode) TestEvents.json("08-create-node-pool-v1-last-exposed.json");
        ((ObjectNode) entry.get("protoPayload")).put("resourceName", "something/else");
        assertEquals("e.protoPayload.resourceName: 'something/else' is not a cluster or node-pool name; expected"
                + " projects/P/zones/Z/clusters/C[/nodePools/N] or projects/P/locations/L/clusters/C[/nodePools/N],"
                + " each part within GKE's name rules",
                malformed(decoder.decode(entry, "e")));
    }

    @Test
    void missingMethodName() {
        ObjectNode entry = (ObjectNode) TestEvents.json("05-create-node-pool-v1-first-compliant.json");
        ((ObjectNode) entry.get("protoPayload")).remove("methodName");
        assertEquals("e.protoPayload.methodName: missing; an audit entry of container.googleapis.com always names"
                + " its method", malformed(decoder.decode(entry, "e")));
    }

    @Test
    void unsupportedCloudEventType() {
        CloudEvent event = CloudEventBuilder.v1().withId("1").withType("com.example.other")
                .withSource(URI.create("//x")).withData("{}".getBytes(StandardCharsets.UTF_8)).build();
        assertEquals("CloudEvent 1 data: CloudEvent type 'com.example.other' is not one the guard accepts; expected"
                + " google.cloud.pubsub.topic.v1.messagePublished or google.cloud.audit.log.v1.written",
                malformed(decoder.decode(event)));
    }

    @Test
    void cloudEventWithoutData() {
        CloudEvent event = CloudEventBuilder.v1().withId("1").withType(EventDecoder.MESSAGE_PUBLISHED)
                .withSource(URI.create("//x")).build();
        assertEquals("CloudEvent 1: has no data; a google.cloud.pubsub.topic.v1.messagePublished event carries the"
                + " audit entry in its data", malformed(decoder.decode(event)));
    }

    @Test
    void continuationOfASplitEntryIsIgnored() {
        String entry = "{\"protoPayload\":{\"serviceName\":\"container.googleapis.com\"},"
                + "\"split\":{\"uid\":\"u1\",\"index\":1,\"totalSplits\":2}}";
        assertEquals("continuation part 1 of split entry u1; the first part carries the method",
                ignored(decoder.decode(entry.getBytes(StandardCharsets.UTF_8), "s")).reason());
    }

    @Test
    void everyTestEventDecodesToWhatItsExpectedRowsSay() throws IOException {
        for (Path path : Stream.concat(TestEvents.all().stream(), TestEvents.malformed().stream()).toList()) {
            List<String> kinds = decoder.decode(Files.readAllBytes(path), path.toString()).stream()
                    .map(EventDecoderTest::kind).toList();
            assertEquals(expectedKinds(ExpectedRows.of(path)), kinds, path.toString());
        }
    }

    private static String kind(Intake intake) {
        return intake instanceof Intake.Accepted ? "accepted" : intake instanceof Intake.Ignored ? "ignored" : "malformed";
    }

    /** One kind per entry in the file's order; a row's source ends in #N for the N-th entry of an array. */
    private static List<String> expectedKinds(ExpectedRows expected) {
        Map<Integer, String> byEntry = new TreeMap<>();
        for (JsonNode row : expected.rows()) {
            String source = row.path("source").asText();
            int hash = source.lastIndexOf('#');
            // An error naming a request field is the replay's: the decoder accepted the entry, GKE would refuse it.
            boolean refusedRequest = row.path("reason").asText().startsWith("protoPayload.request");
            byEntry.put(hash < 0 ? 1 : Integer.parseInt(source.substring(hash + 1)), switch (row.path("outcome").asText()) {
                case "ignored" -> "ignored";
                case "error" -> refusedRequest ? "accepted" : "malformed";
                default -> "accepted";
            });
        }
        return List.copyOf(byEntry.values());
    }

    @Test
    void nestingBeyondTheParsersLimitIsMalformedAndSaysSo() {
        byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        assertEquals("deep: too deeply nested or too large to read (Document nesting depth (1001) exceeds the maximum"
                + " allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`))",
                malformed(decoder.decode(deep, "deep")));
    }

    @Test
    void aHugeMethodNameIsCutInTheReasonSoTheLogLineStaysReadable() {
        ObjectNode entry = (ObjectNode) TestEvents.json("21-set-maintenance-policy-unrelated-method.json");
        String method = "google.container.v1.ClusterManager." + "X".repeat(100_000);
        ((ObjectNode) entry.get("protoPayload")).put("methodName", method);

        String reason = ignored(decoder.decode(entry.toString().getBytes(StandardCharsets.UTF_8), "big")).reason();

        assertEquals("method " + Json.clip(method) + " is not one the guard evaluates (CreateCluster, CreateNodePool,"
                + " UpdateCluster, UpdateNodePool, DeleteCluster, DeleteNodePool of any API version)", reason);
    }

    @Test
    void aHugeStatusMessageIsCutInTheReason() {
        ObjectNode entry = (ObjectNode) TestEvents.json("12-create-cluster-failed-operation.json");
        String message = "quota ".repeat(20_000);
        ((ObjectNode) entry.get("protoPayload").get("status")).put("message", message);

        String reason = ignored(decoder.decode(entry.toString().getBytes(StandardCharsets.UTF_8), "big")).reason();

        assertEquals("the call failed (status 3: " + Json.clip(message) + "); it changed nothing", reason);
    }

    @Test
    void aHugeMethodExtensionIsCutInTheReason() {
        String method = "google.container.v1.ClusterManager.Delete" + "Y".repeat(50_000);
        CloudEvent event = CloudEventBuilder.v1().withId("1").withType(EventDecoder.AUDIT_LOG_WRITTEN)
                .withSource(URI.create("//x")).withExtension("methodname", method).build();

        assertEquals("method " + Json.clip(method) + " is not one the guard evaluates (from the CloudEvent's"
                + " methodname extension)", ignored(decoder.decode(event)).reason());
    }
}
