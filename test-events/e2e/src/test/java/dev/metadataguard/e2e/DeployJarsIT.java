package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.runtime.FunctionPermissions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jars Terraform deploys carry the guard, never the embedded GKE: the fake answers whatever a
 * test seeded, so a function that could reach it in the cloud would judge clusters that do not exist.
 * And each carries the client libraries of the calls its function makes, no other: every client is
 * tens of megabytes that each deploy uploads and each cold start opens. Runs here because the functions
 * are packaged before this module's tests.
 */
class DeployJarsIT {

    private static final String EMBEDDED_PACKAGE = "dev/metadataguard/gke/embedded/";

    /** The client library a permission's service is called through, by the permission's prefix. */
    private static final Map<String, String> CLIENTS = Map.of(
            "container.", "com/google/cloud/container/",
            "compute.", "com/google/cloud/compute/",
            "resourcemanager.", "com/google/cloud/resourcemanager/",
            "cloudasset.", "com/google/cloud/asset/",
            "securitycenter.", "com/google/cloud/securitycenter/");
    /** Every function publishes (its requests, its dead letters): a topic's publisher role, not a custom one. */
    private static final String PUBSUB = "com/google/cloud/pubsub/";

    @Test
    void noDeployJarHoldsAClassOfTheEmbeddedGke() throws IOException, URISyntaxException {
        Set<String> embedded = classesOf(Path.of(EmbeddedGke.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        assertTrue(embedded.contains(EMBEDDED_PACKAGE + "EmbeddedGke.class"), "the embedded GKE's own classes were read");

        List<Path> jars = DeployJars.all();
        for (Path jar : jars) {
            Set<String> classes = classesOf(jar);
            assertTrue(classes.contains("dev/metadataguard/runtime/Services.class"), jar + " holds the guard it deploys");
            List<String> leaked = classes.stream()
                    .filter(name -> name.startsWith(EMBEDDED_PACKAGE) || embedded.contains(name)).toList();
            assertEquals(List.of(), leaked, jar + " must not carry the embedded GKE (keep it a test-scoped dependency)");
        }
    }

    @Test
    void eachDeployJarHoldsTheClientsOfTheCallsItsFunctionMakesAndNoOther() throws IOException {
        for (Path jar : DeployJars.all()) {
            String function = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            Set<String> calls = new TreeSet<>(FunctionPermissions.of(function));
            if (function.equals("ticket-opener")) {
                calls.addAll(FunctionPermissions.of(FunctionPermissions.TICKET_OPENER_ON_SCC_SOURCE));
            }
            Set<String> expected = new TreeSet<>(List.of(PUBSUB));
            calls.forEach(permission -> CLIENTS.forEach((service, client) -> {
                if (permission.startsWith(service)) {
                    expected.add(client);
                }
            }));
            Set<String> held = new TreeSet<>();
            for (String name : classesOf(jar)) {
                Stream.concat(CLIENTS.values().stream(), Stream.of(PUBSUB)).filter(name::startsWith).forEach(held::add);
            }
            assertEquals(expected, held, jar + ": its function's calls (FunctionPermissions, terraform/permissions.json)"
                    + " need exactly these clients; add or drop the edge module in functions/" + function + "/pom.xml");
        }
    }

    /** The class files in a jar or a class directory, as jar entry names. */
    private static Set<String> classesOf(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return classFiles(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return classFiles(jar.getPath("/"));
        }
    }

    private static Set<String> classFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
