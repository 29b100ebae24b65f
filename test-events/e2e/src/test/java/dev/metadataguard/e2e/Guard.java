package dev.metadataguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.config.Json;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.replay.MessagePublished;
import dev.metadataguard.sweep.EmbeddedAssetService;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketJson;
import dev.metadataguard.ticket.sink.EmbeddedSecurityCenter;
import dev.metadataguard.ticket.sink.FakeGitHub;
import dev.metadataguard.ticket.sink.TicketSinks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Metadata Guard running on this machine the way it runs in the cloud: the functions, each under the real
 * Functions Framework invoker in its own process with the environment Terraform gives it, fed from the
 * Pub/Sub emulator by {@link PushBridge}s, reaching the embedded GKE over loopback gRPC (and the estate
 * sweeper an embedded Cloud Asset Inventory over it), and opening GitHub issues in a local GitHub or
 * ticket files in a folder. Started once per suite; scenarios use resources of their own.
 */
final class Guard implements AutoCloseable {

    /** The functions, by name, with the topics whose Eventarc triggers deliver to them (the first is its own). */
    enum Function {
        AUDIT_INSPECTOR("audit-inspector", "dev.metadataguard.functions.AuditInspector",
                "gke-audit-events", "inspection-requests"),
        NODE_POOL_REPLACER("node-pool-replacer", "dev.metadataguard.functions.NodePoolReplacer", "replacement-requests"),
        TICKET_OPENER("ticket-opener", "dev.metadataguard.functions.TicketOpener", "ticket-requests"),
        ESTATE_SWEEPER("estate-sweeper", "dev.metadataguard.functions.EstateSweeper", "sweep-requests");

        /** The three that every scenario runs; the sweeper runs where a scenario sweeps. */
        static final Set<Function> EVENT_DRIVEN = EnumSet.of(AUDIT_INSPECTOR, NODE_POOL_REPLACER, TICKET_OPENER);

        final String trigger;
        final String target;
        final List<String> topics;

        Function(String trigger, String target, String... topics) {
            this.trigger = trigger;
            this.target = target;
            this.topics = List.of(topics);
        }
    }

    /**
     * How much had happened by one moment, so that a scenario can assert exactly what it added.
     *
     * @param ticketRequests      deliveries to the ticket opener
     * @param replacementRequests deliveries to the node-pool replacer
     */
    record Counts(int issues, int createNodePoolCalls, int ticketRequests, int replacementRequests) {
        Counts minus(Counts before) {
            return new Counts(issues - before.issues, createNodePoolCalls - before.createNodePoolCalls,
                    ticketRequests - before.ticketRequests, replacementRequests - before.replacementRequests);
        }
    }

    /** A message on a dead-letter topic; {@code topic} names the topic it was dead-lettered from, without the run id. */
    record DeadLetter(String topic, String data, Map<String, String> attributes) {
    }

    static final String GITHUB_TOKEN = "ghp_e2e-token-never-logged";
    /** The source Terraform would create for the deployment (output scc_source). */
    static final String SCC_SOURCE = "organizations/123456789012/sources/4417";
    /** What the estate sweeper searches (MG_SWEEP_SCOPE): the folder the scenarios' projects sit in. */
    static final String SWEEP_SCOPE = "folders/2024";
    private static final Duration SETTLE_POLL = Duration.ofMillis(20);
    private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(15);

    private final PubsubWiring pubsub;
    private final PubsubPublisher publisher;
    private final LocalGke gke;
    private final FakeGitHub github;
    private final EmbeddedSecurityCenter scc = new EmbeddedSecurityCenter(Clock.systemUTC(),
            TicketSinks.sccSourcePermissions()).addSource(SCC_SOURCE);
    private final EmbeddedAssetService assets;
    private final Path ticketFolder;
    /** Every topic of the deployment by its name in terraform/pubsub.tf, as its full name in the emulator. */
    private final Map<String, String> topics = new LinkedHashMap<>();
    private final Map<String, String> deadLetterTaps = new TreeMap<>();
    private final Map<Function, InvokerProcess> functions = new LinkedHashMap<>();
    /** By the name of the topic each delivers from. */
    private final Map<String, PushBridge> bridges = new LinkedHashMap<>();

