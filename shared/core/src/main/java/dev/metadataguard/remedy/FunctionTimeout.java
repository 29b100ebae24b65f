package dev.metadataguard.remedy;

import dev.metadataguard.config.PolicyException;
import java.time.Duration;
import java.util.Optional;

/**
 * The function's timeout (Cloud Functions' {@code timeout_seconds}, which Terraform also gives the function as
 * {@code MG_FUNCTION_TIMEOUT_SECONDS}), after which the platform ends a delivery wherever it is, and what one
 * delivery may spend waiting on GKE: the timeout less a margin in which the outcomes reached are published and the
 * delivery ends, 30 s, or a quarter of a timeout shorter than two minutes.
 */
public record FunctionTimeout(Duration value) {

    /** The replacer's {@code timeout_seconds} in terraform/locals.tf, the most an event-driven function may have. */
    public static final FunctionTimeout DEFAULT = new FunctionTimeout(Duration.ofSeconds(540));
    static final Duration MARGIN = Duration.ofSeconds(30);

    public FunctionTimeout {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a function timeout is at least 1 s, got " + value);
        }
    }

    /** What one delivery may spend waiting: the timeout less the margin for publishing. */
    public Duration budget() {
        Duration quarter = value.dividedBy(4);
        return value.minus(quarter.compareTo(MARGIN) < 0 ? quarter : MARGIN);
    }

    /**
     * @param variable the environment variable {@code seconds} came from, for the error
     * @param seconds  whole seconds, at least 1; empty for {@link #DEFAULT}
     * @throws PolicyException when it is not a whole number of seconds of at least 1
     */
    public static FunctionTimeout parse(String variable, Optional<String> seconds) {
        if (seconds.isEmpty()) {
            return DEFAULT;
        }
        try {
            long value = Long.parseLong(seconds.get().trim());
            if (value >= 1) {
                return new FunctionTimeout(Duration.ofSeconds(value));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyException("$" + variable, 0, "not a whole number of seconds of at least 1",
                "set it to the function's timeout_seconds (terraform/locals.tf sets both), or unset it for "
                        + DEFAULT.value().toSeconds());
    }
}
