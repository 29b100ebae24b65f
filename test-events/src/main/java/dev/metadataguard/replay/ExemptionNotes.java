package dev.metadataguard.replay;

import dev.metadataguard.config.Exemption;
import dev.metadataguard.config.Match;
import dev.metadataguard.config.Policy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay's lines about the policy's exemptions: those ending within {@link Exemption#WARN_DAYS} days, and
 * with {@code --prevent} how each carries over to Organization Policy, where only a tag condition on the
 * policy's binding ({@code resource.matchTag}) can exempt ("Restrict actions on GKE resources using custom
 * organization policies", Conditional organization policies).
 */
final class ExemptionNotes {

    private ExemptionNotes() {
    }

    static List<String> lines(Policy policy, boolean prevent, LocalDate today) {
        List<String> lines = new ArrayList<>();
        policy.exemptionsEndingSoonAfter(today).forEach(e -> lines.add("exemption ending within "
                + Exemption.WARN_DAYS + " days: " + e.describe()));
        if (!prevent) {
            return lines;
        }
        for (int i = 0; i < policy.exemptions().size(); i++) {
            Exemption e = policy.exemptions().get(i);
            String label = e.match().label();
            lines.add("exemption " + (i + 1) + " (" + e.describe() + "): " + (onlyLabel(e.match())
                    ? "exempt_tags = [{ key = \"ORGANIZATION_ID/" + key(label) + "\"" + value(label)
                    + " }] in terraform/prevent, once the resources carry that tag"
                    : "cannot be exempted in Org Policy (it names projects, folders, clusters or pools, not a tag)"));
        }
        return lines;
    }

    /** A label match is the one a tag of the same key and value can stand for. */
    private static boolean onlyLabel(Match m) {
        return m.label() != null && m.project() == null && m.folder() == null && m.cluster() == null && m.nodePool() == null;
    }

    private static String key(String label) {
        int eq = label.indexOf('=');
        return eq < 0 ? label : label.substring(0, eq);
    }

    private static String value(String label) {
        int eq = label.indexOf('=');
        return eq < 0 ? "" : ", value = \"" + label.substring(eq + 1) + "\"";
    }
}