    private Guard(PubsubWiring pubsub, PubsubPublisher publisher, LocalGke gke, FakeGitHub github) throws IOException {
        this.pubsub = pubsub;
        this.publisher = publisher;
        this.gke = gke;
        this.github = github;
        this.assets = EmbeddedAssetService.loopback(gke::clustersOf);
        this.ticketFolder = Files.createTempDirectory("mg-e2e-tickets");
    }

    /**
     * @param policy    a policy without a {@code tickets:} section: the guard adds one for its sinks
     * @param sinks     {@code github}, {@code scc}, {@code directory} or several: the local GitHub, the embedded
     *                  Security Command Center, a temporary folder
     * @param functions the functions to run
     */
    static Guard start(String policy, List<String> sinks, Set<Function> functions) {
        PubsubEmulator emulator = PubsubEmulator.get();
        String run = Long.toString(ProcessHandle.current().pid(), 36) + "-" + Long.toString(System.nanoTime(), 36);
        PubsubWiring pubsub = new PubsubWiring(emulator.host(), run);
        Guard guard;
        try {
            guard = new Guard(pubsub, emulator.publisher(), new LocalGke(), new FakeGitHub(Clock.systemUTC(), GITHUB_TOKEN));
        } catch (IOException e) {
            pubsub.close();
            throw new UncheckedIOException(e);
        }
        try {
            guard.wire(policy + guard.tickets(sinks), emulator.host(), functions);
            return guard;
        } catch (RuntimeException | Error e) {
            guard.close();
            throw e;
        }
    }

    /** The policy's tickets section: one sink written as {@code sink:}, several as {@code sinks:}. */
    private String tickets(List<String> sinks) {
        return "tickets:\n" + (sinks.size() == 1 ? "  sink: " + sinks.get(0) : "  sinks: " + sinks) + "\n"
                + "  github: {apiUrl: \"" + github.url() + "\", owner: " + FakeGitHub.OWNER + ", repo: "
                + FakeGitHub.REPO + "}\n"
                + "  scc: {source: " + SCC_SOURCE + "}\n"
                + "  directory: {path: \"" + ticketFolder + "\"}\n";
    }

