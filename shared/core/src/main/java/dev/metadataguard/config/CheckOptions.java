package dev.metadataguard.config;

import dev.metadataguard.decision.Action;
import java.util.Optional;

/**
 * The policy's settings for one check, under its id: {@code checks: {MG004: {enabled: false}}}.
 *
 * @param enabled whether the check runs (default true); a check switched off gives no verdict at all
 * @param action  the most its findings may lead to: {@code ticket} caps them, so a pool whose every finding
 *                comes from such a check gets a ticket even where the remediation rules say replace; absent, the
 *                rules decide (an informational check's findings lead to a ticket at most in any case)
 */
public record CheckOptions(Boolean enabled, Action action) {

    public static final CheckOptions DEFAULT = new CheckOptions(true, null);

    public CheckOptions {
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }

    /** The cap the policy sets, if it sets one. */
    public Optional<Action> cap() {
        return Optional.ofNullable(action);
    }
}
