package dev.metadataguard.policy;

/** What a check looked at: the field path on the live resource, what the policy wants, what GKE has. */
public record Evidence(String field, String expected, String actual) {
}