    private void wire(String policy, String emulatorHost, Set<Function> started) {
        for (Function f : Function.values()) {
            f.topics.forEach(name -> topics.put(name, pubsub.topic(name)));
        }
        // The estate sweeper's scope holds the scenarios' projects and one outside the policy's.
        assets.scope(SWEEP_SCOPE, List.of("acme-prod", "acme-dev", "acme-sandbox"));
        // One environment for all, as terraform/locals.tf gives them, and each its dead-letter topic.
        Map<String, String> env = Map.ofEntries(
                // The scenarios are about the checks their events spell out; a check added later leaves them be.
                Map.entry("MG_POLICY", SpelledOutChecks.only(policy)),
                Map.entry("MG_TICKET_TOPIC", topics.get("ticket-requests")),
                Map.entry("MG_REPLACEMENT_TOPIC", topics.get("replacement-requests")),
                Map.entry("MG_SWEEP_SCOPE", SWEEP_SCOPE),
                Map.entry("MG_GKE_ENDPOINT", gke.endpoint()),
                Map.entry("MG_COMPUTE_ENDPOINT", gke.computeEndpoint()),
                Map.entry("MG_ASSET_ENDPOINT", "127.0.0.1:" + assets.port()),
                Map.entry("MG_IAM_POLICY_FILE", TestEvents.event("iam/acme-prod-iam-policy.json").toString()),
                Map.entry("MG_GITHUB_TOKEN", GITHUB_TOKEN),
                Map.entry("MG_SCC_ENDPOINT", scc.startOnLoopback()),
                Map.entry(PubsubPublisher.EMULATOR_HOST, emulatorHost));
        // The JVMs start faster side by side than one after the other.
        Map<Function, CompletableFuture<InvokerProcess>> starting = new LinkedHashMap<>();
        for (Function f : started) {
            Map<String, String> own = new HashMap<>(env);
            own.put("MG_DEAD_LETTER_TOPIC", PubsubWiring.deadLetterTopic(topics.get(f.topics.get(0))));
            if (f != Function.NODE_POOL_REPLACER) { // terraform/locals.tf: inspection_environment
                own.put("MG_INSPECTION_TOPIC", topics.get("inspection-requests"));
            }
            starting.put(f, CompletableFuture.supplyAsync(() -> invoker(f, own)));
        }
        RuntimeException failed = null;
        for (Map.Entry<Function, CompletableFuture<InvokerProcess>> f : starting.entrySet()) {
            try {
                functions.put(f.getKey(), f.getValue().join()); // those that started are closed with the guard
            } catch (CompletionException e) {
                failed = failed != null ? failed
                        : e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            }
        }
        if (failed != null) {
            throw failed;
        }
        for (Function f : started) {
            for (String name : f.topics) {
                String topic = topics.get(name);
                deadLetterTaps.put(name, pubsub.tap(PubsubWiring.deadLetterTopic(topic)));
                bridges.put(name, new PushBridge(pubsub, topic, pubsub.pushSubscription(topic, f.trigger + "-" + name),
                        functions.get(f).url()));
            }
        }
    }

    /** Each function from the jar Terraform deploys, as the runtime serves it. */
    private static InvokerProcess invoker(Function f, Map<String, String> env) {
        try {
            return InvokerProcess.startDeployed(DeployJars.of(f.trigger), f.target, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + f.trigger, e);
        }
    }

    LocalGke gke() {
        return gke;
    }

