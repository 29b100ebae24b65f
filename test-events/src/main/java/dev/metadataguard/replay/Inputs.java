package dev.metadataguard.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the command line's PATHs in the order given: a file as itself, a folder into its own event
 * files ({@code .json}, {@code .jsonl}, {@code .ndjson}) in file-name order (sub-folders such as
 * {@code iam/} and {@code malformed/} are not entered, and a test's {@code .expected.json} beside an
 * event is not an event), and {@code -} as standard input.
 */
final class Inputs {

    private Inputs() {
    }

    static List<Input> expand(List<String> paths, InputStream stdin) throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (String arg : paths) {
            if (arg.equals("-")) {
                inputs.add(new Input("-", stdin.readAllBytes()));
                continue;
            }
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : files.filter(Files::isRegularFile).filter(Inputs::isEventFile).sorted().toList()) {
                        inputs.add(new Input(join(arg, file.getFileName().toString()), Files.readAllBytes(file)));
                    }
                }
            } else if (Files.isRegularFile(path)) {
                inputs.add(new Input(arg, Files.readAllBytes(path)));
            } else {
                throw new IOException(arg + ": no such file or folder");
            }
        }
        return inputs;
    }

    private static boolean isEventFile(Path file) {
        String name = file.getFileName().toString();
        return !name.endsWith(".expected.json")
                && (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson"));
    }

    private static String join(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }
}
