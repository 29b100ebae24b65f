package dev.metadataguard.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A role bound to a member on one resource of a project's hierarchy.
 *
 * @param resource    where the binding sits: {@code projects/P}, {@code folders/F} or {@code organizations/O}
 * @param conditional the binding has an IAM condition; counted as granted, since the condition may hold
 * @param through     the group the binding names ({@code group:EMAIL}) when the account holds the role as a member
 *                    of it, or may hold it; empty when the binding names the account itself
 */
public record Grant(String role, String resource, boolean conditional, Optional<String> through) {

    /** A binding that names the account itself. */
    public Grant(String role, String resource, boolean conditional) {
        this(role, resource, conditional, Optional.empty());
    }

    /** The role with where it comes from, unless it is a plain binding of the account on {@code project}. */
    public String describe(String projectResource) {
        List<String> notes = new ArrayList<>();
        if (!resource.equals(projectResource)) {
            notes.add("on " + resource);
        }
        through.ifPresent(group -> notes.add("through " + group));
        if (conditional) {
            notes.add("conditional");
        }
        return notes.isEmpty() ? role : role + " (" + String.join(", ", notes) + ")";
    }
}
