package dev.metadataguard.ticket.sink;

import java.util.function.Function;

/**
 * A credential read from the environment (where Secret Manager puts it). Its value is only handed to
 * the code that signs or authenticates a request; {@link #toString()} names the variable, never the value.
 */
public final class Secret {

    private final String variable;
    private final String value;

    private Secret(String variable, String value) {
        this.variable = variable;
        this.value = value;
    }

    /** @throws IllegalArgumentException naming the variable, when it is unset or blank */
    static Secret fromEnvironment(Function<String, String> env, String variable, String purpose) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is not set: " + purpose
                    + ". Store it in Secret Manager and expose it to the function as this environment variable.");
        }
        return new Secret(variable, value.strip());
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + variable + "]";
    }
}
