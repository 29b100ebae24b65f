package dev.metadataguard.replay;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The page's small labels: a pool's state, and a finding coloured by its check's severity. */
final class Badges {

    private Badges() {
    }

    /** A state; a violation reads as what it means here, exposed. */
    static String outcome(String outcome) {
        String label = outcome.equals("violation") ? "exposed" : outcome;
        return "<span class=\"badge " + Html.text(outcome) + "\">" + Html.text(label) + "</span>";
    }

    static String finding(FindingId finding) {
        String severity = finding.severity().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("unknown");
        return "<span class=\"check " + severity + "\" title=\"" + severity + "\">" + Html.text(finding.check())
                + "</span>";
    }

    static String findings(String resource, List<String> checks) {
        return checks.stream().map(check -> finding(new FindingId(resource, check))).collect(Collectors.joining(" "));
    }
}
