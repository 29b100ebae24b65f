package dev.metadataguard.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Text written by whoever created a resource (labels, metadata values, names, principals, error messages)
 * made safe to show, whatever the output format: no character that breaks a line, hides text, or turns
 * the reading order around survives as itself, and no value is longer than {@link #MAX_CHARS}. Each
 * format's writer adds its own escaping on top (Markdown, ADF, JSON, shell).
 */
public final class Inert {

    /**
     * The longest value kept whole, in characters. A longer one (a metadata value holds up to 32 KB) is
     * cut to this length, its end replaced by its full length and the SHA-256 of the whole value, so the
     * original can still be matched against the resource.
     */
    public static final int MAX_CHARS = 256;

    private Inert() {
    }

    /** {@code value} cut to {@link #MAX_CHARS} (with its length and SHA-256), every unsafe character visible. */
    public static String value(String value) {
        return visible(clip(value));
    }

    /**
     * {@code text} with every control character (CR, LF, TAB, NUL, DEL, C1), format character (bidi
     * embeddings, overrides and isolates, zero-width characters, the byte order mark), line and paragraph
     * separator and unpaired surrogate replaced by its code as {@code \\uXXXX}. Everything else is kept.
     */
    public static String visible(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                int codePoint = text.codePointAt(i);
                if (unsafe(codePoint)) {
                    out = started(out, text, i).append(String.format("\\u{%X}", codePoint));
                } else if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (unsafe(c)) {
                out = started(out, text, i).append(String.format("\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * {@link #visible} for each line of a text whose line feeds are its structure (commands, one a line);
     * any other line break (CR, U+2028) inside a line is shown, not followed.
     */
    public static String visibleLines(String text) {
        return Arrays.stream(text.split("\n", -1)).map(Inert::visible).collect(Collectors.joining("\n"));
    }

    /**
     * {@code text} whole when it has at most {@link #MAX_CHARS} characters; else its beginning followed by
     * {@code ... [N characters, sha256:HEX]}, {@link #MAX_CHARS} characters in all, so clipping twice
     * changes nothing. Null stays null.
     */
    public static String clip(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        String marker = "... [" + text.length() + " characters, sha256:" + sha256(text) + "]";
        int end = MAX_CHARS - marker.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + marker;
    }

    /** The hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether {@link #visible} shows the code point as a code. */
    static boolean unsafe(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }

    private static StringBuilder started(StringBuilder out, String text, int upTo) {
        return out != null ? out : new StringBuilder(text.length() + 16).append(text, 0, upTo);
    }
}
