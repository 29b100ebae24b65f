package dev.metadataguard.config;


import dev.metadataguard.testing.ByteMutations;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the policy loader 10,000 damaged policies made from {@code test-events/policies/} by a seeded
 * random: edited as text (lines lost, repeated, re-indented, values of the wrong type or huge, keys
 * misspelt, aliases, tags, deep nesting) and as bytes read from a file (cut, invalid UTF-8, UTF-16).
 * Each must load or be refused with a {@link PolicyException} that names the file and a line of it,
 * in bounded memory (a hang is stopped by the build's fork timeout, not a clock here); never another
 * exception.
 */
class PolicyLoaderFuzzIT {

    private static final long SEED = 20_261_128L;
    private static final int BATCHES = 10;
    private static final int PER_BATCH = 1_000;
    private static final long ALLOCATION_PER_BYTE = 64;
    private static final long ALLOCATION_FLOOR = 32L << 20;
    private static final Pattern FILE_AND_LINE = Pattern.compile("(.+?):(\\d+): \\S.*", Pattern.DOTALL);

    private static List<String> seeds;

    @TempDir
    Path folder;

    @BeforeAll
    static void load() throws IOException {
        seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestEvents.root().resolve("policies"))) {
            for (Path file : files.sorted().toList()) {
                seeds.add(Files.readString(file));
            }
        }
    }

    static IntStream batches() {
        return IntStream.range(0, BATCHES);
    }

    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void everyDamagedPolicyLoadsOrIsRefusedWithFileAndLine(int batch) throws IOException {
        Random random = new Random(SEED + batch);
        YamlMutations yaml = new YamlMutations(random);
        ByteMutations bytes = new ByteMutations(random);
        Path file = folder.resolve("fuzz-" + batch + ".yaml");
        for (int i = 0; i < PER_BATCH; i++) {
            String text = seeds.get(random.nextInt(seeds.size()));
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                text = yaml.mutate(text);
            }
            String name = "fuzz-" + batch + "-" + i + ".yaml";
            byte[] input = text.getBytes(StandardCharsets.UTF_8);
            try {
                if (random.nextInt(4) == 0) {
                    byte[] damaged = bytes.mutate(input);
                    Files.write(file, damaged);
                    check(() -> PolicyLoader.load(file), file.toString(), damaged);
                } else {
                    String parsed = text;
                    check(() -> PolicyLoader.parse(parsed, name), name, input);
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " (seed " + SEED + ", batch " + batch + ", input " + i + "): "
                        + e.getMessage() + "\ninput: " + preview(text), e);
            }
        }
    }

    private static void check(Supplier<Policy> load, String source, byte[] input) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            if (load.get() == null) {
                throw new AssertionError("no policy and no error");
            }
        } catch (PolicyException e) {
            namesFileAndLine(e.getMessage(), source, lines(input));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long allowed = Math.max(ALLOCATION_FLOOR, ALLOCATION_PER_BYTE * input.length);
        if (allocated > allowed) {
            throw new AssertionError("loading " + input.length + " bytes allocated " + allocated + ", over " + allowed);
        }
    }

    /** {@code source:line: problem}, with a line the file has, short enough for a log line. */
    private static void namesFileAndLine(String message, String source, int lines) {
        Matcher m = FILE_AND_LINE.matcher(message);
        if (!m.matches() || !m.group(1).equals(source) || message.length() > 2_000) {
            throw new AssertionError("not file:line: problem (" + message.length() + " chars): " + preview(message));
        }
        int line = Integer.parseInt(m.group(2));
        if (line < 1 || line > lines) {
            throw new AssertionError("line " + line + " is not in the file's " + lines + " lines: " + preview(message));
        }
    }

    private static int lines(byte[] input) {
        int lines = 1;
        for (byte b : input) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String preview(String text) {
        String head = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
        return head.replaceAll("[\\p{Cntrl}&&[^\n]]", "?");
    }
}
