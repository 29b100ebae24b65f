package dev.metadataguard.ticket;

import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies one outcome on a ticket, so a redelivered outcome is recorded once: kind + replacement +
 * operation (the detail text may be worded differently on a second delivery), and the detail too for the
 * kinds keyed by it (a wait's reason). Trackers carry it as a marker in the text of the comment that
 * recorded the outcome.
 */
public final class OutcomeKey {

    private static final String PREFIX = "metadata-guard-outcome:";
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(PREFIX) + "(mg-[0-9a-f]{16})");

    private OutcomeKey() {
    }

    public static String of(RemediationOutcome outcome) {
        String identity = outcome.kind() + "|" + Objects.toString(outcome.replacement(), "")
                + "|" + Objects.toString(outcome.operation(), "")
                + (outcome.kind().keyedByDetail() ? "|" + Objects.toString(outcome.detail(), "") : "");
        return Fingerprint.of("outcome|" + identity, List.of());
    }

    public static String marker(String key) {
        return PREFIX + key;
    }

    /** Every outcome key whose marker appears in {@code text}. */
    public static Set<String> findIn(String text) {
        Matcher m = MARKER.matcher(text);
        Set<String> keys = new java.util.TreeSet<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
