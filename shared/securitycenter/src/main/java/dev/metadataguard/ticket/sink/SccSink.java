package dev.metadataguard.ticket.sink;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.securitycenter.v2.Compliance;
import com.google.cloud.securitycenter.v2.CreateFindingRequest;
import com.google.cloud.securitycenter.v2.Finding;
import com.google.cloud.securitycenter.v2.ListFindingsRequest;
import com.google.cloud.securitycenter.v2.ListFindingsResponse.ListFindingsResult;
import com.google.cloud.securitycenter.v2.SecurityCenterClient;
import com.google.cloud.securitycenter.v2.SecurityCenterSettings;
import com.google.cloud.securitycenter.v2.SetFindingStateRequest;
import com.google.cloud.securitycenter.v2.UpdateFindingRequest;
import com.google.protobuf.FieldMask;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.google.GoogleClients;
import dev.metadataguard.google.LazyClient;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketSink;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Security Command Center v2: one finding per ticket fingerprint, in the source the deployment owns, at
 * {@code SOURCE/locations/global/findings/ID} with ID the fingerprint without its dash. The finding is the
 * record: its state says open (ACTIVE) or resolved (INACTIVE, {@code eventTime} then being when), and its
 * source properties keep the fingerprint, the resource key and the outcomes recorded. Every change after the
 * create is an UpdateFinding with a field mask, so nothing else on the finding (marks, other properties)
 * is overwritten. Each change writes what a retry checks last: the state, after the properties. The sink never
 * sets {@code mute}: "a finding provider shouldn't set the value of mute" (v2 {@code Finding.mute}). A finding
 * closed by an exemption carries the source property {@value #EXEMPT_KEY} {@code "true"} instead, which the
 * deployment's mute rule selects on (Terraform's {@code google_scc_v2_organization_mute_config}).
 */
final class SccSink implements TicketSink {

    static final String NAME = "scc";
    static final String ENDPOINT_VARIABLE = "MG_SCC_ENDPOINT";
    /** The source's full name, as Terraform's google_scc_v2_organization_source outputs it. */
    static final Pattern SOURCE = Pattern.compile("organizations/[0-9]+/sources/[0-9]+");
    private static final Pattern FINGERPRINT = Pattern.compile("mg-[0-9a-f]{16}");
    private static final String CONTAINER = "//container.googleapis.com/";
    /** Category of a ticket about the guard's own setup (a permission it lacks), which names no check. */
    static final String GUARD_SETUP_CATEGORY = "METADATA_GUARD_SETUP_PROBLEM";

    /** Source property keys: letters, digits and underscores, starting with a letter (Finding.source_properties). */
    static final String FINGERPRINT_KEY = "fingerprint";
    static final String RESOURCE_KEY = "resource_key";
    static final String CLUSTER_KEY = "cluster_key";
    static final String OUTCOME_KEYS = "outcome_keys";
    private static final String OUTCOMES = "outcomes";
    private static final String RESOLUTION = "resolution";
    /** {@code "true"} on a finding resolved by an exemption, {@code "false"} otherwise: what the mute rule selects. */
    static final String EXEMPT_KEY = "metadata_guard_exempt";
    private static final List<String> MUTABLE = List.of("event_time", "severity", "external_uri", "description",
            "next_steps", "source_properties." + FINGERPRINT_KEY, "source_properties." + RESOURCE_KEY,
            "source_properties." + CLUSTER_KEY, "source_properties.title", "source_properties.checks",
            "source_properties.evidence", "source_properties.fix_commands", "source_properties.created_by",
            "source_properties." + OUTCOME_KEYS, "source_properties." + OUTCOMES, "source_properties." + EXEMPT_KEY);

    /**
     * Each call the sink makes, named by the IAM permission it needs on the source. CreateFinding needs
     * securitycenter.findings.update as UpdateFinding does (v2 reference: "Creates or updates a finding").
     */
    private static final String LIST = "securitycenter.findings.list";
    private static final String UPDATE = "securitycenter.findings.update";
    private static final String SET_STATE = "securitycenter.findings.setState";
    /** What Terraform grants the ticket opener on the source: exactly the calls above. */
    static final Set<String> PERMISSIONS = Set.of(LIST, UPDATE, SET_STATE);
    private static final Duration DEADLINE = GoogleClients.DEFAULT_DEADLINE;

    private final String parent;
    private final LazyClient<SecurityCenterClient> client;
    private final Function<Ticket, Optional<String>> link;

    /**
     * @param source the deployment's source, {@code organizations/ORG/sources/ID}
     * @param link   the ticket's page in a tracker, for {@code externalUri}, when there is one
     */
    SccSink(String source, LazyClient<SecurityCenterClient> client, Function<Ticket, Optional<String>> link) {
        this.parent = source + "/locations/global";
        this.client = client;
        this.link = link;
    }

