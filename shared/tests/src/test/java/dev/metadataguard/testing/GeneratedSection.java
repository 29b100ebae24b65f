package dev.metadataguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a document written from code or data, between {@code <!-- BEGIN generated: NAME -->} and
 * {@code <!-- END generated: NAME -->}: a test compares it, and rewrites it when run with
 * {@code -Dmg.regenerate=true}.
 */
public final class GeneratedSection {

    public static final String REGENERATE = "mg.regenerate";

    private GeneratedSection() {
    }

    /** @param how the command that regenerates it, for the failure message */
    public static void check(Path document, String name, String expected, String how) {
        String begin = "<!-- BEGIN generated: " + name + " -->\n";
        String end = "<!-- END generated: " + name + " -->";
        String text = read(document);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new AssertionError(document + " has no section between '" + begin.strip() + "' and '" + end + "'");
        }
        String actual = text.substring(from + begin.length(), to);
        if (Boolean.getBoolean(REGENERATE)) {
            write(document, text.substring(0, from + begin.length()) + expected + text.substring(to));
            return;
        }
        assertEquals(expected, actual, document.getFileName() + " (" + name + ") is out of date; regenerate it with "
                + how + " -D" + REGENERATE + "=true and review the diff");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
