package dev.metadataguard.policy;

public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
