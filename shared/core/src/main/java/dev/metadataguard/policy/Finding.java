package dev.metadataguard.policy;

/**
 * One failed check on one resource.
 *
 * @param checkId  stable id such as {@code MG001}, part of the ticket fingerprint
 * @param title    one line a person understands without the docs
 * @param note     optional extra advice (deprecations, context); empty when there is none
 */
public record Finding(String checkId, String title, Severity severity, Evidence evidence, String note) {

    /** A finding arrives in messages too: one that lacks what every ticket shows is refused when it is read. */
    public Finding {
        if (checkId == null || severity == null || evidence == null) {
            throw new IllegalArgumentException("a finding needs its checkId, severity and evidence");
        }
        title = title == null ? checkId : title;
        note = note == null ? "" : note;
    }
}
