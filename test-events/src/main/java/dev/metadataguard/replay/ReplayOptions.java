package dev.metadataguard.replay;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The replay's command line.
 *
 * @param since    the {@code --json} output of an earlier run, for what the page marks as changed
 * @param target   where to send each entry instead of replaying it in process; empty for the local replay
 * @param serveGke      the port to serve the seeded embedded GKE on, instead of replaying
 * @param operationTime with {@code serveGke}, how long each operation of the served GKE runs; zero to finish them on
 *                      their second read
 */
record ReplayOptions(boolean json, boolean prevent, Optional<Path> policy, Path ticketsDir, List<String> iam,
                     Optional<Path> html, Optional<Path> since, Optional<Target> target, OptionalInt serveGke,
                     Duration operationTime, List<String> paths) {

    static final String USAGE = """
            usage: test-events/replay [options] PATH...
              PATH               an event file, a folder of them (file-name order), or - for stdin;
                                 a LogEntry, an array of them (gcloud logging read --format=json),
                                 a Pub/Sub push body, a background-function body or a CloudEvent
              --json             one JSON object per line instead of the table
              --policy FILE      the policy YAML (default: built-in dry-run policy)
              --tickets-dir DIR  where tickets are written (default: ./tickets)
              --iam [RES=]FILE   an IAM policy export for MG003 ('gcloud projects get-iam-policy P --format=json');
                                 repeat it for the folders and organisation above, naming each:
                                 --iam projects/P=p.json --iam folders/123=f.json --iam organizations/4=o.json
              --prevent          also preview the Organization Policy constraints of terraform/prevent: a
                                 PREVENTED column (and a prevented field with --json) naming the constraints
                                 that would have refused each creation or update, and how many they refuse
              --html FILE        also write the run as one self-contained HTML page: a headline, findings by
                                 check and severity, pools per project, a card per cluster with its tickets
                                 and fix steps, who shares which node service account, the exemptions
              --since PREVIOUS   with --html, mark each finding (resource and check) new, resolved or still
                                 open against PREVIOUS, the --json output of an earlier run
            instead of replaying in process, send each entry's LogEntry, unwrapped from its envelope:
              --url URL          to a running function, as Eventarc delivers a Pub/Sub message (binary-mode
                                 messagePublished CloudEvent); prints each HTTP status
              --token TOKEN      with it, 'Authorization: Bearer TOKEN' for a deployed function
                                 (gcloud auth print-identity-token); never printed
              --token-file FILE  the same, the token read from FILE
              --topic TOPIC      publish it to projects/P/topics/T, as the log sink does; prints each
                                 message id; the emulator when PUBSUB_EMULATOR_HOST is set
            or, for a function run by hand (mvn function:run with MG_GKE_ENDPOINT=127.0.0.1:PORT):
              --serve-gke PORT   serve the embedded GKE on 127.0.0.1:PORT, seeded from the first entries'
                                 requests, until interrupted (and its managed instance groups at the
                                 MG_COMPUTE_ENDPOINT it prints)
              --operation-seconds N
                                 with --serve-gke, each operation runs N seconds, as GKE's take minutes:
                                 GetOperation shows it RUNNING, a new pool PROVISIONING, a deleted one
                                 STOPPING, and their instance groups gain or lose nodes one by one
                                 (default 0: an operation is done on its second read)
            exit status: 0 every event was read (and delivered), 1 some delivery failed,
                         2 some input was unreadable, 64 bad usage""";

    private static final Pattern TOPIC = Pattern.compile("projects/[^/]+/topics/[^/]+");

    /** Where entries are sent instead of the in-process guard. */
    sealed interface Target {
        record Function(URI url, Optional<BearerToken> token) implements Target {
        }

        /** @param name full name, {@code projects/P/topics/T} */
        record Topic(String name) implements Target {
        }
    }

    static ReplayOptions parse(String[] args) {
        boolean json = false;
        boolean prevent = false;
        Optional<Path> policy = Optional.empty();
        List<String> iam = new ArrayList<>();
        Optional<Path> tickets = Optional.empty();
        Optional<Path> html = Optional.empty();
        Optional<Path> since = Optional.empty();
        Optional<URI> url = Optional.empty();
        Optional<BearerToken> token = Optional.empty();
        Optional<String> topic = Optional.empty();
        OptionalInt serveGke = OptionalInt.empty();
        Optional<Duration> operationTime = Optional.empty();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--prevent" -> prevent = true;
                case "--policy" -> policy = Optional.of(Path.of(value(args, ++i, a)));
                case "--tickets-dir" -> tickets = Optional.of(Path.of(value(args, ++i, a)));
                case "--iam" -> iam.add(value(args, ++i, a));
                case "--html" -> html = Optional.of(Path.of(value(args, ++i, a)));
                case "--since" -> since = Optional.of(Path.of(value(args, ++i, a)));
                case "--url" -> url = Optional.of(url(value(args, ++i, a)));
                case "--token" -> token = Optional.of(BearerToken.of(value(args, ++i, a)));
                case "--token-file" -> token = Optional.of(BearerToken.fromFile(Path.of(value(args, ++i, a))));
                case "--topic" -> topic = Optional.of(topic(value(args, ++i, a)));
                case "--serve-gke" -> serveGke = OptionalInt.of(port(value(args, ++i, a)));
                case "--operation-seconds" -> operationTime = Optional.of(seconds(value(args, ++i, a)));
                case "-h", "--help" -> throw new UsageException("");
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a);
                    }
                    paths.add(a);
                }
            }
        }
        if (paths.isEmpty()) {
            throw new UsageException("give at least one PATH");
        }
        if (Stream.of(url.isPresent(), topic.isPresent(), serveGke.isPresent()).filter(b -> b).count() > 1) {
            throw new UsageException("give one of --url, --topic and --serve-gke");
        }
        if (operationTime.isPresent() && serveGke.isEmpty()) {
            throw new UsageException("--operation-seconds goes with --serve-gke: it sets how long the served GKE's"
                    + " operations run");
        }
        if (token.isPresent() && url.isEmpty()) {
            throw new UsageException("--token and --token-file go with --url");
        }
        if (since.isPresent() && html.isEmpty()) {
            throw new UsageException("--since goes with --html: the page marks what changed");
        }
        Optional<Target> target = url.isPresent() ? Optional.of(new Target.Function(url.get(), token))
                : topic.map(Target.Topic::new);
        if ((target.isPresent() || serveGke.isPresent()) && (policy.isPresent() || !iam.isEmpty() || tickets.isPresent()
                || html.isPresent() || prevent)) {
            throw new UsageException("--policy, --iam, --tickets-dir, --html and --prevent are for the local replay; a function"
                    + " reads its own policy from its environment");
        }
        return new ReplayOptions(json, prevent, policy, tickets.orElse(Path.of("tickets")), List.copyOf(iam), html, since,
                target, serveGke, operationTime.orElse(Duration.ZERO), paths);
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--url needs an http or https URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--url is not a URL: " + e.getReason());
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new UsageException("--serve-gke needs a port number, got '" + value + "'");
    }

    private static Duration seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new UsageException("--operation-seconds needs a whole number of seconds, 0 or more, got '" + value + "'");
    }

    private static String topic(String value) {
        if (!TOPIC.matcher(value).matches()) {
            throw new UsageException("--topic needs projects/PROJECT/topics/TOPIC, got '" + value + "'");
        }
        return value;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** A command line that cannot be run; the message says what to change. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
