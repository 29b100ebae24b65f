package dev.metadataguard.replay;

import dev.metadataguard.event.ResourceRef;
import java.util.Set;
import java.util.TreeSet;

/**
 * The four numbers a reader sees first: node pools whose state is a violation (a cluster's auto-provisioning
 * defaults count as one pool: every pool they create inherits them), the clusters and projects those are in,
 * and their open findings of high severity or worse.
 */
record Headline(int poolsExposed, int clustersAffected, int projects, int highFindings) {

    static Headline of(PoolStates states) {
        Set<String> pools = new TreeSet<>();
        Set<String> clusters = new TreeSet<>();
        Set<String> projects = new TreeSet<>();
        states.pools().stream().filter(r -> r.outcome().equals("violation")).forEach(r -> {
            ResourceRef ref = ResourceRef.parse(r.resource()).orElseThrow();
            pools.add(r.resource());
            clusters.add(ref.clusterName());
            projects.add(ref.project());
        });
        int high = (int) states.openFindings().stream().filter(FindingId::high).count();
        return new Headline(pools.size(), clusters.size(), projects.size(), high);
    }
}
