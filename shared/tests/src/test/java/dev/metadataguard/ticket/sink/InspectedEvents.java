package dev.metadataguard.ticket.sink;

import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestEvents;
import java.util.List;

/**
 * Events read by the real decoder and judged by the inspector against the embedded GKE, seeded from
 * each first entry as the replay does, with acme-prod's cluster payments (which the hostile events add
 * pools to) already there.
 */
final class InspectedEvents implements AutoCloseable {

    private final EventDecoder decoder = new EventDecoder(Json.mapper());
    private final EmbeddedGke gke = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(gke.channel());
    private final Inspector inspector;

    InspectedEvents() {
        decode(TestEvents.bytes("01-create-cluster-v1-first-compliant.json"), "payments");
        inspector = Wiring.inspector(client, IamPolicyFile.read(TestEvents.root().resolve("iam/acme-prod-iam-policy.json")),
                Policy.defaults());
    }

    /** The intakes of one event; each accepted first entry seeds the embedded GKE. */
    List<Intake> decode(byte[] event, String name) {
        List<Intake> intakes = decoder.decode(event, name);
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Accepted a && a.event().first() && a.event().request().isPresent()) {
                try {
                    gke.seedFromAuditRequest(a.event().resource().name(), a.event().request().get());
                } catch (IllegalArgumentException unfit) {
                    // A damaged request, which GKE would have refused: the resource stays unknown, as in the replay.
                }
            }
        }
        return intakes;
    }

    /** The decisions with findings the inspector makes about an accepted event. */
    List<Decision> violations(Intake.Accepted accepted) {
        return inspector.inspect(accepted.event()).decisions().stream().filter(d -> !d.findings().isEmpty()).toList();
    }

    @Override
    public void close() {
        client.close();
        gke.close();
    }
}