    /**
     * POSTs {@code data} straight to a function under the invoker, wrapped as Eventarc wraps a message of its
     * topic: what anyone who can publish to that topic (or reach the function) can make it receive.
     *
     * @return the HTTP status the function answered
     */
    int post(Function function, String messageId, byte[] data) {
        String topic = topics.get(function.topics.get(0));
        MessagePublished event = new MessagePublished(topic, topic.replace("/topics/", "/subscriptions/") + "-direct",
                messageId, Instant.now(), Map.of(), data);
        try {
            return HttpClient.newHttpClient().send(event.request(functions.get(function).url()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + function.trigger, e);
        }
    }

    /** The embedded Security Command Center the scc sink writes findings to. */
    EmbeddedSecurityCenter scc() {
        return scc;
    }

    /** The embedded Cloud Asset Inventory the estate sweeper searches. */
    EmbeddedAssetService assets() {
        return assets;
    }

    /** Publishes to {@code gke-audit-events}, as the Log Router sink does; returns the message id. */
    String publish(byte[] data) {
        return publish("gke-audit-events", data);
    }

    /** Publishes to the topic named {@code topic} in terraform/pubsub.tf; returns the message id. */
    String publish(String topic, byte[] data) {
        return publisher.publish(topics.get(topic), data, Map.of(), "");
    }

    /** The tickets the {@code directory} sink keeps, as it wrote them. */
    List<Ticket> ticketFiles() {
        try (Stream<Path> files = Files.list(ticketFolder)) {
            List<Ticket> tickets = new ArrayList<>();
            for (Path json : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                tickets.add(TicketJson.read(Files.readAllBytes(json)));
            }
            return tickets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every message published so far, and everything the functions published in turn, has been
     * acknowledged or dead-lettered: each function publishes before its delivery is settled, so once every
     * bridge found its subscription empty after the last settlement anywhere, nothing is left.
     */
    void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long called = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long last = bridges.values().stream().mapToLong(PushBridge::lastSettled).max().orElse(called);
            long since = Math.max(called, last);
            if (bridges.values().stream().allMatch(b -> b.idleSince(since))) {
                return;
            }
            sleep(SETTLE_POLL);
        }
        throw new AssertionError("the guard did not settle within " + timeout + "\n" + diagnostics());
    }

    Counts counts() {
        return new Counts(github.snapshot().size(), gke.calls("CreateNodePool"),
                deliveries(Function.TICKET_OPENER).size(), deliveries(Function.NODE_POOL_REPLACER).size());
    }

    /**
     * How often the replacer was told the cluster was busy (GKE runs one operation per cluster at a time)
     * and asked for a redelivery: each such delivery made one CreateNodePool call more.
     */
    int busyRetries() {
        return (int) logOf(Function.NODE_POOL_REPLACER).stream()
                .filter(l -> l.path("message").asText().equals("will retry") && l.path("failure").asText().equals("BUSY"))
                .count();
    }

    List<FakeGitHub.Issue> issues() {
        return github.snapshot();
    }

    /** The issues about one resource, whatever their finding set: those carrying its resource-key label. */
    List<FakeGitHub.Issue> issuesAbout(String resource) {
        String key = TicketComposer.resourceKey(resource);
        return issues().stream().filter(i -> i.labels().contains(key)).toList();
    }

    /** Every delivery of message {@code messageId} to {@code function} so far, in order. */
    List<PushBridge.Delivery> deliveries(Function function, String messageId) {
        return deliveries(function).stream().filter(d -> d.messageId().equals(messageId)).toList();
    }

    /** Every delivery to {@code function} so far, from each of its topics in turn. */
    List<PushBridge.Delivery> deliveries(Function function) {
        return function.topics.stream().flatMap(topic -> bridges.get(topic).deliveries().stream()).toList();
    }

    /**
     * What has reached the dead-letter topics since the last call, in topic order: waits for
     * {@code expected} letters (the emulator moves a message some moments after its last attempt), then
     * takes whatever else is there, so a letter too many shows.
     */
    List<DeadLetter> takeDeadLetters(int expected) {
        List<DeadLetter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + DEAD_LETTER_WAIT.toNanos();
        do {
            deadLetterTaps.forEach((topic, tap) -> {
                for (ReceivedMessage m : pubsub.drain(tap)) {
                    PubsubMessage message = m.getMessage();
                    letters.add(new DeadLetter(topic, message.getData().toStringUtf8(), message.getAttributesMap()));
                }
            });
            if (letters.size() < expected) {
                sleep(SETTLE_POLL);
            }
        } while (letters.size() < expected && System.nanoTime() < deadline);
        return letters;
    }

    /** The structured log lines a function wrote (its JSON lines; the invoker's own lines are left out). */
    List<JsonNode> logOf(Function function) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : functions.get(function).output().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(Json.mapper().readTree(line));
                } catch (IOException notOurs) {
                    // a line of the framework's that happens to start with a brace
                }
            }
        }
        return lines;
    }

    /** Whether any function wrote {@code text} to its output (a credential must never be). */
    boolean anyOutputContains(String text) {
        return functions.values().stream().anyMatch(p -> p.output().contains(text));
    }

    /** Everything that helps read a failure: each function's output and each bridge's deliveries. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        functions.forEach((f, p) -> text.append("\n==== ").append(f.trigger).append(" output\n").append(p.output()));
        bridges.forEach((topic, b) -> text.append("\n==== deliveries from ").append(topic).append(": ").append(b.deliveries()));
        return text.toString();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        bridges.values().forEach(PushBridge::close);
        functions.values().forEach(InvokerProcess::close);
        publisher.close();
        gke.close();
        github.close();
        scc.close();
        assets.close();
        pubsub.close();
        deleteFolder(ticketFolder);
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
