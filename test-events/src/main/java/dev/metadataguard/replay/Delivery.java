package dev.metadataguard.replay;

/**
 * One line of a {@code --url} or {@code --topic} run: an entry and what its delivery answered.
 *
 * @param answer {@code HTTP 204}, {@code message 17}, or why it was not delivered
 */
public record Delivery(String source, String method, String resource, boolean ok, String answer) {
}
