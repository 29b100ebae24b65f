package dev.metadataguard.remedy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * How often and how long the replacer waits for GKE (an operation to finish, a pool to run). Bounded,
 * so that one delivery never outlives the function's timeout (540 s): two waits fit in it.
 */
public record Polling(Duration interval, Duration timeout) {

    public static final Polling DEFAULT = new Polling(Duration.ofSeconds(10), Duration.ofMinutes(4));

    /** True as soon as {@code done} says so; false when the timeout passes (or the thread is interrupted) first. */
    boolean until(BooleanSupplier done) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (!Instant.now().isBefore(deadline)) {
                return false;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
