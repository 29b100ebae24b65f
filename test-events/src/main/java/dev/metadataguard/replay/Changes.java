package dev.metadataguard.replay;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changed since an earlier run, finding by finding ({@link FindingId}): new (open now, not then),
 * still open (open in both), resolved (open then, and this run judged the resource again and found that
 * check no longer open: fixed, exempted or deleted), and not checked again (open then, but this run did
 * not judge the resource, so it says nothing about it).
 *
 * @param since what the earlier run is, for the page (its file name)
 */
record Changes(String since, SortedSet<FindingId> fresh, SortedSet<FindingId> stillOpen,
               SortedSet<FindingId> resolved, SortedSet<FindingId> notRechecked) {

    static Changes between(String since, PoolStates before, PoolStates now) {
        Set<FindingId> then = before.openFindings();
        Set<FindingId> open = now.openFindings();
        SortedSet<FindingId> fresh = new TreeSet<>();
        SortedSet<FindingId> stillOpen = new TreeSet<>();
        SortedSet<FindingId> resolved = new TreeSet<>();
        SortedSet<FindingId> notRechecked = new TreeSet<>();
        for (FindingId f : open) {
            (then.contains(f) ? stillOpen : fresh).add(f);
        }
        for (FindingId f : then) {
            if (!open.contains(f)) {
                (now.judged(f.resource()) ? resolved : notRechecked).add(f);
            }
        }
        return new Changes(since, fresh, stillOpen, resolved, notRechecked);
    }

    /** The findings on {@code resource} that this run found resolved. */
    List<FindingId> resolvedOn(String resource) {
        return resolved.stream().filter(f -> f.resource().equals(resource)).toList();
    }
}
