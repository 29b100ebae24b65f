package dev.metadataguard.replay;

import dev.metadataguard.policy.Labels;
import java.util.List;
import java.util.Optional;

/**
 * One exempt resource as the report's exemptions section shows it: what exempts it (the policy, or the
 * resource's own {@code metadata-guard-exempt} label), why, the findings it waives, and who owns the
 * exemption and until when, where that is known.
 *
 * @param owner   who answers for the exemption; empty until the policy's exemptions say it
 * @param expires when the exemption ends; empty until the policy's exemptions say it
 */
record ExemptionNote(String resource, String by, String reason, List<String> waived, Optional<String> owner,
                     Optional<String> expires) {

    private static final String POLICY = "policy exemption: ";
    private static final String LABEL = "label " + Labels.EXEMPT + "=";

    /**
     * The note of an exempt row. The inspector's reason is all a row carries about its exemption, so owner
     * and expiry stay empty here: once the policy's exemptions have them, they are read from there.
     */
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
        return new ExemptionNote(exempt.resource(), by, reason, exempt.findings(), Optional.empty(), Optional.empty());
    }
}
