package dev.metadataguard.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/** The stable ticket key: the same resource with the same findings always gives the same key. */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** {@code mg-} and 16 hex digits of SHA-256 over the resource name and the sorted check ids. */
    public static String of(String resource, Collection<String> checkIds) {
        String text = resource + "|" + String.join(",", new TreeSet<>(checkIds));
        return "mg-" + sha256Hex(text).substring(0, 16);
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
