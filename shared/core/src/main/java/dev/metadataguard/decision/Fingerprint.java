package dev.metadataguard.decision;

import dev.metadataguard.text.Inert;
import java.util.Collection;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The stable ticket key: the same resource with the same findings always gives the same key. */
public final class Fingerprint {

    private static final Pattern FORMAT = Pattern.compile("mg-[0-9a-f]{16}");

    private Fingerprint() {
    }

    /** {@code mg-} and 16 hex digits of SHA-256 over the resource name and the sorted check ids. */
    public static String of(String resource, Collection<String> checkIds) {
        String text = resource + "|" + String.join(",", new TreeSet<>(checkIds));
        return "mg-" + Inert.sha256(text).substring(0, 16);
    }

    /** Whether {@code text} has the form {@link #of} gives; a key read from a message is checked before use. */
    public static boolean isWellFormed(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }
}
