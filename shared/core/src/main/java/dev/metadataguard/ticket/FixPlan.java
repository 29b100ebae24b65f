package dev.metadataguard.ticket;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.FixContext;
import dev.metadataguard.policy.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steps that bring a resource in line, following the GKE guide "Protecting cluster metadata". A node
 * pool's service account and metadata cannot change in place, so the fix is a new pool that carries every
 * check's settings and takes the old one's workloads; each check adds what must be true first (an account,
 * Workload Identity) and its flags on the create command.
 */
final class FixPlan {

    private FixPlan() {
    }

    /** @param replacement the replacement pool the guard made or planned, if any */
    static List<FixStep> steps(List<Check> checks, FixContext fix, Optional<String> replacement) {
        ResourceRef ref = fix.resource();
        String account = fix.account();
        List<FixStep> steps = new ArrayList<>(checks.stream().flatMap(c -> c.clusterRequirements().stream()).distinct()
                .map(requirement -> requirement.step(ref)).toList());
        steps.addAll(checks.stream().flatMap(c -> c.prerequisites(fix).stream()).distinct().toList());
        if (!ref.isNodePool()) {
            steps.add(new FixStep("Make node auto-provisioning create protected nodes with this account.", List.of(
                    Gcloud.updateAutoprovisioning(ref, flags(checks, c -> c.fix().autoprovisioningFlags(account))))));
            return steps;
        }
        String pool = ref.nodePool();
        String newPool = replacement.flatMap(name -> ResourceRef.parse(name).map(ResourceRef::nodePool))
                .orElse(ReplacementName.of(pool));
        List<String> flags = new ArrayList<>(flags(checks, c -> c.fix().poolFlags(account)));
        // The guard's own name and label: an enforce run then finds this pool instead of a squatter.
        flags.add("--node-labels=" + Labels.REPLACES + "=" + pool);
        steps.add(new FixStep("Create a protected node pool. Its service account and metadata settings cannot"
                + " be changed later; give it the old pool's shape (machine type, disk, node count, labels,"
                + " taints) as the first command shows.", List.of(
                Gcloud.describePool(ref), Gcloud.createPool(ref, newPool, flags))));
        steps.add(new FixStep("Move the workloads off the old pool's nodes.", Gcloud.moveWorkloads(ref)));
        steps.add(new FixStep("Delete the old pool once its workloads run on the new one.", List.of(
                Gcloud.deletePool(ref))));
        return steps;
    }

    /** Each check's flags in registry order, each once (two checks may set the same field). */
    private static List<String> flags(List<Check> checks, Function<Check, List<String>> of) {
        return checks.stream().flatMap(c -> of.apply(c).stream()).distinct().toList();
    }
}
