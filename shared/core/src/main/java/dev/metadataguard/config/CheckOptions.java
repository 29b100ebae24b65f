package dev.metadataguard.config;

/**
 * The policy's settings for one check, under its id: {@code checks: {MG004: {enabled: false}}}.
 *
 * @param enabled whether the check runs (default true); a check switched off gives no verdict at all
 */
public record CheckOptions(Boolean enabled) {

    public static final CheckOptions DEFAULT = new CheckOptions(true);

    public CheckOptions {
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }
}
