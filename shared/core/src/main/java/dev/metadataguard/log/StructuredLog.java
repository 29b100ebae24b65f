package dev.metadataguard.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.metadataguard.text.InertJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One JSON object per line on standard output, the form Cloud Logging reads as a structured entry
 * ({@code severity}, {@code message}, and stable key/value fields such as resource, method, findings,
 * decision). Tests redirect the lines with {@link #redirect}; they assert on fields, never on prose.
 */
public final class StructuredLog {

    private static final ObjectMapper JSON = InertJson.escaping(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    private static volatile Consumer<String> out = System.out::println;

    private final String component;

    private StructuredLog(String component) {
        this.component = component;
    }

    public static StructuredLog of(String component) {
        return new StructuredLog(component);
    }

    /** Sends every line to {@code sink} until the returned handle is closed; for tests and the replay. */
    public static Redirect redirect(Consumer<String> sink) {
        Consumer<String> previous = out;
        out = Objects.requireNonNull(sink);
        return () -> out = previous;
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, keyValues);
    }

    public void notice(String message, Object... keyValues) {
        write("NOTICE", message, keyValues);
    }

    public void warning(String message, Object... keyValues) {
        write("WARNING", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write("ERROR", message, keyValues);
    }

    private void write(String severity, String message, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in key/value pairs");
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("severity", severity);
        entry.put("message", message);
        entry.put("component", component);
        entry.put("time", Instant.now());
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                entry.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
            }
        }
        out.accept(render(entry));
    }

    private static String render(Map<String, Object> entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            // A field that cannot be serialised must not cost the line: keep its text form.
            Map<String, Object> plain = new LinkedHashMap<>();
            entry.forEach((k, v) -> plain.put(k, String.valueOf(v)));
            try {
                return JSON.writeValueAsString(plain);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** Restores the previous destination of the log lines. */
    public interface Redirect extends AutoCloseable {
        @Override
        void close();
    }
}
