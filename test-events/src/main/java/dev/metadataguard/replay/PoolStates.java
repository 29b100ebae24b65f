package dev.metadataguard.replay;

import dev.metadataguard.event.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a run says each resource is now: for every node pool (or cluster's auto-provisioning defaults) the
 * last row that judged it, in the order first judged, less what the run saw deleted. A replay of events
 * judges the same pool again after each change, so only its last row is its state. Rows that judged
 * nothing are kept apart: errors, to be shown, and ignored entries, counted.
 */
final class PoolStates {

    private static final Set<String> JUDGED = Set.of("compliant", "violation", "exempt", "unknown");

    private final Map<String, Row> latest = new LinkedHashMap<>();
    /** Pools and clusters a row said are gone (the tickets about them resolved as deleted). */
    private final Set<String> deleted = new TreeSet<>();
    private final List<Row> errors = new ArrayList<>();
    private int ignored;

    private PoolStates() {
    }

    static PoolStates of(List<Row> rows) {
        PoolStates states = new PoolStates();
        rows.forEach(states::add);
        return states;
    }

    private void add(Row row) {
        boolean named = ResourceRef.parse(row.resource()).isPresent();
        if (named && JUDGED.contains(row.outcome())) {
            latest.remove(row.resource()); // a resource judged again moves to where its latest state is
            latest.put(row.resource(), row);
            deleted.remove(row.resource());
        } else if (named && row.outcome().equals("deleted")) {
            deleted.add(row.resource());
            // A cluster's row also covers its pools. The estate audit writes one after the rows of the pools
            // the cluster still has, from the same entry, for the tickets of those it no longer has: those stay.
            latest.values().removeIf(r -> covers(row.resource(), r.resource()) && !r.source().equals(row.source()));
        } else if (row.outcome().equals("ignored")) {
            ignored++;
        } else {
            errors.add(row);
        }
    }

    private static boolean covers(String gone, String resource) {
        return resource.equals(gone) || resource.startsWith(gone + "/");
    }

    /** The state of every resource, each its last judging row. */
    Collection<Row> pools() {
        return latest.values();
    }

    Optional<Row> state(String resource) {
        return Optional.ofNullable(latest.get(resource));
    }

    /** Whether the run judged the resource, or saw it (or its cluster) deleted. */
    boolean judged(String resource) {
        return latest.containsKey(resource) || deleted.stream().anyMatch(gone -> covers(gone, resource));
    }

    /** The findings of every resource in violation: what is open now (an exempt resource's are waived). */
    Set<FindingId> openFindings() {
        Set<FindingId> open = new TreeSet<>();
        latest.values().stream().filter(r -> r.outcome().equals("violation"))
                .forEach(r -> r.findings().forEach(check -> open.add(new FindingId(r.resource(), check))));
        return open;
    }

    /** Rows that judged nothing and were not meant to be ignored: unreadable entries, failed reads. */
    List<Row> errors() {
        return List.copyOf(errors);
    }

    int ignored() {
        return ignored;
    }
}
