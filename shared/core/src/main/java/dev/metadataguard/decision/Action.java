package dev.metadataguard.decision;

/** What the guard does about an evaluated resource. */
public enum Action {
    NONE, TICKET, REPLACE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Action of(String label) {
        for (Action a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action '" + label + "' is not one of ticket, replace, none");
    }
}
