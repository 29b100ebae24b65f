package dev.metadataguard.replay;

import java.util.List;

/**
 * The first items of a list and how many more there are, so that a section of an estate of thousands
 * stays readable and says what it left out.
 */
record Top<T>(List<T> shown, int more) {

    static <T> Top<T> of(List<T> all, int limit) {
        return new Top<>(List.copyOf(all.subList(0, Math.min(limit, all.size()))), Math.max(0, all.size() - limit));
    }
}
