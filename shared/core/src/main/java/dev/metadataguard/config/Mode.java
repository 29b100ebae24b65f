package dev.metadataguard.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code dry-run} (the default) computes and logs every decision and changes nothing; {@code enforce} acts. */
public enum Mode {
    DRY_RUN("dry-run"), ENFORCE("enforce");

    private final String text;

    Mode(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    @JsonCreator
    public static Mode of(String text) {
        return Arrays.stream(values()).filter(m -> m.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mode '" + text + "' is not one of "
                        + Arrays.stream(values()).map(Mode::text).collect(Collectors.joining(", "))));
    }
}
