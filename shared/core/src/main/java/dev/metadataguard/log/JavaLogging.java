package dev.metadataguard.log;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends what libraries log with {@code java.util.logging} (gRPC, the Pub/Sub client) through
 * {@link StructuredLog}, in place of the console handler's plain text, so every line a process writes
 * is one JSON object. Processes that own their logging call it at start (the replay); under the
 * Functions Framework the invoker's own handler already writes JSON.
 */
public final class JavaLogging {

    private static final StructuredLog LOG = StructuredLog.of("library");

    private JavaLogging() {
    }

    /** Replaces the root logger's handlers with one that writes structured lines; WARNING and above only. */
    public static void intoStructuredLog() {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler structured = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                String message = record.getMessage() == null ? "" : record.getMessage();
                Object[] fields = {"logger", record.getLoggerName(), "level", record.getLevel().getName(),
                    "error", record.getThrown() == null ? null : String.valueOf(record.getThrown())};
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    LOG.error(message, fields);
                } else {
                    LOG.warning(message, fields);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        structured.setLevel(Level.WARNING);
        root.addHandler(structured);
    }
}
