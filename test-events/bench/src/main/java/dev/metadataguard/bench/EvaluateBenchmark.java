package dev.metadataguard.bench;

import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.inspect.Inspection;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestEvents;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and evaluate a relevant event with the Container API's and IAM's answers already in hand:
 * the guard's own cost per event, without the network. Run with JMH's gc profiler for allocations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvaluateBenchmark {

    /** A node pool with three findings, and a compliant cluster whose named node SA's roles are read. */
    @Param({"07-create-node-pool-v1-first-exposed-background.json", "01-create-cluster-v1-first-compliant.json"})
    public String event;

    private final EventDecoder decoder = new EventDecoder(Json.mapper());
    private byte[] bytes;
    private Inspector inspector;

    @Setup
    public void load() {
        bytes = TestEvents.bytes(event);
        AuditEvent decoded = ((Intake.Accepted) decoder.decode(bytes, event).get(0)).event();
        inspector = Wiring.inspector(AnswersInHand.after(decoded),
                IamPolicyFile.read(TestEvents.root().resolve("iam/acme-prod-iam-policy.json")), Policy.defaults());
    }

    @Benchmark
    public Inspection decodeAndEvaluate() {
        AuditEvent decoded = ((Intake.Accepted) decoder.decode(bytes, event).get(0)).event();
        return inspector.inspect(decoded);
    }
}
