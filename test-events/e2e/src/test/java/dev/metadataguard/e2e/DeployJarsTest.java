package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jars Terraform deploys carry the guard, never the embedded GKE: the fake answers whatever a
 * test seeded, so a function that could reach it in the cloud would judge clusters that do not exist.
 * Runs here because the functions are packaged before this module's tests.
 */
class DeployJarsTest {

    private static final String EMBEDDED_PACKAGE = "dev/metadataguard/gke/embedded/";

    @Test
    void noDeployJarHoldsAClassOfTheEmbeddedGke() throws IOException, URISyntaxException {
        Set<String> embedded = classesOf(Path.of(EmbeddedGke.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        assertTrue(embedded.contains(EMBEDDED_PACKAGE + "EmbeddedGke.class"), "the embedded GKE's own classes were read");

        List<Path> jars = deployJars();
        for (Path jar : jars) {
            Set<String> classes = classesOf(jar);
            assertTrue(classes.contains("dev/metadataguard/gke/ContainerGke.class"), jar + " holds the guard it deploys");
            List<String> leaked = classes.stream()
                    .filter(name -> name.startsWith(EMBEDDED_PACKAGE) || embedded.contains(name)).toList();
            assertEquals(List.of(), leaked, jar + " must not carry the embedded GKE (keep it a test-scoped dependency)");
        }
    }

    /** One deploy jar per function module: a function that was not packaged fails here, not silently. */
    private static List<Path> deployJars() throws IOException {
        Path functions = TestEvents.root().resolveSibling("functions");
        List<Path> modules;
        try (Stream<Path> dirs = Files.list(functions)) {
            modules = dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted().toList();
        }
        assertFalse(modules.isEmpty(), "no function modules under " + functions);
        List<Path> jars = modules.stream().map(dir -> dir.resolve("target/deploy/" + dir.getFileName() + ".jar")).toList();
        for (Path jar : jars) {
            assertTrue(Files.isRegularFile(jar), jar + " is missing: package the functions first (mvn verify does)");
        }
        return jars;
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
