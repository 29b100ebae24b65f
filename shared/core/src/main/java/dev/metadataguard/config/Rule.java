package dev.metadataguard.config;

import dev.metadataguard.decision.Action;

/** A remediation rule: resources that {@code match} get {@code action} ({@code ticket} or {@code replace}). */
public record Rule(Match match, Action action) {
}
