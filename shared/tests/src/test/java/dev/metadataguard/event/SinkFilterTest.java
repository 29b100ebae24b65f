package dev.metadataguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Log Router sink publishes exactly the methods the decoder handles: a method missing from the filter
 * never reaches the guard (a Delete would leave its tickets open), one missing from the decoder is paid
 * for and ignored.
 */
class SinkFilterTest {

    private static final Pattern LIST = Pattern.compile("cluster_methods = flatten\\(\\[\\s*for version in \\[([^]]*)]"
            + " : \\[\\s*for method in \\[([^]]*)]");

    @Test
    void terraformSinkFilterNamesEveryVerbInEveryApiVersion() throws IOException {
        String locals = Files.readString(TestEvents.root().resolveSibling("terraform/locals.tf"));
        Matcher m = LIST.matcher(locals);
        assertTrue(m.find(), "terraform/locals.tf defines cluster_methods as a version x method product");

        assertEquals(List.of("v1", "v1beta1", "v1alpha1"), strings(m.group(1)));
        assertEquals(Arrays.stream(Verb.values()).map(Verb::methodSuffix).toList(), strings(m.group(2)));
        for (String version : strings(m.group(1))) {
            for (String method : strings(m.group(2))) {
                assertTrue(Verb.ofMethod("google.container." + version + ".ClusterManager." + method).isPresent(), method);
            }
        }
    }

    private static List<String> strings(String hcl) {
        return Arrays.stream(hcl.split(",")).map(String::strip).map(s -> s.replace("\"", "")).toList();
    }
}
