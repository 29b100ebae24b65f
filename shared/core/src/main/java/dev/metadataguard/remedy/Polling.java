package dev.metadataguard.remedy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How often the replacer looks at GKE while it waits, and how long one delivery may wait in all: its
 * {@code budget}, counted from the delivery's arrival. Each wait of a delivery (Workload Identity, the
 * replacement, the deletion) ends by that one {@link Deadline}, so the delivery ends inside the function's timeout
 * ({@link FunctionTimeout#budget()}) however many waits it has; what is still under way then, the redelivery
 * continues.
 *
 * @param clock what deadlines are measured on
 * @param pause how a wait sleeps between two looks
 */
public record Polling(Duration interval, Duration budget, Clock clock, Pause pause) {

    /** Sleeps between two looks. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration time) throws InterruptedException;
    }

    /** On the system clock, the waiting thread sleeping. */
    public Polling(Duration interval, Duration budget) {
        this(interval, budget, Clock.systemUTC(), time -> TimeUnit.NANOSECONDS.sleep(time.toNanos()));
    }

    /** The function's: a look every 10 s, within its timeout less the margin for publishing. */
    public static Polling within(FunctionTimeout timeout) {
        return new Polling(Duration.ofSeconds(10), timeout.budget());
    }

    /** The deadline of a delivery that arrived at {@code arrived}. */
    Deadline deadline(Instant arrived) {
        return new Deadline(arrived.plus(budget), clock);
    }

    /**
     * True as soon as {@code done} says so; false when the deadline passes (or the thread is interrupted) first.
     * {@code done} is asked at least once, so a step that is already finished is seen as finished, deadline or not.
     */
    boolean until(Deadline deadline, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            Duration left = deadline.left();
            if (left.isZero()) {
                return false;
            }
            try {
                pause.sleep(left.compareTo(interval) < 0 ? left : interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
