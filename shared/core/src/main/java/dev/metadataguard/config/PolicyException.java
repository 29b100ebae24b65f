package dev.metadataguard.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A policy file the guard refuses to start with: where the problem is, what it is, and the fix. */
public final class PolicyException extends RuntimeException {

    private static final int CLIP = 80;
    /** A whole message from the YAML reader, once its quoted values are cut: what a value with quotes inside leaves. */
    private static final int LINE = 400;
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (CLIP + 1) + ",})'");

    public PolicyException(String source, int line, String problem, String fix) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem + (fix.isEmpty() ? "" : ". Fix: " + fix));
    }

    /** A value from the file, quoted and cut so that one runaway value cannot flood the message. */
    static String quote(Object value) {
        return "'" + clip(String.valueOf(value)) + "'";
    }

    static String clip(String text) {
        return text.length() <= CLIP ? text : text.substring(0, CLIP) + "...(" + text.length() + " chars)";
    }

    /**
     * A message from the YAML reader or a value's constructor, with every long quoted value in it cut, and
     * the whole cut too when a value with a quote inside it escaped the first cut.
     */
    static String clipQuoted(String message) {
        Matcher m = QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(quote(m.group(1))));
        }
        String clipped = m.appendTail(out).toString();
        return clipped.length() <= LINE ? clipped : clipped.substring(0, LINE) + "...(" + clipped.length() + " chars)";
    }
}
