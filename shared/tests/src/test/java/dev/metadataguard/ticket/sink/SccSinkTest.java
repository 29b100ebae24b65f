package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static dev.metadataguard.ticket.Samples.MG002;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.securitycenter.v2.Finding;
import com.google.protobuf.Value;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.ticket.OutcomeKey;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesk.Change;
import dev.metadataguard.ticket.TicketSink;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scc sink: the real SecurityCenterClient against the embedded Security Command Center, in process. */
class SccSinkTest extends TicketLifecycleContract {

    static final String SOURCE = "organizations/123456789012/sources/4417";

    private final EmbeddedSecurityCenter scc = new EmbeddedSecurityCenter(Clock.systemUTC(), SccSink.PERMISSIONS)
            .addSource(SOURCE);
    private final ManagedChannel channel = scc.startInProcess("scc-" + UUID.randomUUID());

    @AfterEach
    void stop() {
        channel.shutdownNow();
        scc.close();
    }

    @Override
    protected TicketSink newSink() {
        return new SccSink(SOURCE, SccSink.connect(channel), ticket -> Optional.of("https://github.com/acme/sec/issues/7"));
    }

    @Override
    protected List<Held> held() {
        return scc.findings().stream().map(f -> new Held(EmbeddedSecurityCenter.property(f, SccSink.FINGERPRINT_KEY),
                f.getState() == Finding.State.ACTIVE, strings(f, SccSink.OUTCOME_KEYS))).toList();
    }

    private static Set<String> strings(Finding finding, String key) {
        return finding.getSourcePropertiesOrDefault(key, Value.getDefaultInstance()).getListValue().getValuesList()
                .stream().map(Value::getStringValue).collect(Collectors.toSet());
    }

    private Finding only() {
        assertEquals(1, scc.findings().size(), "findings");
        return scc.findings().get(0);
    }

    @Test
    void aViolationIsOneActiveFindingSayingWhatTheTicketSays() {
        Decision decision = Samples.violation(MG001, MG002);

        Samples.desk(sink()).apply(Samples.evaluated(decision));

        Finding finding = only();
        assertEquals(SOURCE + "/locations/global/findings/" + decision.fingerprint().replace("-", ""), finding.getName());
        assertEquals("//container.googleapis.com/" + Samples.POOL, finding.getResourceName());
        assertEquals("GKE_NODE_METADATA_EXPOSED", finding.getCategory());
        assertEquals(Finding.Severity.HIGH, finding.getSeverity());
        assertEquals(Finding.FindingClass.MISCONFIGURATION, finding.getFindingClass());
        assertEquals(Samples.CREATED.getEpochSecond(), finding.getEventTime().getSeconds());
        assertEquals(Finding.State.ACTIVE, finding.getState());
        assertEquals("https://github.com/acme/sec/issues/7", finding.getExternalUri());
        assertEquals(Set.of("MG001", "MG002"), strings(finding, "checks"));
        List<Value> evidence = finding.getSourcePropertiesOrThrow("evidence").getListValue().getValuesList();
        assertEquals("config.workloadMetadataConfig.mode",
                evidence.get(0).getStructValue().getFieldsOrThrow("field").getStringValue());
        assertEquals("GCE_METADATA", evidence.get(0).getStructValue().getFieldsOrThrow("actual").getStringValue());
        assertTrue(strings(finding, "fix_commands").stream().anyMatch(c -> c.startsWith("gcloud container node-pools create")),
                finding.getSourcePropertiesOrThrow("fix_commands").toString());
        assertEquals(decision.fingerprint(), EmbeddedSecurityCenter.property(finding, SccSink.FINGERPRINT_KEY));
    }

    private static final String ZONAL_POOL = "projects/acme-prod/locations/europe-west1-b/clusters/payments/nodePools/batch";

    /** Cloud Asset Inventory's name of a zonal pool ("Asset names": container.googleapis.com/NodePool) uses zones/. */
    @Test
    void aFindingCarriesTheNameCloudAssetInventoryGivesItsResource() {
        TicketDesk desk = Samples.desk(sink());
        desk.apply(Samples.evaluated(Samples.decision(ZONAL_POOL, Outcome.VIOLATION, Samples.CREATED, MG002)));
        desk.apply(Samples.evaluated(Samples.violation(MG001)));

        assertEquals(List.of("//container.googleapis.com/projects/acme-prod/zones/europe-west1-b/clusters/payments/nodePools/batch",
                        "//container.googleapis.com/projects/acme-prod/locations/europe-west1/clusters/c1/nodePools/np-1"),
                scc.findings().stream().map(Finding::getResourceName).toList());
    }

