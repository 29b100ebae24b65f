package dev.metadataguard.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A name pattern of the policy: {@code *} any run of characters, {@code ?} one character, anything else
 * itself. Each is compiled once, when the policy loads ({@link #compile}), and matched in time bounded by
 * the product of the two lengths: no regular expression, so no pattern can make a match backtrack without end.
 */
final class Glob {

    /** Project ids have at most 30 characters, cluster and node-pool names 40: a longer glob matches nothing real. */
    static final int MAX_LENGTH = 100;
    /** Globs in one policy, all lists and rules together. */
    static final int MAX_COUNT = 1000;

    private static final Map<String, Glob> COMPILED = new ConcurrentHashMap<>();

    private final char[] pattern;

    private Glob(String pattern) {
        this.pattern = pattern.toCharArray();
    }

    /** The compiled glob; the loader refuses a pattern longer than {@link #MAX_LENGTH} before this. */
    static Glob compile(String pattern) {
        return COMPILED.computeIfAbsent(pattern, Glob::new);
    }

    boolean matches(String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length && pattern[p] != '*' && (pattern[p] == '?' || pattern[p] == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length && pattern[p] == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                // Let the last star take one more character and try the rest again.
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }
}
