package dev.metadataguard.config;

/**
 * What the estate sweep may do. A sweep finds every old non-compliant pool at once, so by default it
 * only opens tickets: replacing dozens of pools in one go must be a deliberate choice.
 *
 * @param remediate       let a sweep apply the remediation rules (replace) as an audit entry would
 * @param maxReplacements with {@code remediate}, the most replacements one sweep may ask for (one per cluster,
 *                        the clusters chosen afresh each sweep); 10 when not given
 */
public record Sweep(boolean remediate, Integer maxReplacements) {

    public static final int DEFAULT_MAX_REPLACEMENTS = 10;
    public static final Sweep DEFAULT = new Sweep(false, DEFAULT_MAX_REPLACEMENTS);

    public Sweep {
        maxReplacements = maxReplacements == null ? DEFAULT_MAX_REPLACEMENTS : maxReplacements;
        if (maxReplacements < 0) {
            throw new IllegalArgumentException("sweep.maxReplacements is " + maxReplacements + "; give 0 or more");
        }
    }
}
