package dev.metadataguard.ticket.sink;

import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.JsonMutations;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 10,000 hostile events made from {@code test-events/hostile/} by a seeded random: the metadata value and
 * the principal drawn from fragments of markup, line breaks, bidi and control characters, backticks and
 * shell syntax, then the event damaged by the decoder fuzz test's mutations. Each goes through the decoder
 * and the inspector; every violation through every sink's renderer ({@link SinkRenderings}), and every
 * refusal through a log line. Nothing may throw but a classified {@link ApiFailure}, and nothing rendered
 * may hold an element the template did not write.
 */
class RendererFuzzIT {

    private static final long SEED = 20_261_129L;
    private static final int BATCHES = 20;
    private static final int PER_BATCH = 500;
    private static final List<String> FRAGMENTS = List.of("\r", "\n", "\r\n", "\u0000", "\u0007", "\u001b[31m",
            "\u007f", "\u0085", "\u202e", "\u2066", "\u2069", "\u200b", "\u200e", "\ufeff", "\u2028", "\u2029",
            "\ud800", "\udfff", "\ud83d\ude00", "<", ">", "<img src=x onerror=alert(1)>", "<!--", "-->", "<script>",
            "&", "&#x202E;", "&lt;", "[", "]", "](", "[x](https://evil.example)", "![i](https://evil.example/i.png)",
            "`", "``", "```", "~~~", "*", "**", "_", "__", "~~", "#", "# ", "## ", "|", "| a | b |", "---", "===",
            "> ", "- ", "+ ", "1. ", "2) ", "- [ ] ", "    ", "\t", "$", "$x$", "\\", "\\`", "@admin", "#1",
            "www.evil.example", "https://evil.example/a?b=c", "mailto:x@evil.example", "x@evil.example",
            "deadbeefcafe", "$(id)", "`id`", ";", "&&", "|| sh", "'", "\"", " ", "  ", "false", "true", "é", "\u00a0");

    private static List<ObjectNode> seeds;
    private static InspectedEvents events;

    @BeforeAll
    static void start() throws IOException {
        seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestEvents.root().resolve("hostile"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = TestEvents.JSON.readTree(file.toFile());
                if (!file.toString().contains("forged")) {
                    seeds.add((ObjectNode) event);
                }
            }
        }
        events = new InspectedEvents();
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    static IntStream batches() {
        return IntStream.range(0, BATCHES);
    }

    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void everyHostileEventRendersAsTheTemplateAndItsText(int batch) {
        Random random = new Random(SEED + batch);
        JsonMutations mutations = new JsonMutations(random);
        int rendered = 0;
        for (int i = 0; i < PER_BATCH; i++) {
            String name = "fuzz-" + batch + "-" + i;
            byte[] input = hostile(seeds.get(random.nextInt(seeds.size())).deepCopy(), name, random);
            for (int n = random.nextInt(4) - 1; n > 0; n--) {
                input = mutations.mutate(input);
            }
            try {
                rendered += check(input, name);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " (seed " + SEED + ", batch " + batch + ", input " + i + "): "
                        + e.getMessage() + "\ninput: " + new String(input, 0, Math.min(input.length, 2000),
                                StandardCharsets.UTF_8), e);
            }
        }
        // Half the events are left whole, and nearly all of those leave legacy endpoints on (MG004).
        assertTrue(rendered > PER_BATCH / 4, rendered + " tickets rendered in batch " + batch);
    }

    /** @return how many tickets were rendered */
    private static int check(byte[] input, String name) {
        int rendered = 0;
        List<String> lines = new ArrayList<>();
        try (StructuredLog.Redirect r = StructuredLog.redirect(lines::add)) {
            for (Intake intake : events.decode(input, name)) {
                if (intake instanceof Intake.Accepted a) {
                    rendered += render(a);
                } else if (intake instanceof Intake.Malformed m) {
                    StructuredLog.of("fuzz").error("malformed", "reason", m.reason(), "method", m.method());
                } else if (intake instanceof Intake.Ignored ignored) {
                    StructuredLog.of("fuzz").info("ignored", "reason", ignored.reason(), "resource", ignored.resource());
                }
            }
        }
        for (String line : lines) {
            assertNoUnsafeCharacters(line, "a log line");
            try {
                if (!TestEvents.JSON.readTree(line).isObject()) {
                    throw new AssertionError("not one JSON object: " + line);
                }
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return rendered;
    }

    private static int render(Intake.Accepted accepted) {
        List<Decision> violations;
        try {
            violations = events.violations(accepted);
        } catch (ApiFailure classified) {
            return 0; // a damaged request the embedded GKE refused, as GKE would
        }
        violations.forEach(SinkRenderings::assertInertEverywhere);
        return violations.size();
    }

    /**
     * The event for a pool of its own, in a cluster of its own (the embedded GKE makes a placeholder for it:
     * one cluster holding every pool would be read whole for each event), its metadata value and principal
     * drawn from the fragments.
     */
    private static byte[] hostile(ObjectNode event, String name, Random random) {
        ObjectNode payload = (ObjectNode) event.path("protoPayload");
        String pool = name.replace('-', 'x').replaceFirst("^fuzzx", "fuzz-");
        payload.put("resourceName", "projects/acme-prod/zones/europe-west1-b/clusters/" + pool + "/nodePools/" + pool);
        ((ObjectNode) payload.path("request")).put("parent", "projects/acme-prod/locations/europe-west1-b/clusters/" + pool);
        ObjectNode nodePool = (ObjectNode) payload.path("request").path("nodePool");
        nodePool.put("name", pool);
        ((ObjectNode) nodePool.path("config").path("metadata")).put("disable-legacy-endpoints", draw(random));
        ((ObjectNode) payload.path("authenticationInfo")).put("principalEmail", draw(random));
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String draw(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(random.nextInt(50) == 0 ? 5000 : 12); n > 0; n--) {
            text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
        return text.toString();
    }
}
