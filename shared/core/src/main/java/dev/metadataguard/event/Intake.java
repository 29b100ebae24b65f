package dev.metadataguard.event;

/**
 * What the decoder made of one log entry: an event to evaluate, an entry to acknowledge and ignore
 * (with the reason), or input that cannot be read (with what was wrong and where); or, from the
 * estate sweep, a request to inspect one existing cluster.
 */
public sealed interface Intake {

    /** The method name when one could be read, for the summary; empty otherwise. */
    String method();

    record Accepted(AuditEvent event) implements Intake {
        @Override
        public String method() {
            return event.method();
        }
    }

    /** The estate sweep asks for one cluster to be inspected as it stands now. */
    record Inspect(dev.metadataguard.event.InspectionRequest request) implements Intake {
        @Override
        public String method() {
            return dev.metadataguard.event.InspectionRequest.METHOD;
        }
    }

    /** A well-formed entry the guard has no business with: another service, another method, a failed call. */
    record Ignored(String method, String resource, String reason) implements Intake {
    }

    /** Unreadable input: a broken envelope, bad base64, not JSON, a LogEntry missing what it must carry. */
    record Malformed(String method, String reason) implements Intake {
    }
}
