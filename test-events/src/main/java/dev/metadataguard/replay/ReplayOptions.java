package dev.metadataguard.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The replay's command line. */
record ReplayOptions(boolean json, Optional<Path> policy, Path ticketsDir, Optional<Path> iam, List<String> paths) {

    static final String USAGE = """
            usage: test-events/replay [options] PATH...
              PATH               an event file, a folder of them (file-name order), or - for stdin;
                                 a LogEntry, an array of them (gcloud logging read --format=json),
                                 a Pub/Sub push body, a background-function body or a CloudEvent
              --json             one JSON object per line instead of the table
              --policy FILE      the policy YAML (default: built-in dry-run policy)
              --tickets-dir DIR  where tickets are written (default: ./tickets)
              --iam FILE         a 'gcloud projects get-iam-policy P --format=json' export, for MG003
            exit status: 0 every event was read, 2 some input was unreadable, 64 bad usage""";

    static ReplayOptions parse(String[] args) {
        boolean json = false;
        Optional<Path> policy = Optional.empty();
        Optional<Path> iam = Optional.empty();
        Path tickets = Path.of("tickets");
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--policy" -> policy = Optional.of(Path.of(value(args, ++i, a)));
                case "--tickets-dir" -> tickets = Path.of(value(args, ++i, a));
                case "--iam" -> iam = Optional.of(Path.of(value(args, ++i, a)));
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
        return new ReplayOptions(json, policy, tickets, iam, paths);
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
