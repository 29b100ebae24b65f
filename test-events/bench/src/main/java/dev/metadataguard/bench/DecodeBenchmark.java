package dev.metadataguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.config.Json;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.testing.TestEvents;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and classifying one audit entry, which every event pays before anything else: a relevant
 * entry (fully read) and the irrelevant ones the guard must drop cheaply, raw and as Eventarc delivers
 * them. One thread: per-event times are sampled, and their median is robust to a busy machine; one
 * over it is events per second per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {

    private final ObjectMapper mapper = Json.mapper();
    private final EventDecoder decoder = new EventDecoder(mapper);
    private byte[] createNodePool;
    private byte[] otherMethod;
    private byte[] kubernetesApi;
    private CloudEvent createNodePoolPublished;
    private CloudEvent otherMethodPublishedBytes;

    @Setup
    public void load() throws IOException {
        createNodePool = TestEvents.bytes("05-create-node-pool-v1-first-compliant.json");
        otherMethod = TestEvents.bytes("21-set-maintenance-policy-unrelated-method.json");
        kubernetesApi = TestEvents.bytes("14-kubernetes-api-other-service.json");
        createNodePoolPublished = Envelopes.messagePublished("1", createNodePool);
        otherMethodPublishedBytes = Envelopes.messagePublished("2", otherMethod);
        expect(Intake.Accepted.class, relevantRawEntry(), relevantPublished());
        expect(Intake.Ignored.class, otherMethodRawEntry(), otherServiceRawEntry(), otherMethodPublished(),
                otherMethodFullTree());
    }

    @Benchmark
    public List<Intake> relevantRawEntry() {
        return decoder.decode(createNodePool, "bench");
    }

    @Benchmark
    public List<Intake> relevantPublished() {
        return decoder.decode(createNodePoolPublished);
    }

    @Benchmark
    public List<Intake> otherMethodRawEntry() {
        return decoder.decode(otherMethod, "bench");
    }

    /** The same entry read as a whole tree, as before the triage: what the triage saves. */
    @Benchmark
    public List<Intake> otherMethodFullTree() throws IOException {
        return decoder.decode(mapper.readTree(otherMethod), "bench");
    }

    @Benchmark
    public List<Intake> otherServiceRawEntry() {
        return decoder.decode(kubernetesApi, "bench");
    }

    @Benchmark
    public List<Intake> otherMethodPublished() {
        return decoder.decode(otherMethodPublishedBytes);
    }

    /** A benchmark that measured the wrong path would report a meaningless figure. */
    @SafeVarargs
    private static void expect(Class<? extends Intake> kind, List<Intake>... results) {
        for (List<Intake> result : results) {
            if (result.size() != 1 || !kind.isInstance(result.get(0))) {
                throw new IllegalStateException("expected one " + kind.getSimpleName() + ", got " + result);
            }
        }
    }
}
