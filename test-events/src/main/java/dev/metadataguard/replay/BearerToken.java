package dev.metadataguard.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The identity token a deployed function wants ({@code gcloud auth print-identity-token}): sent as
 * {@code Authorization: Bearer}, never printed; {@link #toString()} and {@link #redact} keep it out of output.
 */
final class BearerToken {

    private final String value;

    private BearerToken(String value) {
        this.value = value;
    }

    static BearerToken of(String value) {
        if (value.isBlank()) {
            throw new ReplayOptions.UsageException("the token is empty");
        }
        return new BearerToken(value.strip());
    }

    static BearerToken fromFile(Path file) {
        try {
            return of(Files.readString(file));
        } catch (IOException e) {
            throw new ReplayOptions.UsageException("cannot read the token file " + file + " (" + e.getMessage() + ")");
        }
    }

    String header() {
        return "Bearer " + value;
    }

    /** {@code text} with the token masked, for answers that come from elsewhere. */
    String redact(String text) {
        return text.replace(value, "****");
    }

    @Override
    public String toString() {
        return "BearerToken[****]";
    }
}
