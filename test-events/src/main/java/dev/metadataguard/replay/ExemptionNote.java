package dev.metadataguard.replay;

import dev.metadataguard.policy.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One exempt resource as the report's exemptions section shows it: what exempts it (the policy, or the
 * resource's own {@code metadata-guard-exempt} label), why, the findings it waives, and who owns the
 * exemption and until when, where that is known.
 *
 * @param owner   who answers for the exemption, where the policy's exemption says
 * @param expires its last day, where the policy's exemption says
 */
record ExemptionNote(String resource, String by, String reason, List<String> waived, Optional<String> owner,
                     Optional<String> expires) {

    private static final String POLICY = "policy exemption: ";
    private static final String LABEL = "label " + Labels.EXEMPT + "=";

    /** The note of an exempt row: its reason, and the owner and last day of the policy exemption that matched. */
    static ExemptionNote of(Row exempt) {
        String reason = exempt.verdict();
        String by = "";
        if (reason.startsWith(POLICY)) {
            by = "policy";
            reason = reason.substring(POLICY.length());
        } else if (reason.startsWith(LABEL)) {
            by = "label " + Labels.EXEMPT;
            reason = reason.substring(LABEL.length());
        }
        return new ExemptionNote(exempt.resource(), by, reason, exempt.findings(), field(exempt, "owner"),
                field(exempt, "expires"));
    }

    /** A field of the matched policy exemption, as the inspector's log line carries it. */
    private static Optional<String> field(Row row, String name) {
        return row.exemption().filter(Map.class::isInstance).map(e -> ((Map<?, ?>) e).get(name))
                .filter(String.class::isInstance).map(String.class::cast).filter(v -> !v.isBlank());
    }
}
