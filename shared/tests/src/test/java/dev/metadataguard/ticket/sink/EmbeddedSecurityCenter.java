package dev.metadataguard.ticket.sink;

import com.google.cloud.securitycenter.v2.CreateFindingRequest;
import com.google.cloud.securitycenter.v2.Finding;
import com.google.cloud.securitycenter.v2.ListFindingsRequest;
import com.google.cloud.securitycenter.v2.ListFindingsResponse;
import com.google.cloud.securitycenter.v2.ListFindingsResponse.ListFindingsResult;
import com.google.cloud.securitycenter.v2.SecurityCenterGrpc;
import com.google.cloud.securitycenter.v2.SetFindingStateRequest;
import com.google.cloud.securitycenter.v2.SetMuteRequest;
import com.google.cloud.securitycenter.v2.UpdateFindingRequest;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.metadataguard.testing.IamPermissions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security Command Center's v2 SecurityCenter service, for the finding calls the scc ticket sink makes, as
 * strict as the API's proto comments ({@code google/cloud/securitycenter/v2/securitycenter_service.proto},
 * {@code finding.proto}) and stricter where they leave room: what it does not implement it refuses
 * (INVALID_ARGUMENT) rather than guesses. Findings live in sources created with {@link #addSource}. The caller
 * holds on every source exactly the permissions it is built with (the ones the code declares, each checked
 * against Google's permission list by {@link IamPermissions}); a call needing another answers PERMISSION_DENIED.
 * Faults ({@link #revoke}, {@link #failNext}) make it answer PERMISSION_DENIED, RESOURCE_EXHAUSTED or UNAVAILABLE.
 */
public final class EmbeddedSecurityCenter extends SecurityCenterGrpc.SecurityCenterImplBase implements AutoCloseable {

    /** The permission each call needs on the source (IAM: Security Command Center permissions). */
    public static final String LIST = "securitycenter.findings.list";
    /**
     * CreateFinding and UpdateFinding: the v2 reference ("Creates or updates a finding",
     * organizations.sources.locations.findings.patch) needs securitycenter.findings.update for both; IAM has no
     * securitycenter.findings.create.
     */
    public static final String UPDATE = "securitycenter.findings.update";
    public static final String SET_STATE = "securitycenter.findings.setState";
    public static final String SET_MUTE = "securitycenter.findings.setMute";

    /** Finding.parent / CreateFindingRequest.parent: a source, optionally with its location. */
    private static final Pattern SOURCE = Pattern.compile("(organizations/[0-9]+/sources/[0-9]+)(?:/locations/([a-z0-9-]+))?");
    private static final Pattern FINDING = Pattern.compile(
            "(organizations/[0-9]+/sources/[0-9]+)(?:/locations/([a-z0-9-]+))?/findings/([^/]+)");
    /** CreateFindingRequest.finding_id: "alphanumeric and less than or equal to 32 characters and greater than 0". */
    private static final Pattern FINDING_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** Finding.source_properties: keys "between 1 and 255 characters", "start with a letter", alphanumerics or _. */
    private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");
    /**
     * ListFindingsRequest.filter, the part implemented: {@code field = "literal"} (equal) and {@code field : "literal"}
     * (substring) restrictions joined by AND, each operator only on the fields the comment allows it for.
     */
    private static final Pattern RESTRICTION = Pattern.compile("\\s*([a-z_]+)\\s*([=:])\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
    private static final Set<String> FILTER_FIELDS = Set.of("name", "parent", "resource_name", "category", "state");
    /** "name: `=`"; parent, resource_name, state and category also take ":". */
    private static final Set<String> SUBSTRING_FIELDS = Set.of("parent", "resource_name", "category", "state");
    /** UpdateFindingRequest.update_mask paths this service can write; others are refused. */
    private static final Set<String> MUTABLE = Set.of("event_time", "severity", "external_uri", "description",
            "next_steps", "mute_initiator", "finding_class", "source_properties");
    /** Fields an update mask may not name: immutable after creation, output only, or set by their own call. */
    private static final Map<String, String> NOT_UPDATABLE = Map.of(
            "resource_name", "is immutable", "category", "is immutable", "parent", "is immutable",
            "name", "is the finding's identifier", "state", "is output only; use SetFindingState",
            "mute", "is set with SetMute", "mute_info", "is output only", "create_time", "is output only",
            "security_marks", "is output only", "canonical_name", "is output only");

    private final Clock clock;
    private final Set<String> sources = new HashSet<>();
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final Set<String> held;
    private final Set<String> revoked = new HashSet<>();
    private final Deque<Status> failures = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private long created;
    private Server server;

    /**
     * @param held the permissions the caller holds on each source (an organisation-level custom role's)
     * @throws IllegalArgumentException if one of them is not a permission such a role may hold
     */
    public EmbeddedSecurityCenter(Clock clock, Set<String> held) {
        this.clock = clock;
        this.held = IamPermissions.known(held, IamPermissions.Level.ORGANIZATION);
    }

    /** A source the deployment owns, {@code organizations/ORG/sources/ID}. */
    public synchronized EmbeddedSecurityCenter addSource(String source) {
        if (!SOURCE.matcher(source).matches() || source.contains("/locations/")) {
            throw new IllegalArgumentException("not a source name: " + source);
        }
        sources.add(source);
        return this;
    }

    /** The caller no longer holds {@code permission}: each call needing it answers PERMISSION_DENIED. */
    public synchronized void revoke(String permission) {
        revoked.add(permission);
    }

    public synchronized void restore(String permission) {
        revoked.remove(permission);
    }

    /** The next call answers {@code status} instead (UNAVAILABLE, RESOURCE_EXHAUSTED, ...), once per call queued. */
    public synchronized void failNext(Status status) {
        failures.add(status);
    }

    /** Every finding, in the order they were created. */
    public synchronized List<Finding> findings() {
        return findings.values().stream().sorted(Comparator.comparing(f -> f.getCreateTime().getSeconds() * 1_000_000_000L
                + f.getCreateTime().getNanos())).toList();
    }

    /** The calls answered (successfully or not), by method name, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Serves in process under {@code name}; the channel is the caller's to shut down. */
    public synchronized ManagedChannel startInProcess(String name) {
        try {
            server = InProcessServerBuilder.forName(name).directExecutor().addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    /** Serves plaintext gRPC on a free loopback port, for the real client in another process; returns host:port. */
    public synchronized String startOnLoopback() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Override
    public void createFinding(CreateFindingRequest request, StreamObserver<Finding> answer) {
        respond("CreateFinding", answer, () -> {
            Matcher parent = required(SOURCE, request.getParent(), "parent");
            String source = source(parent.group(1), UPDATE);
            if (!FINDING_ID.matcher(request.getFindingId()).matches()) {
                throw invalid("finding_id '" + request.getFindingId() + "' must be alphanumeric and 1 to 32 characters");
            }
            if (!request.hasFinding()) {
                throw invalid("finding is required");
            }
            String name = source + "/locations/" + location(parent.group(2)) + "/findings/" + request.getFindingId();
            if (findings.containsKey(name)) {
                throw Status.ALREADY_EXISTS.withDescription("Requested entity already exists: " + name).asRuntimeException();
            }
            Finding given = request.getFinding();
            // CreateFindingRequest.finding: "The name and security_marks will be ignored"; state is output only.
            Finding finding = checked(given.toBuilder().clearName().clearSecurityMarks().clearState().clearMute()
                    .clearMuteInfo().clearCanonicalName().clearMuteUpdateTime()
                    .setName(name).setParent(source + "/locations/" + location(parent.group(2)))
                    .setState(Finding.State.ACTIVE).setMute(Finding.Mute.UNDEFINED)
                    .setCreateTime(nextCreateTime()).build());
            if (finding.getResourceName().isEmpty() || finding.getCategory().isEmpty() || !finding.hasEventTime()) {
                throw invalid("a new finding needs resource_name, category and event_time");
            }
            findings.put(name, finding);
            return finding;
        });
    }

    @Override
    public void updateFinding(UpdateFindingRequest request, StreamObserver<Finding> answer) {
        respond("UpdateFinding", answer, () -> {
            Matcher name = required(FINDING, request.getFinding().getName(), "finding.name");
            source(name.group(1), UPDATE);
            String key = findingName(name);
            Finding current = findings.get(key);
            if (current == null) {
                // "This field should not be specified when creating a finding": an update of a missing one is refused.
                throw Status.NOT_FOUND.withDescription("finding " + key + " does not exist"
                        + (request.hasUpdateMask() ? " (UpdateFinding creates only without an update_mask)" : ""))
                        .asRuntimeException();
            }
            Finding.Builder updated = current.toBuilder();
            Finding given = request.getFinding();
            List<String> paths = request.getUpdateMask().getPathsList();
            if (paths.isEmpty()) {
                // "an empty mask is treated as updating all mutable fields and replacing source_properties"
                for (String field : MUTABLE) {
                    copy(field, given, updated);
                }
            }
            for (String path : paths) {
                if (path.startsWith("source_properties.")) {
                    String property = path.substring("source_properties.".length());
                    if (!PROPERTY_KEY.matcher(property).matches()) {
                        throw invalid("update_mask path " + path + ": not a source property key");
                    }
                    if (given.containsSourceProperties(property)) {
                        updated.putSourceProperties(property, given.getSourcePropertiesOrThrow(property));
                    } else {
                        updated.removeSourceProperties(property); // a masked field left out of the request is cleared
                    }
                } else if (NOT_UPDATABLE.containsKey(path)) {
                    throw invalid("update_mask path " + path + ": the field " + NOT_UPDATABLE.get(path));
                } else if (MUTABLE.contains(path)) {
                    copy(path, given, updated);
                } else {
                    throw invalid("update_mask path " + path + " is not a field this service updates");
                }
            }
            Finding finding = checked(updated.build());
            findings.put(key, finding);
            return finding;
        });
    }

    @Override
    public void setFindingState(SetFindingStateRequest request, StreamObserver<Finding> answer) {
        respond("SetFindingState", answer, () -> {
            String key = existing(request.getName(), SET_STATE);
            if (request.getState() != Finding.State.ACTIVE && request.getState() != Finding.State.INACTIVE) {
                throw invalid("state is required: ACTIVE or INACTIVE");
            }
            Finding finding = findings.get(key).toBuilder().setState(request.getState()).build();
            findings.put(key, finding);
            return finding;
        });
    }

    @Override
    public void setMute(SetMuteRequest request, StreamObserver<Finding> answer) {
        respond("SetMute", answer, () -> {
            String key = existing(request.getName(), SET_MUTE);
            if (request.getMute() != Finding.Mute.MUTED && request.getMute() != Finding.Mute.UNMUTED) {
                throw invalid("mute is required: MUTED or UNMUTED");
            }
            Timestamp now = timestamp(clock.instant());
            Finding finding = findings.get(key).toBuilder().setMute(request.getMute()).setMuteUpdateTime(now)
                    .setMuteInfo(Finding.MuteInfo.newBuilder().setStaticMute(Finding.MuteInfo.StaticMute.newBuilder()
                            .setState(request.getMute()).setApplyTime(now)))
                    .build();
            findings.put(key, finding);
            return finding;
        });
    }

    @Override
    public void listFindings(ListFindingsRequest request, StreamObserver<ListFindingsResponse> answer) {
        respond("ListFindings", answer, () -> {
            Matcher parent = required(SOURCE, request.getParent(), "parent");
            String source = source(parent.group(1), LIST);
            // page_size: "Default is 10, minimum is 1, maximum is 1000."
            int size = request.getPageSize() == 0 ? 10 : request.getPageSize();
            if (size < 1 || size > 1000) {
                throw invalid("page_size must be between 1 and 1000");
            }
            int from = page(request.getPageToken());
            List<Restriction> wanted = filter(request.getFilter());
            List<Finding> matching = findings.values().stream()
                    .filter(f -> f.getName().startsWith(source + "/"))
                    .filter(f -> parent.group(2) == null || f.getParent().endsWith("/locations/" + parent.group(2)))
                    .filter(f -> wanted.stream().allMatch(w -> w.test(field(f, w.field()))))
                    .sorted(Comparator.comparing(Finding::getName))
                    .toList();
            ListFindingsResponse.Builder response = ListFindingsResponse.newBuilder().setTotalSize(matching.size());
            matching.stream().skip(from).limit(size).forEach(f -> response.addListFindingsResults(
                    ListFindingsResult.newBuilder().setFinding(f)
                            .setResource(ListFindingsResult.Resource.newBuilder().setName(f.getResourceName()))));
            if (from + size < matching.size()) {
                response.setNextPageToken(Integer.toString(from + size));
            }
            return response.build();
        });
    }

    private synchronized <T> void respond(String method, StreamObserver<T> answer, Supplier<T> call) {
        calls.add(method);
        T result;
        try {
            Status injected = failures.poll();
            if (injected != null) {
                throw injected.asRuntimeException();
            }
            result = call.get();
        } catch (StatusRuntimeException e) {
            answer.onError(e);
            return;
        }
        answer.onNext(result);
        answer.onCompleted();
    }

    private String source(String source, String permission) {
        if (!held.contains(permission) || revoked.contains(permission)) {
            throw Status.PERMISSION_DENIED.withDescription("Permission '" + permission + "' denied on resource '"
                    + source + "' (or it may not exist).").asRuntimeException();
        }
        if (!sources.contains(source)) {
            throw Status.NOT_FOUND.withDescription("source " + source + " does not exist").asRuntimeException();
        }
        return source;
    }

    private String existing(String name, String permission) {
        Matcher finding = required(FINDING, name, "name");
        source(finding.group(1), permission);
        String key = findingName(finding);
        if (!findings.containsKey(key)) {
            throw Status.NOT_FOUND.withDescription("finding " + key + " does not exist").asRuntimeException();
        }
        return key;
    }

    /** "If no location is specified, finding is assumed to be in global." */
    private static String findingName(Matcher finding) {
        if (!FINDING_ID.matcher(finding.group(3)).matches()) {
            throw invalid("finding id '" + finding.group(3) + "' must be alphanumeric and 1 to 32 characters");
        }
        return finding.group(1) + "/locations/" + location(finding.group(2)) + "/findings/" + finding.group(3);
    }

    private static String location(String location) {
        return location == null ? "global" : location;
    }

    /** What any stored finding must satisfy, after a create or an update. */
    private Finding checked(Finding finding) {
        for (String key : finding.getSourcePropertiesMap().keySet()) {
            if (!PROPERTY_KEY.matcher(key).matches()) {
                throw invalid("source_properties key '" + key + "' must start with a letter and hold only letters,"
                        + " digits and underscores (1 to 255)");
            }
        }
        // external_uri: "guaranteed to be either empty or a well formed URL"
        if (!finding.getExternalUri().isEmpty()) {
            try {
                URI uri = new URI(finding.getExternalUri());
                if (!uri.isAbsolute() || uri.getHost() == null) {
                    throw invalid("external_uri '" + finding.getExternalUri() + "' is not a well formed URL");
                }
            } catch (URISyntaxException e) {
                throw invalid("external_uri is not a well formed URL: " + e.getReason());
            }
        }
        // event_time: "This must not be set to a value greater than the current timestamp."
        if (finding.hasEventTime() && instant(finding.getEventTime()).isAfter(clock.instant())) {
            throw invalid("event_time " + instant(finding.getEventTime()) + " is in the future");
        }
        return finding;
    }

    private static void copy(String field, Finding from, Finding.Builder to) {
        switch (field) {
            case "event_time" -> to.setEventTime(from.getEventTime());
            case "severity" -> to.setSeverity(from.getSeverity());
            case "external_uri" -> to.setExternalUri(from.getExternalUri());
            case "description" -> to.setDescription(from.getDescription());
            case "next_steps" -> to.setNextSteps(from.getNextSteps());
            case "mute_initiator" -> to.setMuteInitiator(from.getMuteInitiator());
            case "finding_class" -> to.setFindingClass(from.getFindingClass());
            case "source_properties" -> to.clearSourceProperties().putAllSourceProperties(from.getSourcePropertiesMap());
            default -> throw new IllegalStateException(field);
        }
    }

    /** One restriction of a filter: {@code field = "value"} or {@code field : "value"}. */
    private record Restriction(String field, boolean substring, String value) {
        boolean test(String actual) {
            return substring ? actual.contains(value) : actual.equals(value);
        }
    }

    private static List<Restriction> filter(String filter) {
        List<Restriction> wanted = new ArrayList<>();
        if (filter.isBlank()) {
            return wanted;
        }
        for (String restriction : filter.split("\\bAND\\b", -1)) {
            Matcher m = RESTRICTION.matcher(restriction);
            boolean valid = m.matches() && FILTER_FIELDS.contains(m.group(1))
                    && (m.group(2).equals("=") || SUBSTRING_FIELDS.contains(m.group(1)));
            if (!valid) {
                throw invalid("filter restriction '" + restriction.strip() + "': this service understands only"
                        + " field = \"string\" on " + FILTER_FIELDS + " and field : \"string\" on " + SUBSTRING_FIELDS
                        + ", joined by AND");
            }
            wanted.add(new Restriction(m.group(1), m.group(2).equals(":"), m.group(3).replaceAll("\\\\(.)", "$1")));
        }
        return wanted;
    }

    private static String field(Finding finding, String field) {
        return switch (field) {
            case "name" -> finding.getName();
            case "parent" -> finding.getParent();
            case "resource_name" -> finding.getResourceName();
            case "category" -> finding.getCategory();
            case "state" -> finding.getState().name();
            default -> throw new IllegalStateException(field);
        };
    }

    private static int page(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw invalid("page_token '" + token + "' was not returned by ListFindings");
        }
    }

    private static Matcher required(Pattern pattern, String value, String field) {
        if (value.isEmpty()) {
            throw invalid(field + " is required");
        }
        Matcher m = pattern.matcher(value);
        if (!m.matches()) {
            throw invalid(field + " '" + value + "' is not a valid resource name");
        }
        return m;
    }

    /** Create times strictly increase, so "oldest first" is well defined even within one clock tick. */
    private Timestamp nextCreateTime() {
        Instant now = clock.instant().plusNanos(created++);
        return timestamp(now);
    }

    private static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    private static Instant instant(Timestamp at) {
        return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
    }

    /** A source property as a string, for tests reading what the sink wrote. */
    public static String property(Finding finding, String key) {
        return finding.getSourcePropertiesOrDefault(key, Value.getDefaultInstance()).getStringValue();
    }
}
