package dev.metadataguard.e2e;

import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.ticket.OutcomeKey;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.sink.FakeGitHub.Issue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** GitHub issues as the scenarios compare them: one line of title, state, labels and recorded outcomes. */
final class Issues {

    private Issues() {
    }

    /**
     * The line of an issue the guard opened about {@code pool} for {@code checks}.
     *
     * @param outcomes the outcomes recorded on it, by kind, replacement and operation
     */
    static String expected(String pool, String title, String state, List<String> checks, RemediationOutcome... outcomes) {
        Set<String> keys = new TreeSet<>();
        for (RemediationOutcome outcome : outcomes) {
            keys.add(OutcomeKey.of(outcome));
        }
        // A tracker labels a ticket with its fingerprint, its resource key, its cluster's key and the guard's label.
        List<String> labels = new ArrayList<>(List.of(Fingerprint.of(pool, checks), TicketComposer.resourceKey(pool)));
        TicketComposer.clusterKey(pool).ifPresent(labels::add);
        labels.add("metadata-guard");
        return "[Metadata Guard] " + title + " (" + String.join(", ", checks) + ") | " + state + " | " + labels
                + " | outcomes " + keys;
    }

    private static final String WAITING = "replacement waiting:";

    static List<String> lines(List<Issue> issues) {
        return issues.stream().map(Issues::line).toList();
    }

    /**
     * Waits (REPLACEMENT_WAITING) are left out: how many there are follows how often GKE was busy, which the
     * scenarios count apart.
     */
    private static String line(Issue issue) {
        Set<String> keys = new TreeSet<>(OutcomeKey.findIn(issue.body()));
        issue.comments().stream().filter(comment -> !comment.contains(WAITING))
                .forEach(comment -> keys.addAll(OutcomeKey.findIn(comment)));
        return issue.title() + " | " + issue.state() + " | " + issue.labels() + " | outcomes " + keys;
    }

    /** An outcome as its key sees it: the detail and fix do not count. */
    static RemediationOutcome outcome(RemediationOutcome.Kind kind, String replacement, String operation) {
        return new RemediationOutcome(kind, replacement, operation, "", "");
    }
}
