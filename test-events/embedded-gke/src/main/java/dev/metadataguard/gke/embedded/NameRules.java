package dev.metadataguard.gke.embedded;

import java.util.regex.Pattern;

/** GKE's rule for cluster and node-pool names (the pattern is the one GKE quotes in its error). */
final class NameRules {

    private static final String REGEX = "(?:[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?)";
    private static final Pattern NAME = Pattern.compile(REGEX);

    private NameRules() {
    }

    static void requireValid(String field, String value) {
        if (!NAME.matcher(value).matches()) {
            throw Rejections.invalid("Invalid value for field \"" + field + "\": \"" + value + "\". Must be a match of regex '"
                    + REGEX + "' (only lowercase alphanumerics and '-' allowed, must start with a letter and end with "
                    + "an alphanumeric, and must be no longer than 40 characters).");
        }
    }
}
