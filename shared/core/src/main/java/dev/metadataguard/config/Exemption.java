package dev.metadataguard.config;

/** Resources that are evaluated and reported as exempt, never acted on; the reason is mandatory. */
public record Exemption(Match match, String reason) {
}
