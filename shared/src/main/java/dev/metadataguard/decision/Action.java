package dev.metadataguard.decision;

/** What the guard does about an evaluated resource. */
public enum Action {
    NONE, TICKET, REPLACE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
