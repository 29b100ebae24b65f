package dev.metadataguard.config;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Resources that are evaluated and reported as exempt, never acted on; the reason is mandatory.
 *
 * @param owner   who answers for it, when the policy says
 * @param expires the last day it exempts ({@code YYYY-MM-DD}, checked when the policy is read); from the next
 *                day on the resource is judged as if it were not there, and says so
 */
public record Exemption(Match match, String reason, String owner, String expires) {

    /** How far ahead a sweep or a replay warns of exemptions about to end. */
    public static final int WARN_DAYS = 30;

    public Optional<LocalDate> expiresOn() {
        return Optional.ofNullable(expires).map(LocalDate::parse);
    }

    /** True once {@code day} is past its last day. */
    public boolean lapsedOn(LocalDate day) {
        return expiresOn().filter(day::isAfter).isPresent();
    }

    /** True when it still exempts on {@code day} and ends within {@link #WARN_DAYS} after it. */
    public boolean endsSoonAfter(LocalDate day) {
        return expiresOn().filter(last -> !day.isAfter(last) && last.isBefore(day.plusDays(WARN_DAYS))).isPresent();
    }

    /** The reason, then the owner and last day where the policy gives them. */
    public String describe() {
        return reason + (owner == null ? "" : " (owner " + owner + ")") + (expires == null ? "" : " (until " + expires + ")");
    }
}
