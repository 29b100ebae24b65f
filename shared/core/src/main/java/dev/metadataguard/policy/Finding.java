package dev.metadataguard.policy;

/**
 * One failed check on one resource.
 *
 * @param checkId  stable id such as {@code MG001}, part of the ticket fingerprint
 * @param title    one line a person understands without the docs
 * @param note     optional extra advice (deprecations, context); empty when there is none
 */
public record Finding(String checkId, String title, Severity severity, Evidence evidence, String note) {
}
