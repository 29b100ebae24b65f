package dev.metadataguard.policy;

/** The verdict on one evaluated node pool (or a cluster's auto-provisioning defaults). */
public enum Outcome {
    COMPLIANT, VIOLATION, EXEMPT, UNKNOWN;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Outcome of(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
