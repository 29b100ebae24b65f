package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code --serve-gke PORT}: the embedded GKE, seeded from the first entries' requests as the local replay
 * seeds it, served on loopback for a function run by hand ({@code MG_GKE_ENDPOINT}), so that sending the
 * same events to that function with {@code --url} finds what they created. With {@code --operation-seconds} its
 * operations run that long, as GKE's do, so a function's waits meet real durations.
 */
final class GkeServer {

    private GkeServer() {
    }

    /** Serves until the process is stopped; returns only if interrupted. */
    /** @param operationTime how long each operation runs; zero to finish them on their second read */
    static int serve(int port, Duration operationTime, List<Input> inputs, ObjectMapper mapper, PrintStream out) {
        EventDecoder decoder = new EventDecoder(mapper);
        // Seeding finishes each change at once, whatever the operation time: the events' changes happened before.
        try (EmbeddedGke gke = EmbeddedGke.builder().operationTime(operationTime).loopback(port)) {
            int seeded = 0;
            for (Input input : inputs) {
                for (Entries.Entry entry : Entries.of(input, mapper)) {
                    List<Intake> intakes = entry.json().map(json -> decoder.decode(json, entry.label()))
                            .orElseGet(() -> decoder.decode(entry.raw(), entry.label()));
                    for (Intake intake : intakes) {
                        if (intake instanceof Intake.Accepted a && a.event().first() && a.event().request().isPresent()
                                && gke.applyAuditRequest(a.event().method(), a.event().resource().name(),
                                        a.event().request().get()).changed()) {
                            seeded++;
                        }
                    }
                }
            }
            out.println("MG_GKE_ENDPOINT=127.0.0.1:" + gke.port() + " (embedded GKE, " + seeded + " changes applied"
                    + (operationTime.isZero() ? "" : ", each operation runs " + operationTime.toSeconds() + " s")
                    + "; stop it with Ctrl-C)");
            out.println("MG_COMPUTE_ENDPOINT=" + gke.computeEndpoint() + " (its managed instance groups, for the replacer)");
            out.flush();
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Replay.OK;
    }
}
