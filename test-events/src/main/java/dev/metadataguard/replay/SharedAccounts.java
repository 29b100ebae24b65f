package dev.metadataguard.replay;

import dev.metadataguard.event.ResourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who shares what: each node service account with the pools, clusters and projects that run as it. Every
 * node of those pools can take the account's token from the metadata server, so what one exposed pool
 * leaks, every pool of the account loses: an account shared by several pools is flagged when it is
 * over-privileged (MG003) or the Compute Engine default (MG002).
 */
final class SharedAccounts {

    private SharedAccounts() {
    }

    /**
     * @param pools          full names of the pools (or auto-provisioning defaults) that run as the account
     * @param overPrivileged whether any of them has MG003 in its findings, exempt or not
     */
    record Use(NodeAccount account, List<String> pools, SortedSet<String> clusters, SortedSet<String> projects,
               boolean overPrivileged) {

        boolean shared() {
            return pools.size() > 1;
        }

        boolean flagged() {
            return shared() && (overPrivileged || account.computeDefault());
        }
    }

    /** Flagged accounts first, then by how many pools share each; pools with no known account are left out. */
    static List<Use> of(PoolStates states, Map<String, NodeAccount> accountOf) {
        Map<NodeAccount, List<Row>> byAccount = new LinkedHashMap<>();
        for (Row pool : states.pools()) {
            NodeAccount account = accountOf.get(pool.resource());
            if (account != null) {
                byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(pool);
            }
        }
        List<Use> uses = new ArrayList<>();
        byAccount.forEach((account, pools) -> {
            SortedSet<String> clusters = new TreeSet<>();
            SortedSet<String> projects = new TreeSet<>();
            pools.forEach(p -> {
                ResourceRef ref = ResourceRef.parse(p.resource()).orElseThrow();
                clusters.add(ref.clusterName());
                projects.add(ref.project());
            });
            uses.add(new Use(account, pools.stream().map(Row::resource).sorted().toList(), clusters, projects,
                    pools.stream().anyMatch(p -> p.findings().contains("MG003"))));
        });
        uses.sort(Comparator.comparing((Use u) -> !u.flagged()).thenComparing(u -> -u.pools().size())
                .thenComparing(u -> u.account().name()));
        return uses;
    }
}
