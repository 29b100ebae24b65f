package dev.metadataguard.replay;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the in-process ticket opener and replacer did per resource, for the summary's reason and remedy columns. */
final class LocalOutcomes {

    private final Map<String, String> notes = new HashMap<>();
    private final Map<String, Remedy> remedies = new HashMap<>();

    void note(String resource, String note) {
        notes.merge(resource, note, (a, b) -> a + "; " + b);
    }

    /** The key of the note on the tickets a sweep closed in {@code cluster}, as their resources were deleted. */
    static String deletedIn(String cluster) {
        return "deleted in " + cluster;
    }

    /** The last word on a pool's replacement: a later outcome (created after planned) replaces an earlier one. */
    void remedy(String resource, Remedy remedy) {
        remedies.put(resource, remedy);
    }

    Optional<Remedy> takeRemedy(String resource) {
        return Optional.ofNullable(remedies.remove(resource));
    }

    Optional<String> take(String resource) {
        return Optional.ofNullable(notes.remove(resource));
    }
}
