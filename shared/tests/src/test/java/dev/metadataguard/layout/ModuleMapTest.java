package dev.metadataguard.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.sweep.AssetInventoryDiscovery;
import dev.metadataguard.ticket.sink.TicketSinks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module map: the core (events, policy and checks, decisions, the jobs) speaks to no Google client
 * library, only to their message types, and each edge module to the one client it exists for. So each
 * function's jar holds only the clients of the edges its pom names ({@code DeployJarsIT} opens them).
 * Maven itself refuses a cycle between modules.
 */
class ModuleMapTest {

    /** What any module may use: the JDK, Jackson, Protobuf, the Container API's messages, CloudEvents. */
    private static final List<String> PLAIN = List.of("java.", "javax.", "com.fasterxml.jackson.", "com.google.protobuf",
            "com.google.container.v1", "io.cloudevents", "dev.metadataguard.");

    /** Packages of the Google client libraries and their runtime (gax, gRPC, auth, the clients); not message types. */
    private static final Pattern CLIENT = Pattern.compile("^(com\\.google\\.(api\\.gax|api\\.core|auth|cloud|pubsub|iam"
            + ")|io\\.grpc)\\b");

    private static final Pattern USE = Pattern.compile("^\\s+\\S+\\s+->\\s+(\\S+)\\s");

    /** Each module, by a class of its own, and the client packages it alone may use beyond {@link #PLAIN}. */
    private static final Map<Class<?>, List<String>> EDGES = Map.of(
            GaxFailures.class, List.of("com.google.api.", "io.grpc"),
            ContainerGke.class, List.of("com.google.api.", "io.grpc", "com.google.cloud.container."),
            ComputeInstanceGroups.class, List.of("com.google.api.", "com.google.cloud.compute."),
            ResourceManagerRoles.class, List.of("com.google.api.", "com.google.cloud.resourcemanager.", "com.google.iam.v1"),
            AssetInventoryDiscovery.class, List.of("com.google.api.", "com.google.cloud.asset.", "com.google.iam.v1"),
            type("dev.metadataguard.ticket.sink.SccSink"), List.of("com.google.api.", "io.grpc", "com.google.cloud.securitycenter."),
            PubsubPublisher.class, List.of("com.google.api.", "io.grpc", "com.google.cloud.pubsub.", "com.google.pubsub.v1"),
            type("dev.metadataguard.ticket.sink.JiraTracker"), List.of(),
            TicketSinks.class, List.of());

    @Test
    void theCoreUsesNoClientLibrary() {
        Set<String> used = used(ApiFailure.class);
        assertFalse(used.isEmpty(), "jdeps read the core");
        assertEquals(List.of(), outside(used, List.of()), "the core may use message types, never a client: move the"
                + " call behind an interface the core owns (like gke.Gke) and implement it in an edge module");
    }

    @Test
    void eachEdgeUsesOnlyTheClientItIsFor() {
        EDGES.forEach((edge, allowed) -> assertEquals(List.of(), outside(used(edge), allowed),
                Jdeps.classesOf(edge) + " reaches a client that is not its own"));
    }

    @Test
    void aForeignClientIsCaught() {
        assertEquals(List.of("com.google.cloud.compute.v1"),
                outside(Set.of("com.google.cloud.compute.v1", "com.google.cloud.container.v1"),
                        List.of("com.google.cloud.container.")));
    }

    /** A module's class that is not public outside its package. */
    private static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is gone: name another class of its module here", e);
        }
    }

    private static Set<String> used(Class<?> moduleClass) {
        Set<String> packages = new TreeSet<>();
        for (String line : Jdeps.packages(Jdeps.classesOf(moduleClass)).split("\n")) {
            Matcher m = USE.matcher(line);
            if (m.find()) {
                packages.add(m.group(1));
            }
        }
        return packages;
    }

    /** The client packages in {@code used} that neither {@link #PLAIN} nor {@code allowed} admits. */
    private static List<String> outside(Set<String> used, List<String> allowed) {
        return used.stream().filter(p -> PLAIN.stream().noneMatch(p::startsWith))
                .filter(p -> allowed.stream().noneMatch(p::startsWith))
                .filter(p -> CLIENT.matcher(p).find()).sorted().toList();
    }
}
