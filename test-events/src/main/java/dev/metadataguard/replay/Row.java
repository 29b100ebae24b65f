package dev.metadataguard.replay;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of the replay's summary: an evaluated node pool, or an ignored or unreadable entry.
 *
 * @param outcome one of {@code ignored, compliant, violation, exempt, unknown, error}, and {@code deleted}
 *                for a Delete entry whose resource GKE no longer has, or the tickets an estate audit closed
 *                because what they were about is gone
 * @param action  one of {@code none, ticket, replace}
 * @param remedy  what the replacer planned or did, when it was asked
 * @param prevented with {@code --prevent}: the constraints that would have refused the request (or, in an estate
 *                  audit, the listed pool at its creation); empty when none would, or it was not judged
 * @param exemption the policy exemption that matched, lapsed or not, as the inspector's line gives it
 */
public record Row(String source, String method, String resource, String outcome, List<String> findings,
                  String action, String reason, Optional<Remedy> remedy, Optional<List<String>> prevented,
                  Optional<Object> exemption) {

    /** What the replay's own ticket desk adds to a reason ({@link LocalSinks}): the page links the ticket instead. */
    private static final Pattern TICKET_NOTE = Pattern.compile(
            "; ticket (opened|outcome_added|resolved|reopened|unchanged)\\b.*$", Pattern.DOTALL);

    public Row {
        findings = List.copyOf(findings);
        prevented = prevented.map(List::copyOf);
    }

    public Row(String source, String method, String resource, String outcome, List<String> findings, String action,
               String reason) {
        this(source, method, resource, outcome, findings, action, reason, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    Row(String source, String method, String resource, String outcome, List<String> findings, String action,
        String reason, Optional<Remedy> remedy) {
        this(source, method, resource, outcome, findings, action, reason, remedy, Optional.empty(), Optional.empty());
    }

    Row withRemedy(Optional<Remedy> remedy) {
        return new Row(source, method, resource, outcome, findings, action, reason, remedy, prevented, exemption);
    }

    Row withReason(String reason) {
        return new Row(source, method, resource, outcome, findings, action, reason, remedy, prevented, exemption);
    }

    Row withExemption(Optional<Object> exemption) {
        return new Row(source, method, resource, outcome, findings, action, reason, remedy, prevented, exemption);
    }

    /** With the preview's verdict, and what explains it where it and the guard disagree. */
    Row withPrevented(List<String> constraints, String note) {
        return new Row(source, method, resource, outcome, findings, action, reason + note, remedy,
                Optional.of(constraints), exemption);
    }

    /** The guard's reason, without the note of what the replay's ticket desk did. */
    String verdict() {
        return TICKET_NOTE.matcher(reason).replaceFirst("");
    }

    public boolean unreadable() {
        return outcome.equals("error");
    }
}
