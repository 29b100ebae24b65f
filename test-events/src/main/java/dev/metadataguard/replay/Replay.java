package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyException;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.iam.UnknownRoles;
import dev.metadataguard.log.JavaLogging;
import dev.metadataguard.log.StructuredLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The local replay: reads audit events from files, folders or stdin and runs the whole guard on them
 * in process against the embedded GKE, printing what it decided for every node pool. A policy preview:
 * replay last month's audit log and see every ticket and replacement the guard would have made.
 * With {@code --url} or {@code --topic} it sends the same entries to a running function or a topic instead.
 */
public final class Replay {

    static final int OK = 0;
    static final int UNDELIVERED = 1;
    static final int UNREADABLE = 2;
    static final int USAGE = 64;
    private static final StructuredLog LOG = StructuredLog.of("replay");

    private Replay() {
    }

    public static void main(String[] args) {
        JavaLogging.intoStructuredLog();
        System.exit(run(args, System::getenv, System.in, System.out, System.err));
    }

    /**
     * @param env the environment, for {@code PUBSUB_EMULATOR_HOST}
     * @param err where every diagnostic goes, one JSON object a line: the guard's log lines and the replay's own
     */
    static int run(String[] args, Function<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        try (StructuredLog.Redirect diagnostics = StructuredLog.redirect(err::println)) {
            return run(args, env, in, out);
        }
    }

    private static int run(String[] args, Function<String, String> env, InputStream in, PrintStream out) {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (ReplayOptions.UsageException e) {
            if (e.getMessage().isEmpty()) {
                out.print(ReplayOptions.USAGE); // asked for
                return OK;
            }
            LOG.error("bad usage", "reason", e.getMessage(), "usage", ReplayOptions.USAGE);
            return USAGE;
        }
        ObjectMapper mapper = Json.mapper();
        Policy policy;
        ProjectRoles roles;
        List<Input> inputs;
        Optional<PreviousRun> previous = Optional.empty();
        try {
            policy = options.policy().map(PolicyLoader::load).orElseGet(Policy::defaults);
            roles = options.iam().isEmpty() ? new UnknownRoles()
                    : IamPolicyFile.combine(options.iam().stream().map(IamPolicyFile::readSpec).toList());
            inputs = Inputs.expand(options.paths(), in);
            if (options.since().isPresent()) {
                previous = Optional.of(PreviousRun.read(options.since().get(), mapper));
            }
        } catch (PolicyException | IllegalArgumentException | IOException | UncheckedIOException e) {
            LOG.error("cannot start", "reason", e.getMessage());
            return USAGE;
        }
        if (options.serveGke().isPresent()) {
            return GkeServer.serve(options.serveGke().getAsInt(), options.operationTime(), inputs, mapper, out);
        }
        if (options.target().isPresent()) {
            try (Sender sender = Sender.of(options.target().get(), env)) {
                return send(sender, inputs, mapper, options.json(), out);
            }
        }
        List<Row> rows = new ArrayList<>();
        Map<String, NodeAccount> accounts = Map.of();
        List<String> summary = new ArrayList<>();
        // The functions' own log lines go to stderr with the replay's, so stdout holds only the summary.
        try (LocalGuard guard = new LocalGuard(mapper, policy, roles, LocalSinks.forOptions(options.ticketsDir(), policy, roles),
                options.prevent())) {
            for (Input input : inputs) {
                for (Entries.Entry entry : Entries.of(input, mapper)) {
                    try {
                        Optional<List<ClusterListing.Item>> listing = entry.json().flatMap(ClusterListing::of);
                        if (listing.isPresent()) {
                            listing.get().forEach(item -> rows.addAll(guard.audit(entry.label(), item)));
                        } else {
                            rows.addAll(guard.replay(entry));
                        }
                    } catch (RuntimeException unexpected) {
                        // No input ends the run: the entry is reported and the others still run.
                        LOG.error("entry not replayed", "source", entry.label(), "reason", String.valueOf(unexpected));
                        rows.add(new Row(entry.label(), "", "", "error", List.of(), "none",
                                "the replay could not handle this entry: " + unexpected));
                    }
                }
            }
            if (options.html().isPresent()) {
                accounts = guard.nodeAccounts(rows.stream().map(r -> ResourceRef.parse(r.resource()))
                        .flatMap(Optional::stream).map(ResourceRef::project).collect(Collectors.toSet()));
            }
            summary.addAll(guard.previewSummary());
        }
        summary.addAll(ExemptionNotes.lines(policy, options.prevent(), LocalDate.now(ZoneOffset.UTC)));
        if (options.html().isPresent()) {
            HtmlReport.write(rows, previous, accounts, options.ticketsDir(), options.html().get());
        }
        if (options.json()) {
            rows.forEach(r -> out.println(toJson(mapper, r)));
        } else {
            SummaryTable.print(rows, options.prevent(), out);
            summary.forEach(out::println);
        }
        return rows.stream().anyMatch(Row::unreadable) ? UNREADABLE : OK;
    }

    private static int send(Sender sender, List<Input> inputs, ObjectMapper mapper, boolean json, PrintStream out) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Input input : inputs) {
            for (Entries.Entry entry : Entries.of(input, mapper)) {
                RoutedMessage message = RoutedMessage.of(entry, mapper);
                Sender.Answer answer = sender.send(message);
                Delivery delivery = new Delivery(entry.label(), message.method(), message.resource(), answer.ok(),
                        answer.text());
                if (json) {
                    out.println(toJson(mapper, delivery));
                }
                deliveries.add(delivery);
            }
        }
        if (!json) {
            SummaryTable.printDeliveries(deliveries, out);
        }
        return deliveries.stream().allMatch(Delivery::ok) ? OK : UNDELIVERED;
    }

    private static String toJson(ObjectMapper mapper, Delivery delivery) {
        try {
            return mapper.writeValueAsString(delivery);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String toJson(ObjectMapper mapper, Row r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("source", r.source());
        line.put("method", r.method());
        line.put("resource", r.resource());
        line.put("outcome", r.outcome());
        line.put("findings", r.findings());
        line.put("action", r.action());
        line.put("reason", r.reason());
        r.remedy().ifPresent(remedy -> line.put("remedy", remedy));
        r.prevented().ifPresent(constraints -> line.put("prevented", constraints));
        r.exemption().ifPresent(exemption -> line.put("exemption", exemption));
        try {
            return mapper.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
