package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One run of the replay's command line in this JVM, with its exit status and both outputs. */
record ReplayRun(int exit, String out, String err) {

    /** Where the replay writes tickets without {@code --tickets-dir}: the module's folder, in the source tree. */
    private static final Path DEFAULT_TICKETS = Path.of("tickets");

    /** Fails a run that wrote tickets into the source tree: every test gives the replay a folder of its own. */
    static ReplayRun of(Map<String, String> env, String stdin, String... args) {
        boolean there = Files.exists(DEFAULT_TICKETS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Replay.run(args, env::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (!there && Files.exists(DEFAULT_TICKETS)) {
            throw new AssertionError("the replay wrote tickets into " + DEFAULT_TICKETS.toAbsolutePath()
                    + ": give it --tickets-dir with a temporary folder");
        }
        return new ReplayRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The {@code --json} lines. */
    List<JsonNode> lines() {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    rows.add(new ObjectMapper().readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return rows;
    }
}