    /** Findings an earlier version wrote under the locations/ form are found, and resolved, not duplicated. */
    @Test
    void aZonalFindingWrittenUnderItsLocationsNameIsStillFoundAndResolved() {
        Decision decision = Samples.decision(ZONAL_POOL, Outcome.VIOLATION, Samples.CREATED, MG002);
        Ticket ticket = Samples.composer().violation(decision, Optional.empty());
        Finding earlier = Finding.newBuilder().setResourceName("//container.googleapis.com/" + ZONAL_POOL)
                .setCategory("GKE_NODE_DEFAULT_SERVICE_ACCOUNT").setState(Finding.State.ACTIVE)
                .setSeverity(Finding.Severity.HIGH)
                .setEventTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(Samples.CREATED.getEpochSecond()))
                .putSourceProperties(SccSink.FINGERPRINT_KEY, Value.newBuilder().setStringValue(decision.fingerprint()).build())
                .putSourceProperties(SccSink.RESOURCE_KEY, Value.newBuilder().setStringValue(ticket.resourceKey()).build())
                .build();
        SccSink.connect(channel).get().createFinding(com.google.cloud.securitycenter.v2.CreateFindingRequest.newBuilder()
                .setParent(SOURCE + "/locations/global").setFindingId(decision.fingerprint().replace("-", ""))
                .setFinding(earlier).build());

        Samples.desk(sink()).apply(Samples.evaluated(Samples.decision(ZONAL_POOL, Outcome.COMPLIANT, RESOLVED_AT)));

