package dev.metadataguard.fix;

import java.util.List;

/** One step of a fix: what it does, and the commands to run, in order. */
public record FixStep(String description, List<String> commands) {
    public FixStep {
        commands = List.copyOf(commands);
    }
}
