package dev.metadataguard.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.iam.v1.Binding;
import com.google.type.Expr;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An organisation's IAM as the IAM Policy Analyzer sees it, read from a test-events/iam JSON file: the
 * hierarchy ({@code projects/P -> folders/F -> organizations/O}), each resource's allow policy as
 * {@code gcloud ... get-iam-policy --format=json} exports it, and each Google group's members (a member may be
 * a group), with the groups whose members the caller may not list.
 */
public record IamFixture(Map<String, String> parents, Map<String, List<Binding>> policies,
                         Map<String, List<String>> groups, Set<String> unreadableGroups) {

    public IamFixture {
        parents = Map.copyOf(parents);
        policies = Map.copyOf(policies);
        groups = Map.copyOf(groups);
        unreadableGroups = Set.copyOf(unreadableGroups);
    }

    /** {@code test-events/iam/NAME}. */
    public static IamFixture read(String name) {
        Path file = TestEvents.root().resolve("iam/" + name);
        JsonNode root;
        try {
            root = TestEvents.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> parents = new LinkedHashMap<>();
        root.path("hierarchy").fields().forEachRemaining(e -> parents.put(e.getKey(), e.getValue().asText()));
        Map<String, List<Binding>> policies = new LinkedHashMap<>();
        root.path("policies").fields().forEachRemaining(e -> policies.put(e.getKey(), bindings(e.getValue())));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        root.path("groups").fields().forEachRemaining(e -> groups.put(e.getKey(), texts(e.getValue())));
        return new IamFixture(parents, policies, groups, new HashSet<>(texts(root.path("unreadableGroups"))));
    }

    /** {@code resource} and the resources above it, nearest first. */
    public List<String> lineage(String resource) {
        List<String> chain = new ArrayList<>();
        for (String r = resource; r != null; r = parents.get(r)) {
            chain.add(r);
        }
        return chain;
    }

    /**
     * How {@code member} reaches {@code identity}: empty when it does not; else the group edges on the way,
     * {@code [source, target]} pairs from the group a binding names down to the identity (none when
     * {@code member} is the identity). A group on the way whose members cannot be listed stops the search there.
     */
    public Optional<List<List<String>>> path(String member, String identity) {
        if (member.equalsIgnoreCase(identity)) {
            return Optional.of(List.of());
        }
        if (unreadableGroups.contains(member)) {
            return Optional.empty();
        }
        for (String inner : groups.getOrDefault(member, List.of())) {
            Optional<List<List<String>>> below = path(inner, identity);
            if (below.isPresent()) {
                List<List<String>> edges = new ArrayList<>();
                edges.add(List.of(member, inner));
                edges.addAll(below.get());
                return Optional.of(edges);
            }
        }
        return Optional.empty();
    }

    private static List<Binding> bindings(JsonNode policy) {
        List<Binding> bindings = new ArrayList<>();
        for (JsonNode b : policy.path("bindings")) {
            Binding.Builder binding = Binding.newBuilder().setRole(b.path("role").asText()).addAllMembers(texts(b.path("members")));
            if (b.path("condition").isObject()) {
                binding.setCondition(Expr.newBuilder().setTitle(b.path("condition").path("title").asText())
                        .setExpression(b.path("condition").path("expression").asText()));
            }
            bindings.add(binding.build());
        }
        return bindings;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
