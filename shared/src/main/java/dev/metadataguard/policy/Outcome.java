package dev.metadataguard.policy;

/** The verdict on one evaluated node pool (or a cluster's auto-provisioning defaults). */
public enum Outcome {
    COMPLIANT, VIOLATION, EXEMPT, UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
