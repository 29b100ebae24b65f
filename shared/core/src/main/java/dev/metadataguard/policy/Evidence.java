package dev.metadataguard.policy;

import dev.metadataguard.text.Inert;

/**
 * What a check looked at: the field path on the live resource, what the policy wants, what GKE has.
 * Each part is clipped ({@link Inert#clip}): {@code actual} is whatever the pool's creator wrote, such as
 * a metadata value of up to 32 KB, and travels in every message and ticket about the pool.
 */
public record Evidence(String field, String expected, String actual) {

    public Evidence {
        field = Inert.clip(field);
        expected = Inert.clip(expected);
        actual = Inert.clip(actual);
    }
}
