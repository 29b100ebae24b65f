package dev.metadataguard.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.api.ApiFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's packages depend one way, lowest first as {@link #LAYERS} lists them (docs/architecture.md
 * draws the map). Read from the compiled classes by the JDK's jdeps, so every reference counts, not
 * only imports. The edges, each in a module of its own, sit above the core ({@link ModuleMapTest}).
 */
class PackageLayersTest {

    /** A package may use packages of its own layer or below, never above; no two may use each other. */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("api", "event", "log", "text"),
            Set.of("fix", "gke", "iam", "pubsub"),
            Set.of("policy", "policy.checks"),
            Set.of("decision"),
            Set.of("config"),
            Set.of("inspect", "remedy", "sweep", "ticket", "ticket.sink"),
            Set.of("runtime"));

    private static final Pattern EDGE = Pattern.compile("^\\s+dev\\.metadataguard\\.(\\S+)\\s+->\\s+dev\\.metadataguard\\.(\\S+)\\s");

    /** Package to the packages it uses, without itself. */
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readClasses() {
        String out = Jdeps.packages(Jdeps.classesOf(ApiFailure.class), "-e", "dev\\.metadataguard\\..*");
        uses = new TreeMap<>();
        for (String line : out.split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(uses.containsKey("runtime"), () -> "jdeps output not understood:\n" + out);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> packages = new TreeSet<>(uses.keySet());
        uses.values().forEach(packages::addAll);
        List<String> unplaced = packages.stream().filter(p -> layer(p) < 0).toList();
        assertEquals(List.of(), unplaced, "place each new package in PackageLayersTest.LAYERS and docs/architecture.md");
    }

    @Test
    void noPackageUsesAHigherLayer() {
        List<String> upward = new ArrayList<>();
        uses.forEach((from, targets) -> targets.stream().filter(to -> layer(to) > layer(from))
                .forEach(to -> upward.add(from + " -> " + to)));
        assertEquals(List.of(), upward, "these point up the layers " + LAYERS);
    }

    @Test
    void noPackageCycle() {
        assertEquals(List.of(), cycles(), "packages that reach each other, directly or through others");
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** The strongly connected groups of two or more packages (Tarjan), each sorted. */
    private static List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String pkg : uses.keySet()) {
            if (!index.containsKey(pkg)) {
                connect(pkg, index, low, stack, groups);
            }
        }
        return groups;
    }

    private static void connect(String pkg, Map<String, Integer> index, Map<String, Integer> low, List<String> stack,
            List<Set<String>> groups) {
        index.put(pkg, index.size());
        low.put(pkg, index.get(pkg));
        stack.add(pkg);
        for (String next : uses.getOrDefault(pkg, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, groups);
                low.put(pkg, Math.min(low.get(pkg), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(pkg, Math.min(low.get(pkg), index.get(next)));
            }
        }
        if (low.get(pkg).equals(index.get(pkg))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.remove(stack.size() - 1);
                group.add(member);
            } while (!member.equals(pkg));
            if (group.size() > 1) {
                groups.add(group);
            }
        }
    }
}
