package dev.metadataguard.ticket.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.securitycenter.v2.CreateFindingRequest;
import com.google.cloud.securitycenter.v2.Finding;
import com.google.cloud.securitycenter.v2.ListFindingsRequest;
import com.google.cloud.securitycenter.v2.SecurityCenterClient;
import com.google.cloud.securitycenter.v2.SetFindingStateRequest;
import com.google.cloud.securitycenter.v2.SetMuteRequest;
import com.google.cloud.securitycenter.v2.UpdateFindingRequest;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.metadataguard.google.LazyClient;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The embedded Security Command Center refuses what the v2 API's proto comments say the API refuses. */
class EmbeddedSecurityCenterTest {

    private static final String SOURCE = "organizations/42/sources/7";
    private static final String PARENT = SOURCE + "/locations/global";

    private final EmbeddedSecurityCenter scc = new EmbeddedSecurityCenter(Clock.systemUTC(), Set.of(
            EmbeddedSecurityCenter.LIST, EmbeddedSecurityCenter.UPDATE, EmbeddedSecurityCenter.SET_STATE,
            EmbeddedSecurityCenter.SET_MUTE)).addSource(SOURCE);
    private final ManagedChannel channel = scc.startInProcess("scc-" + UUID.randomUUID());
    private final LazyClient<SecurityCenterClient> lazy = SccSink.connect(channel);
    private final SecurityCenterClient client = lazy.get();

    @AfterEach
    void stop() {
        lazy.close();
        channel.shutdownNow();
        scc.close();
    }

    private static Finding.Builder finding() {
        return Finding.newBuilder().setResourceName("//container.googleapis.com/projects/p/zones/z/clusters/c")
                .setCategory("GKE_NODE_METADATA_EXPOSED").setEventTime(Timestamp.newBuilder().setSeconds(1_700_000_000))
                .putSourceProperties("a", Value.newBuilder().setStringValue("1").build())
                .putSourceProperties("b", Value.newBuilder().setStringValue("2").build());
    }

    private Finding create(String id) {
        return client.createFinding(CreateFindingRequest.newBuilder().setParent(PARENT).setFindingId(id)
                .setFinding(finding()).build());
    }

    private static StatusCode.Code refused(Executable call) {
        return assertThrows(ApiException.class, call).getStatusCode().getCode();
    }

    @Test
    void aNewFindingIsActiveUnderItsIdWhateverStateTheRequestSays() {
        Finding created = client.createFinding(CreateFindingRequest.newBuilder().setParent(PARENT).setFindingId("abc123")
                .setFinding(finding().setState(Finding.State.INACTIVE).setName("ignored")).build());

        assertEquals(PARENT + "/findings/abc123", created.getName());
        assertEquals(Finding.State.ACTIVE, created.getState());
    }

