package dev.metadataguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.ByteMutations;
import dev.metadataguard.testing.TestEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the decoder 10,000 damaged events made from {@code test-events/} by a seeded random (cut short,
 * wrong types, huge strings, 100,000 nested arrays, bad base64, UTF-16 and invalid UTF-8, noise), raw
 * and as CloudEvents. Each must give intakes, never an exception: a malformed one says where and what,
 * an accepted one goes through the inspector, which may fail only with a classified {@link ApiFailure}.
 * The streaming triage must agree with the tree reading, and no input may take unbounded memory (a hang
 * is stopped by the build's fork timeout).
 */
class DecoderFuzzIT {

    private static final long SEED = 20_261_128L;
    private static final int BATCHES = 20;
    private static final int PER_BATCH = 500;
    /** Allocation allowed per input: a generous multiple of its size, as a tree and its strings take. */
    private static final long ALLOCATION_PER_BYTE = 64;
    private static final long ALLOCATION_FLOOR = 16L << 20;
    private static final List<String> TYPES = List.of(EventDecoder.MESSAGE_PUBLISHED, EventDecoder.AUDIT_LOG_WRITTEN,
            "google.cloud.storage.object.v1.finalized", "");

    /** Eventarc's methodname extension, which may or may not match the entry in the data. */
    private static final List<String> METHODS = List.of("google.container.v1.ClusterManager.CreateNodePool",
            "google.container.v1.ClusterManager.SetMaintenancePolicy", "", "google.container.v9.ClusterManager.CreateCluster");

    private static final ObjectMapper JSON = Json.mapper();
    private static final EventDecoder DECODER = new EventDecoder(JSON);
    private static List<byte[]> seeds;
    private static EmbeddedGke gke;
    private static ContainerGke client;
    private static Inspector inspector;

    @BeforeAll
    static void start() throws IOException {
        seeds = new ArrayList<>();
        for (Path file : Stream.concat(TestEvents.all().stream(), TestEvents.malformed().stream()).toList()) {
            seeds.add(Files.readAllBytes(file));
        }
        gke = EmbeddedGke.inProcess();
        client = ContainerGke.connect(gke.channel());
        for (byte[] seed : seeds) {
            for (Intake intake : DECODER.decode(seed, "seed")) {
                if (intake instanceof Intake.Accepted a && a.event().first() && a.event().request().isPresent()) {
                    try {
                        gke.applyAuditRequest(a.event().method(), a.event().resource().name(), a.event().request().get());
                    } catch (IllegalArgumentException unfit) {
                        // A request GKE would refuse changed nothing, as in the replay.
                    }
                }
            }
        }
        inspector = Wiring.inspector(client, IamPolicyFile.read(TestEvents.root().resolve("iam/acme-prod-iam-policy.json")),
                Policy.defaults());
    }

    @AfterAll
    static void stop() {
        client.close();
        gke.close();
    }

    static IntStream batches() {
        return IntStream.range(0, BATCHES);
    }

    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void everyDamagedEventIsReadOrRefusedWithAReason(int batch) {
        Random random = new Random(SEED + batch);
        JsonMutations json = new JsonMutations(random);
        ByteMutations bytes = new ByteMutations(random);
        for (int i = 0; i < PER_BATCH; i++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                input = random.nextInt(10) < 7 ? json.mutate(input) : bytes.mutate(input);
            }
            String name = "fuzz-" + batch + "-" + i;
            try {
                if (random.nextInt(3) == 0) {
                    check(cloudEvent(name, input, random), "CloudEvent " + name, input);
                } else {
                    check(input, name);
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " (seed " + SEED + ", batch " + batch + ", input " + i + "): "
                        + e.getMessage() + "\ninput: " + preview(input), e);
            }
        }
    }

    private static void check(byte[] input, String where) {
        List<Intake> intakes = decodeWithinMemory(() -> DECODER.decode(input, where), input.length);
        checkEach(intakes, where);
        Optional<Intake> triaged = EntryTriage.ignored(JSON, input);
        if (triaged.isPresent()) {
            assertEquals(treeReading(input, where), List.of(triaged.get()), "the triage and the tree disagree");
        }
    }

    private static void check(CloudEvent event, String where, byte[] input) {
        checkEach(decodeWithinMemory(() -> DECODER.decode(event), input.length), where);
    }

    private static void checkEach(List<Intake> intakes, String where) {
        if (intakes.isEmpty()) {
            throw new AssertionError("no intake: an event must be handled, ignored or refused, never dropped");
        }
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Malformed m) {
                readable(m.reason(), where);
            } else if (intake instanceof Intake.Ignored i) {
                readable(i.reason(), "");
            } else if (intake instanceof Intake.Accepted a) {
                try {
                    inspector.inspect(a.event());
                } catch (ApiFailure classified) {
                    // A refusal of the Container API is a verdict the function knows how to handle.
                }
            }
        }
    }

    /** A reason names where (when it is about the input) and fits a log line. */
    private static void readable(String reason, String where) {
        if (reason.isBlank() || !reason.startsWith(where) || reason.length() > 1_000) {
            throw new AssertionError("unreadable reason (" + reason.length() + " chars): " + preview(
                    reason.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static List<Intake> decodeWithinMemory(Supplier<List<Intake>> decode, int size) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        List<Intake> intakes = decode.get();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long allowed = Math.max(ALLOCATION_FLOOR, ALLOCATION_PER_BYTE * size);
        if (allocated > allowed) {
            throw new AssertionError("decoding " + size + " bytes allocated " + allocated + " bytes, over " + allowed);
        }
        return intakes;
    }

    private static List<Intake> treeReading(byte[] input, String where) {
        try {
            return DECODER.decode(JSON.readTree(input), where);
        } catch (IOException e) {
            throw new AssertionError("the triage answered for text the tree cannot read: " + e.getMessage());
        }
    }

    /** The damaged bytes as Eventarc might deliver them: as the data, or base64 inside a Pub/Sub message. */
    private static CloudEvent cloudEvent(String id, byte[] input, Random random) {
        String type = TYPES.get(random.nextInt(TYPES.size()));
        byte[] data = random.nextBoolean() ? input : ("{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(input)
                + "\"}}").getBytes(StandardCharsets.UTF_8);
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(id).withType(type)
                .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/t"));
        if (random.nextInt(4) > 0) {
            builder.withData(data);
        }
        if (random.nextInt(4) == 0) {
            builder.withExtension("methodname", METHODS.get(random.nextInt(METHODS.size())));
        }
        return builder.build();
    }

    private static String preview(byte[] input) {
        String text = new String(input, 0, Math.min(input.length, 300), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?") + (input.length > 300 ? "...(" + input.length + " bytes)" : "");
    }
}
