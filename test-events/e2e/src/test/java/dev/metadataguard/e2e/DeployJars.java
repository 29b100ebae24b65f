package dev.metadataguard.e2e;

import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The jars Terraform deploys, one per function module: {@code functions/F/target/deploy/F.jar}. */
final class DeployJars {

    private DeployJars() {
    }

    /** Every function's jar; a function that was not packaged fails here, not silently. */
    static List<Path> all() {
        Path functions = TestEvents.root().resolveSibling("functions");
        try (Stream<Path> dirs = Files.list(functions)) {
            List<Path> jars = dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted()
                    .map(dir -> of(dir.getFileName().toString())).toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no function modules under " + functions);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deploy jar of {@code function}, e.g. {@code audit-inspector}. */
    static Path of(String function) {
        Path jar = TestEvents.root().resolveSibling("functions/" + function + "/target/deploy/" + function + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the functions first (mvn verify does)");
        }
        return jar;
    }
}