    /**
     * The real client: to Security Command Center with application default credentials, or, when an endpoint
     * is given, plaintext without credentials to a local server (the embedded Security Command Center).
     */
    static LazyClient<SecurityCenterClient> client(Optional<String> endpoint) {
        return new LazyClient<>("securitycenter", () -> SecurityCenterClient.create(endpoint
                .map(hostAndPort -> SecurityCenterSettings.newBuilder()
                        .setTransportChannelProvider(GoogleClients.plaintext(hostAndPort))
                        .setCredentialsProvider(NoCredentialsProvider.create()))
                .orElseGet(SecurityCenterSettings::newBuilder)
                .applyToAllUnaryMethods(GoogleClients.noRetries(DEADLINE)).build()));
    }

    /** Over a channel the caller owns, without credentials: tests against an in-process server. */
    static LazyClient<SecurityCenterClient> connect(ManagedChannel channel) {
        return new LazyClient<>("securitycenter", () -> SecurityCenterClient.create(SecurityCenterSettings.newBuilder()
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create())
                .applyToAllUnaryMethods(GoogleClients.noRetries(DEADLINE)).build()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TicketRecord> find(String key) {
        if (!FINGERPRINT.matcher(TicketKeys.check(key)).matches()) {
            // ListFindings filters on name, resource_name, category, state, ... but not on source properties.
            throw new ApiFailure(FailureKind.PERMANENT, LIST, "the scc sink finds a"
                    + " finding by its fingerprint, or a resource's findings by the resource (findAbout), not by '"
                    + key + "'");
        }
        return list("name = " + quoted(findingName(key)));
    }

    @Override
    public List<TicketRecord> findAbout(Ticket ticket) {
        String key = TicketKeys.check(ticket.resourceKey());
        return namesOf(ticket.resource()).stream()
                .flatMap(name -> listFound("resource_name = " + quoted(name)).stream())
                .filter(found -> found.resourceKey().equals(key))
                .map(Found::record)
                .toList();
    }

    @Override
    public List<TicketRecord> findInCluster(String cluster) {
        ResourceRef ref = ResourceRef.parse(cluster).orElseThrow(
                () -> new IllegalArgumentException(cluster + " is not a cluster name"));
        String key = TicketKeys.check(TicketComposer.clusterKey(cluster).orElseThrow());
        // ":" is ListFindings' substring match; the cluster key then keeps only this cluster and what is in it.
        return namesOf(ref.clusterName()).stream()
                .flatMap(name -> listFound("resource_name : " + quoted(name)).stream())
                .filter(found -> found.clusterKey().equals(key))
                .map(Found::record)
                .toList();
    }

    /** The clusters of the active findings, read from their resource names. */
    @Override
    public Optional<Set<String>> openClusters() {
        return Optional.of(findings("state = \"ACTIVE\"").stream()
                .flatMap(finding -> ResourceRef.parse(finding.getResourceName()).stream())
                .map(ResourceRef::clusterName)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public TicketRecord create(Ticket ticket) {
        String id = findingId(ticket.fingerprint());
        Finding finding = finding(ticket).setResourceName(resourceName(ticket.resource()))
                .setCategory(category(ticket)).setFindingClass(Finding.FindingClass.MISCONFIGURATION)
                .addAllCompliances(compliances(ticket)).build();
        try {
            client.get().createFinding(CreateFindingRequest.newBuilder().setParent(parent).setFindingId(id)
                    .setFinding(finding).build());
        } catch (ApiException e) {
            if (GaxFailures.kindOf(e) != FailureKind.ALREADY_EXISTS) {
                throw failure(UPDATE, e);
            }
            // An earlier attempt created it and failed after: bring it up to date instead.
            update(finding.toBuilder().setName(findingName(ticket.fingerprint())), MUTABLE);
        }
        return new TicketRecord(findingName(ticket.fingerprint()), ticket.fingerprint(), true, Optional.empty(),
                ticket.outcomeKeys(), Optional.empty());
    }

    @Override
    public void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome) {
        // A finding is found without its outcomes' text, so "after" may hold only the new one: keep the keys
        // of those recorded before, which is what makes a redelivered outcome a no-op.
        Set<String> keys = new TreeSet<>(existing.outcomeKeys());
        keys.addAll(after.outcomeKeys());
        update(finding(after).setName(existing.id())
                .putSourceProperties(OUTCOME_KEYS, list(keys.stream().map(SccSink::text).toList())), List.of("source_properties." + OUTCOME_KEYS,
                "source_properties." + OUTCOMES, "source_properties.fix_commands", "next_steps"));
    }

    @Override
    public void resolve(TicketRecord existing, Ticket after, Resolution resolution) {
        // eventTime: "If the finding is later resolved, then this time reflects when the finding was resolved."
        update(Finding.newBuilder().setName(existing.id()).setEventTime(timestamp(resolution.at()))
                .putSourceProperties(RESOLUTION, text(resolution.reason()))
                .putSourceProperties(EXEMPT_KEY, exempt(resolution.exemption())),
                List.of("event_time", "source_properties." + RESOLUTION, "source_properties." + EXEMPT_KEY));
        setState(existing.id(), Finding.State.INACTIVE);
    }

    @Override
    public void reopen(TicketRecord existing, Ticket after, Instant seenAgain) {
        update(Finding.newBuilder().setName(existing.id()).setEventTime(timestamp(seenAgain))
                .putSourceProperties(RESOLUTION, text("")).putSourceProperties(EXEMPT_KEY, exempt(false)),
                List.of("event_time", "source_properties." + RESOLUTION, "source_properties." + EXEMPT_KEY));
        setState(existing.id(), Finding.State.ACTIVE);
    }

    @Override
    public void close() {
        client.close();
    }

    /** The finding ID: alphanumeric, 1 to 32 characters (CreateFindingRequest.finding_id). */
    static String findingId(String fingerprint) {
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new ApiFailure(FailureKind.PERMANENT, UPDATE, "'" + fingerprint
                    + "' is not a ticket fingerprint (mg- and 16 hex digits)");
        }
        return fingerprint.replace("-", "");
    }

    /**
     * The full resource name as Cloud Asset Inventory writes it ({@link ResourceRef#assetName}: {@code zones/Z} for a
     * zonal cluster, {@code locations/R} for a regional one), so a finding lines up with its asset and with other
     * scanners' findings about it; a name that is no cluster's or pool's keeps the container prefix.
     */
    static String resourceName(String resource) {
        return ResourceRef.parse(resource).map(ResourceRef::assetName)
                .orElse(resource.startsWith("projects/") ? CONTAINER + resource : resource);
    }

    /**
     * Every name a finding about {@code resource} may carry: the asset's, and for a zonal one also the
     * {@code locations/} form that findings written before carry, so that those are still found and updated.
     */
    static List<String> namesOf(String resource) {
        String asset = resourceName(resource);
        String earlier = ResourceRef.parse(resource).map(ref -> CONTAINER + ref.name()).orElse(asset);
        return asset.equals(earlier) ? List.of(asset) : List.of(asset, earlier);
    }

    /** The CIS GKE Benchmark recommendations the ticket's checks enforce, as one Compliance; none when none do. */
    static List<Compliance> compliances(Ticket ticket) {
        List<String> ids = ticket.problems().stream()
                .flatMap(problem -> Checks.byId(problem.checkId()).flatMap(Check::cis).stream())
                .map(CisItem::id).distinct().sorted().toList();
        return ids.isEmpty() ? List.of() : List.of(Compliance.newBuilder().setStandard(CisItem.STANDARD)
                .setVersion(CisItem.VERSION).addAllIds(ids).build());
    }

    /** The category of the ticket's first check (its problems come sorted by check id). */
    static String category(Ticket ticket) {
        return ticket.problems().stream().findFirst()
                .flatMap(problem -> Checks.byId(problem.checkId())).map(Check::category)
                .orElse(GUARD_SETUP_CATEGORY);
    }

    private String findingName(String fingerprint) {
        return parent + "/findings/" + findingId(fingerprint);
    }

    /** Everything a change may rewrite, from the ticket as it stands. */
    private Finding.Builder finding(Ticket ticket) {
        Finding.Builder finding = Finding.newBuilder()
                .setSeverity(Finding.Severity.valueOf(ticket.severity().name()))
                .setEventTime(timestamp(ticket.createdAt().orElseGet(Instant::now)))
                .setDescription(Inert.visible(ticket.summary()))
                .setNextSteps(Inert.visibleLines(ticket.fix().stream()
                        .map(step -> step.description() + (step.commands().isEmpty() ? ""
                                : "\n" + String.join("\n", step.commands())))
                        .collect(Collectors.joining("\n\n"))))
                .putSourceProperties(FINGERPRINT_KEY, text(ticket.fingerprint()))
                .putSourceProperties(RESOURCE_KEY, text(ticket.resourceKey()))
                .putSourceProperties(CLUSTER_KEY, text(TicketComposer.clusterKey(ticket.resource()).orElse("")))
                .putSourceProperties("title", text(ticket.title()))
                .putSourceProperties("checks", list(ticket.problems().stream().map(Ticket.Problem::checkId)
                        .map(SccSink::text).toList()))
                .putSourceProperties("evidence", list(ticket.problems().stream().map(SccSink::evidence).toList()))
                .putSourceProperties("fix_commands", list(ticket.fix().stream()
                        .flatMap(step -> step.commands().stream()).map(SccSink::text).toList()))
                .putSourceProperties("created_by", text(ticket.createdBy().orElse("")))
                .putSourceProperties(OUTCOME_KEYS, list(ticket.outcomeKeys().stream().sorted().map(SccSink::text)
                        .toList()))
                .putSourceProperties(OUTCOMES, list(ticket.outcomes().stream()
                        .map(outcome -> text(outcome.kind() + ": " + outcome.detail())).toList()))
                .putSourceProperties(EXEMPT_KEY, exempt(ticket.resolution().map(Resolution::exemption).orElse(false)));
        link.apply(ticket).ifPresent(finding::setExternalUri);
        return finding;
    }

    private static Value evidence(Ticket.Problem problem) {
        return Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("check", text(problem.checkId()))
                .putFields("title", text(problem.title()))
                .putFields("severity", text(problem.severity().name()))
                .putFields("field", text(problem.evidence().field()))
                .putFields("expected", text(problem.evidence().expected()))
                .putFields("actual", text(problem.evidence().actual()))).build();
    }

    /** A finding as the sink reads it back, with the resource and cluster keys it was written with. */
    private record Found(TicketRecord record, String resourceKey, String clusterKey) {
    }

    private List<TicketRecord> list(String filter) {
        return listFound(filter).stream().map(Found::record).toList();
    }

    private List<Found> listFound(String filter) {
        return findings(filter).stream()
                .sorted(Comparator.comparing((Finding f) -> f.getCreateTime().getSeconds())
                        .thenComparing(f -> f.getCreateTime().getNanos()))
                .map(SccSink::found)
                .toList();
    }

    private List<Finding> findings(String filter) {
        List<Finding> findings = new ArrayList<>();
        try {
            for (ListFindingsResult result : client.get().listFindings(ListFindingsRequest.newBuilder()
                    .setParent(parent).setFilter(filter).setPageSize(1000).build()).iterateAll()) {
                findings.add(result.getFinding());
            }
        } catch (ApiException e) {
            throw failure(LIST, e);
        }
        return findings;
    }

    private static Found found(Finding finding) {
        boolean open = finding.getState() != Finding.State.INACTIVE;
        Optional<Instant> resolvedAt = open ? Optional.empty() : Optional.of(Instant.ofEpochSecond(
                finding.getEventTime().getSeconds(), finding.getEventTime().getNanos()));
        Set<String> outcomes = finding.getSourcePropertiesOrDefault(OUTCOME_KEYS, Value.getDefaultInstance())
                .getListValue().getValuesList().stream().map(Value::getStringValue)
                .filter(key -> FINGERPRINT.matcher(key).matches())
                .collect(Collectors.toUnmodifiableSet());
        String fingerprint = property(finding, FINGERPRINT_KEY);
        return new Found(new TicketRecord(finding.getName(), fingerprint, open, resolvedAt, outcomes, Optional.empty()),
                property(finding, RESOURCE_KEY), property(finding, CLUSTER_KEY));
    }

    private static String property(Finding finding, String key) {
        return finding.getSourcePropertiesOrDefault(key, Value.getDefaultInstance()).getStringValue();
    }

    private void update(Finding.Builder finding, List<String> mask) {
        try {
            client.get().updateFinding(UpdateFindingRequest.newBuilder().setFinding(finding)
                    .setUpdateMask(FieldMask.newBuilder().addAllPaths(mask)).build());
        } catch (ApiException e) {
            throw failure(UPDATE, e);
        }
    }

    private void setState(String name, Finding.State state) {
        try {
            client.get().setFindingState(SetFindingStateRequest.newBuilder().setName(name).setState(state).build());
        } catch (ApiException e) {
            throw failure(SET_STATE, e);
        }
    }

    private ApiFailure failure(String call, ApiException e) {
        return GaxFailures.failure(GaxFailures.kindOf(e), call, parent, e);
    }

    /** A string literal of the ListFindings filter language: double quotes, backslash escapes. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Every text of a finding is shown by the console as it is: unsafe characters go in as their codes. */
    private static Value text(String value) {
        return Value.newBuilder().setStringValue(Inert.visible(value)).build();
    }

    /** The exemption mark, a string as every source property the guard writes: the mute rule compares text. */
    private static Value exempt(boolean exemption) {
        return text(Boolean.toString(exemption));
    }

    private static Value list(List<Value> values) {
        return Value.newBuilder().setListValue(ListValue.newBuilder().addAllValues(values)).build();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
