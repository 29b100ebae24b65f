package dev.metadataguard.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/** The JDK's jdeps over a module's compiled classes: every reference counts, not only imports. */
final class Jdeps {

    private Jdeps() {
    }

    /** The class folder (or jar) {@code type} was loaded from: its module's compiled classes. */
    static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code jdeps -verbose:package} over {@code classes}, one "from -> to" line per package used. */
    static String packages(Path classes, String... options) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("run the tests on a JDK: jdeps is missing"));
        List<String> args = new ArrayList<>(List.of("-verbose:package"));
        args.addAll(List.of(options));
        args.add(classes.toString());
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, status, out::toString);
        return out.toString();
    }
}
