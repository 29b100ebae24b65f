package dev.metadataguard.iam;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a node service account effectively holds: the grants read on its project and the project's
 * ancestors (to the account itself, or to a group it is a member of), the ancestors whose policies
 * could not be read (their roles are unknown), and the grants to groups whose members this source
 * cannot read (the account may or may not be one of them).
 *
 * @param unexpanded each a grant to a group ({@link Grant#through()}) that may hold the account
 */
public record Grants(List<Grant> grants, List<String> unread, List<Grant> unexpanded) {

    public Grants {
        grants = List.copyOf(grants);
        unread = List.copyOf(unread);
        unexpanded = List.copyOf(unexpanded);
    }

    /** Read from a source that knows every membership that matters (no group binding left unexpanded). */
    public Grants(List<Grant> grants, List<String> unread) {
        this(grants, unread, List.of());
    }

    public static Grants of(List<Grant> grants) {
        return new Grants(grants, List.of());
    }

    public Set<String> roles() {
        return grants.stream().map(Grant::role).collect(Collectors.toCollection(TreeSet::new));
    }
}
