package dev.metadataguard.remedy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When one delivery's waiting on GKE must end, on the clock that measures it ({@link Polling#deadline}). */
record Deadline(Instant at, Clock clock) {

    /** The time left, zero once the deadline has passed. */
    Duration left() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
