package dev.metadataguard.replay;

import dev.metadataguard.event.ResourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One project's pools by state, for the per-project bar: the most exposed projects first. */
record ProjectCount(String project, int exposed, int compliant, int exempt, int unknown) {

    int total() {
        return exposed + compliant + exempt + unknown;
    }

    static List<ProjectCount> of(PoolStates states) {
        Map<String, int[]> counts = new TreeMap<>();
        for (Row pool : states.pools()) {
            int[] c = counts.computeIfAbsent(ResourceRef.parse(pool.resource()).orElseThrow().project(), p -> new int[4]);
            c[switch (pool.outcome()) {
                case "violation" -> 0;
                case "compliant" -> 1;
                case "exempt" -> 2;
                default -> 3;
            }]++;
        }
        List<ProjectCount> projects = new ArrayList<>();
        counts.forEach((p, c) -> projects.add(new ProjectCount(p, c[0], c[1], c[2], c[3])));
        projects.sort(Comparator.comparing((ProjectCount p) -> -p.exposed()).thenComparing(p -> -p.total())
                .thenComparing(ProjectCount::project));
        return projects;
    }
}
