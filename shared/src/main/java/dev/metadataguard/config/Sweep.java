package dev.metadataguard.config;

/**
 * What the estate sweep may do. A sweep finds every old non-compliant pool at once, so by default it
 * only opens tickets: replacing dozens of pools in one go must be a deliberate choice.
 *
 * @param remediate let a sweep apply the remediation rules (replace) as an audit entry would
 */
public record Sweep(boolean remediate) {

    public static final Sweep DEFAULT = new Sweep(false);
}
