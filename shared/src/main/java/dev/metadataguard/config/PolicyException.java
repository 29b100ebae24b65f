package dev.metadataguard.config;

/** A policy file the guard refuses to start with: where the problem is, what it is, and the fix. */
public final class PolicyException extends RuntimeException {

    public PolicyException(String source, int line, String problem, String fix) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem + (fix.isEmpty() ? "" : ". Fix: " + fix));
    }
}
