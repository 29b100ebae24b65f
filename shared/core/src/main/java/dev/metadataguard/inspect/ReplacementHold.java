package dev.metadataguard.inspect;

import com.google.container.v1.NodePool;
import com.google.container.v1.ReservationAffinity;
import dev.metadataguard.decision.RemediationOutcome;
import java.util.Optional;

/**
 * Why a pool must not be replaced by an ordinary pool beside it, though the rules say replace, and what a person
 * does instead. The ticket records it as a precondition that failed.
 * <ul>
 * <li>Its nodes consume a specific reservation ({@code reservation_affinity} {@code SPECIFIC_RESERVATION}: "Must
 * consume from a specific reservation", v1 ReservationAffinity): the original holds the reservation's VMs, and a
 * pool asking for more than is left is refused ("Reservation does not have enough resources for the request:
 * specific reservation ... is insufficient for node pool", GoogleCloudPlatform/gsutil#1000). A person must make
 * room first: the GKE guide "Consuming reserved zonal resources".</li>
 * <li>It is a queued-provisioning pool: "nodes can be only obtained through queuing via the Cluster Autoscaler
 * ProvisioningRequest API" (v1 NodePool.QueuedProvisioning), so a replacement gets no node until a
 * ProvisioningRequest asks, and the workloads must be pointed at it: the GKE guide on the Dynamic Workload
 * Scheduler's ProvisioningRequest.</li>
 * </ul>
 *
 * @param reason why, in a clause for the decision's reason
 * @param fix    what a person does instead, for the ticket
 */
record ReplacementHold(String reason, String fix) {

    static Optional<ReplacementHold> of(NodePool pool) {
        ReservationAffinity reservation = pool.getConfig().getReservationAffinity();
        if (reservation.getConsumeReservationType() == ReservationAffinity.Type.SPECIFIC_RESERVATION) {
            String names = reservation.getValuesList().isEmpty() ? "(none named)" : String.join(", ", reservation.getValuesList());
            String first = reservation.getValuesList().isEmpty() ? "RESERVATION" : reservation.getValues(0);
            return Optional.of(new ReplacementHold("node pool " + pool.getName() + " consumes specific reservation "
                    + names + ", whose capacity its own nodes hold; a replacement beside it would find none left",
                    "Make room first: raise the reservation's VM count by the pool's node count (gcloud compute"
                            + " reservations update " + first + " --zone=ZONE --vm-count=COUNT) or create another"
                            + " reservation of the same machine type in the pool's zones. Then follow the ticket's steps,"
                            + " adding --reservation-affinity=specific --reservation=" + first + " to the create command,"
                            + " and shrink the reservation again once the old pool is deleted."));
        }
        if (pool.getQueuedProvisioning().getEnabled()) {
            return Optional.of(new ReplacementHold("node pool " + pool.getName() + " is a queued-provisioning pool,"
                    + " whose nodes come only through ProvisioningRequests; a replacement would get none until one asks",
                    "Follow the ticket's steps, creating the protected pool with --enable-queued-provisioning and"
                            + " --reservation-affinity=none (GKE refuses queued provisioning with any other affinity);"
                            + " point the ProvisioningRequests' Pod templates at it (nodeSelector"
                            + " cloud.google.com/gke-nodepool), and delete the old pool once the requests it serves are done."));
        }
        return Optional.empty();
    }

    /** What the ticket records: the precondition that failed, and the steps. */
    RemediationOutcome outcome() {
        return new RemediationOutcome(RemediationOutcome.Kind.PRECONDITION_FAILED, "", "", "Not replaced: " + reason + ".",
                fix);
    }
}