    @Test
    void theFindingIdIsAlphanumericAndAtMost32Characters() {
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> create("mg-0123")));
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> create("a".repeat(33))));
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> create("")));
        create("a".repeat(32));
    }

    @Test
    void aSecondCreateOfTheSameIdAlreadyExists() {
        create("x1");

        assertEquals(StatusCode.Code.ALREADY_EXISTS, refused(() -> create("x1")));
    }

    @Test
    void aFindingWithoutResourceCategoryOrEventTimeIsRefused() {
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> client.createFinding(CreateFindingRequest
                .newBuilder().setParent(PARENT).setFindingId("x2").setFinding(finding().clearCategory()).build())));
    }

    @Test
    void aMaskedPropertyLeftOutOfTheRequestIsClearedAndTheOthersKept() {
        create("x3");

        Finding updated = client.updateFinding(UpdateFindingRequest.newBuilder()
                .setFinding(Finding.newBuilder().setName(PARENT + "/findings/x3")
                        .putSourceProperties("c", Value.newBuilder().setStringValue("3").build()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("source_properties.a").addPaths("source_properties.c"))
                .build());

        assertEquals(Map.of("b", "2", "c", "3"), strings(updated));
        assertEquals("GKE_NODE_METADATA_EXPOSED", updated.getCategory());
    }

    @Test
    void anEmptyMaskReplacesEveryMutableFieldAndTheSourceProperties() {
        create("x4");

        Finding updated = client.updateFinding(UpdateFindingRequest.newBuilder().setFinding(Finding.newBuilder()
                .setName(PARENT + "/findings/x4").setDescription("d")
                .putSourceProperties("c", Value.newBuilder().setStringValue("3").build())).build());

        assertEquals(Map.of("c", "3"), strings(updated));
        assertEquals("d", updated.getDescription());
        assertEquals(0, updated.getEventTime().getSeconds());
        assertEquals("//container.googleapis.com/projects/p/zones/z/clusters/c", updated.getResourceName());
    }

    @Test
    void immutableAndOutputOnlyFieldsCannotBeMasked() {
        create("x5");

        for (String path : new String[] {"category", "resource_name", "state", "mute", "create_time", "indicator"}) {
            assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> client.updateFinding(UpdateFindingRequest
                    .newBuilder().setFinding(finding().setName(PARENT + "/findings/x5"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths(path)).build())), path);
        }
    }

    @Test
    void aFutureEventTimeIsRefused() {
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> client.createFinding(CreateFindingRequest
                .newBuilder().setParent(PARENT).setFindingId("x6").setFinding(finding()
                        .setEventTime(Timestamp.newBuilder().setSeconds(4_000_000_000L))).build())));
    }

    @Test
    void stateAndMuteChangeOnlyOnAnExistingFinding() {
        create("x7");

        Finding inactive = client.setFindingState(SetFindingStateRequest.newBuilder().setName(PARENT + "/findings/x7")
                .setState(Finding.State.INACTIVE).build());
        Finding muted = client.setMute(SetMuteRequest.newBuilder().setName(PARENT + "/findings/x7")
                .setMute(Finding.Mute.MUTED).build());

        assertEquals(Finding.State.INACTIVE, inactive.getState());
        assertEquals(Finding.Mute.MUTED, muted.getMute());
        assertEquals(Finding.Mute.MUTED, muted.getMuteInfo().getStaticMute().getState());
        assertEquals(StatusCode.Code.NOT_FOUND, refused(() -> client.setFindingState(SetFindingStateRequest.newBuilder()
                .setName(PARENT + "/findings/nothere").setState(Finding.State.INACTIVE).build())));
        assertEquals(StatusCode.Code.NOT_FOUND, refused(() -> client.updateFinding(UpdateFindingRequest.newBuilder()
                .setFinding(finding().setName(PARENT + "/findings/nothere"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("description")).build())));
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> client.setFindingState(SetFindingStateRequest
                .newBuilder().setName(PARENT + "/findings/x7").build())));
    }

    @Test
    void aFilterMatchesByEqualityOrSubstringWhereTheCommentAllowsIt() {
        create("y1");

        assertEquals(1, client.listFindings(ListFindingsRequest.newBuilder().setParent(SOURCE)
                .setFilter("resource_name : \"/clusters/c\" AND category = \"GKE_NODE_METADATA_EXPOSED\"").build())
                .getPage().getResponse().getListFindingsResultsCount());
        assertEquals(0, client.listFindings(ListFindingsRequest.newBuilder().setParent(SOURCE)
                .setFilter("resource_name = \"/clusters/c\"").build()).getPage().getResponse()
                .getListFindingsResultsCount());
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> client.listFindings(ListFindingsRequest
                .newBuilder().setParent(SOURCE).setFilter("name : \"y1\"").build())));
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, refused(() -> client.listFindings(ListFindingsRequest
                .newBuilder().setParent(SOURCE).setFilter("source_properties.fingerprint = \"mg-1\"").build())));
    }

    @Test
    void aRevokedPermissionIsDeniedOnlyForTheCallsNeedingIt() {
        scc.revoke(EmbeddedSecurityCenter.UPDATE);

        assertEquals(StatusCode.Code.PERMISSION_DENIED, refused(() -> create("x8")));
        assertTrue(scc.findings().isEmpty());
        scc.restore(EmbeddedSecurityCenter.UPDATE);
        create("x8");
    }

    @Test
    void aFindingWriteNeedsFindingsUpdateInTheCallersPermissions() {
        try (EmbeddedSecurityCenter readOnly = new EmbeddedSecurityCenter(Clock.systemUTC(),
                Set.of(EmbeddedSecurityCenter.LIST, EmbeddedSecurityCenter.SET_STATE)).addSource(SOURCE)) {
            ManagedChannel other = readOnly.startInProcess("scc-" + UUID.randomUUID());
            LazyClient<SecurityCenterClient> reader = SccSink.connect(other);
            try {
                assertEquals(StatusCode.Code.PERMISSION_DENIED, refused(() -> reader.get().createFinding(
                        CreateFindingRequest.newBuilder().setParent(PARENT).setFindingId("x9").setFinding(finding())
                                .build())));
                assertEquals(StatusCode.Code.PERMISSION_DENIED, refused(() -> reader.get().updateFinding(
                        UpdateFindingRequest.newBuilder().setFinding(finding().setName(PARENT + "/findings/x9")).build())));
                assertEquals(0, reader.get().listFindings(ListFindingsRequest.newBuilder().setParent(SOURCE).build())
                        .getPage().getResponse().getListFindingsResultsCount());
            } finally {
                reader.close();
                other.shutdownNow();
            }
            assertTrue(readOnly.findings().isEmpty());
        }
    }

    @Test
    void aPermissionIamDoesNotHaveCannotBeDeclared() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new EmbeddedSecurityCenter(
                Clock.systemUTC(), Set.of("securitycenter.findings.create", EmbeddedSecurityCenter.UPDATE)));

        assertTrue(refused.getMessage().contains("'securitycenter.findings.create' is not a Google Cloud IAM permission"),
                refused.getMessage());
    }

    private static Map<String, String> strings(Finding finding) {
        return finding.getSourcePropertiesMap().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getStringValue()));
    }
}
