package dev.metadataguard.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * A role bound to a member on one resource of a project's hierarchy.
 *
 * @param resource    where the binding sits: {@code projects/P}, {@code folders/F} or {@code organizations/O}
 * @param conditional the binding has an IAM condition; counted as granted, since the condition may hold
 */
public record Grant(String role, String resource, boolean conditional) {

    /** The role with where it comes from, unless it is a plain binding on {@code project}. */
    public String describe(String projectResource) {
        List<String> notes = new ArrayList<>();
        if (!resource.equals(projectResource)) {
            notes.add("on " + resource);
        }
        if (conditional) {
            notes.add("conditional");
        }
        return notes.isEmpty() ? role : role + " (" + String.join(", ", notes) + ")";
    }
}