        assertEquals(Finding.State.INACTIVE, only().getState());
    }

    /** CIS GKE Benchmark 1.6.0 items of the ticket's checks; MG004 has none since 1.6.0 dropped it. */
    @Test
    void aFindingNamesTheCisGkeBenchmarkItemsOfItsChecks() {
        TicketDesk desk = Samples.desk(sink());
        desk.apply(Samples.evaluated(Samples.violation(MG001, MG002)));
        desk.apply(Samples.evaluated(Samples.decision(ZONAL_POOL, Outcome.VIOLATION, Samples.CREATED, Samples.MG004)));

        com.google.cloud.securitycenter.v2.Compliance cis = scc.findings().get(0).getCompliances(0);
        assertEquals("cis-gke", cis.getStandard());
        assertEquals("1.6.0", cis.getVersion());
        assertEquals(List.of("5.2.1", "5.4.1"), cis.getIdsList());
        assertEquals(0, scc.findings().get(1).getCompliancesCount());
        assertEquals(Finding.Severity.LOW, scc.findings().get(1).getSeverity(), "MG004 is informational");
    }

    @Test
    void aSweepsListNamesTheClustersWithActiveFindingsThatItDidNotFindAndChangesNothing() {
        TicketDesk desk = Samples.desk(sink());
        String gone = "projects/p/locations/l/clusters/gone";
        String kept = "projects/p/locations/l/clusters/kept";
        desk.apply(Samples.evaluated(Samples.decision(gone + "/nodePools/n", Outcome.VIOLATION, Samples.CREATED, MG002)));
        desk.apply(Samples.evaluated(Samples.decision(kept + "/nodePools/n", Outcome.VIOLATION, Samples.CREATED, MG002)));
        desk.apply(Samples.evaluated(Samples.violation(MG001)));
        desk.apply(Samples.compliantAt(RESOLVED_AT)); // Samples.POOL's cluster: its only finding is inactive
        List<Finding> before = scc.findings();

        TicketDesk.Applied applied = desk.apply(new TicketRequest.Swept("sweep-1", RESOLVED_AT, List.of(kept)));

        assertEquals(List.of(gone), applied.readAgain());
        assertEquals(Change.UNCHANGED, applied.change());
        assertEquals(before, scc.findings());
    }

    @Test
    void theCategoryIsTheFirstChecksAndAGuardProblemHasItsOwn() {
        TicketDesk desk = Samples.desk(sink());
        desk.apply(Samples.evaluated(Samples.decision("projects/p/locations/l/clusters/c/nodePools/n",
                Outcome.VIOLATION, Samples.CREATED, MG002)));
        desk.apply(Samples.guardProblem());

        assertEquals(List.of("GKE_NODE_DEFAULT_SERVICE_ACCOUNT", SccSink.GUARD_SETUP_CATEGORY),
                scc.findings().stream().map(Finding::getCategory).toList());
    }

    @Test
    void theResolutionKeepsTheEvidenceItDoesNotMask() {
        TicketDesk desk = Samples.desk(sink());
        desk.apply(Samples.evaluated(Samples.violation(MG001)));

        desk.apply(Samples.compliantAt(RESOLVED_AT));

        Finding finding = only();
        assertEquals(Finding.State.INACTIVE, finding.getState());
        assertEquals(RESOLVED_AT.getEpochSecond(), finding.getEventTime().getSeconds());
        assertEquals("re-evaluated compliant", EmbeddedSecurityCenter.property(finding, "resolution"));
        assertEquals(1, finding.getSourcePropertiesOrThrow("evidence").getListValue().getValuesCount());
        assertEquals(Finding.Mute.UNDEFINED, finding.getMute());
    }

    @Test
    void anExemptResourcesFindingIsMarkedForTheMuteRuleNeverMutedByTheSinkAndUnmarkedWhenItComesBack() {
        TicketDesk desk = Samples.desk(sink());
        desk.apply(Samples.evaluated(Samples.violation(MG001)));
        assertEquals("false", EmbeddedSecurityCenter.property(only(), SccSink.EXEMPT_KEY), "marked from the start");
        Decision exempt = new Decision(Samples.violation().fingerprint(), Samples.POOL, Outcome.EXEMPT, List.of(),
                List.of(), dev.metadataguard.decision.Action.NONE, "sandbox, owner: team-x\u202e", "dry-run",
                "google.container.v1.ClusterManager.UpdateNodePool", "op-2", "bob@example.com", RESOLVED_AT, null);

        assertEquals(Change.RESOLVED, desk.apply(Samples.evaluated(exempt)).change());

        Finding resolved = only();
        assertEquals(Finding.State.INACTIVE, resolved.getState());
        assertEquals("true", EmbeddedSecurityCenter.property(resolved, SccSink.EXEMPT_KEY));
        assertEquals(Finding.Mute.UNDEFINED, resolved.getMute(), "a finding provider shouldn't set the value of mute");
        assertEquals("", resolved.getMuteInitiator(), "no message text reaches mute_initiator");
        assertEquals("exempt by policy: sandbox, owner: team-x\\u202E",
                EmbeddedSecurityCenter.property(resolved, "resolution"), "the reason, inert, in a source property");

        assertEquals(Change.REOPENED, desk.apply(Samples.evaluated(
                Samples.decision(Samples.POOL, Outcome.VIOLATION, LATER, MG001))).change());

        Finding back = only();
        assertEquals(Finding.State.ACTIVE, back.getState());
        assertEquals("false", EmbeddedSecurityCenter.property(back, SccSink.EXEMPT_KEY));
        assertEquals(Finding.Mute.UNDEFINED, back.getMute());
        assertEquals(Samples.CLOCK.instant().plusSeconds(300).getEpochSecond(), back.getEventTime().getSeconds(),
                "a time in a message counts for no later than now plus five minutes");
        assertTrue(scc.calls().stream().noneMatch(call -> call.equals("SetMute")), scc.calls().toString());
    }

    @Test
    void aRetriedCreateThatFindsTheFindingThereUpdatesIt() {
        Ticket ticket = Samples.composer().violation(Samples.violation(MG001), Optional.empty());
        sink().create(ticket);
        Ticket withOutcome = ticket.withOutcome(Samples.replacementCreated());

        sink().create(withOutcome);

        assertEquals(Set.of(OutcomeKey.of(Samples.replacementCreated())), strings(only(), SccSink.OUTCOME_KEYS));
        assertEquals(List.of("CreateFinding", "CreateFinding", "UpdateFinding"), scc.calls());
    }

    @Test
    void aMissingPermissionIsAPermissionProblemNotARetry() {
        TicketDesk desk = Samples.desk(sink());
        desk.apply(Samples.evaluated(Samples.violation(MG001)));
        scc.revoke(EmbeddedSecurityCenter.SET_STATE);

        ApiFailure failure = assertThrows(ApiFailure.class, () -> desk.apply(Samples.compliantAt(RESOLVED_AT)));

        assertEquals(FailureKind.PERMISSION_DENIED, failure.kind());
        assertTrue(failure.getMessage().contains("securitycenter.findings.setState"), failure.getMessage());
    }

    @Test
    void aRateLimitIsRetriedAndTheRetryFinishesTheChange() {
        TicketDesk desk = Samples.desk(sink());
        scc.failNext(Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded for quota metric 'Write requests'"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> desk.apply(Samples.evaluated(Samples.violation(MG001))));

        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals(Change.OPENED, desk.apply(Samples.evaluated(Samples.violation(MG001))).change());
        assertEquals(1, scc.findings().size());
    }

    @Test
    void anUnknownSourceIsNotFound() {
        TicketSink elsewhere = new SccSink("organizations/123456789012/sources/1", SccSink.connect(channel),
                ticket -> Optional.empty());

        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> Samples.desk(elsewhere).apply(Samples.evaluated(Samples.violation(MG001))));

        assertEquals(FailureKind.NOT_FOUND, failure.kind());
    }

    @Test
    void aResourceKeyAloneIsNoQueryTheApiCanAnswer() {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> sink().find("resource-mg-0123456789abcdef"));

        assertEquals(FailureKind.PERMANENT, failure.kind());
    }

    @Test
    void theFindingIdIsTheFingerprintWithinTheApisFormat() {
        assertEquals("mg0123456789abcdef", SccSink.findingId("mg-0123456789abcdef"));
        assertThrows(ApiFailure.class, () -> SccSink.findingId("mg-../../x"));
    }
}
