package dev.metadataguard.iam;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a node service account effectively holds: the grants read on its project and the project's
 * ancestors, and the ancestors whose policies could not be read (their roles are unknown).
 */
public record Grants(List<Grant> grants, List<String> unread) {

    public Grants {
        grants = List.copyOf(grants);
        unread = List.copyOf(unread);
    }

    public static Grants of(List<Grant> grants) {
        return new Grants(grants, List.of());
    }

    public Set<String> roles() {
        return grants.stream().map(Grant::role).collect(Collectors.toCollection(TreeSet::new));
    }
}
