package dev.metadataguard.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReplacementNameTest {

    /** GKE's rule for node-pool names, as it quotes it in its error. */
    private static final Pattern GKE_NAME = Pattern.compile("[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?");

    @Test
    void shortNameKeepsTheOriginalThenTheMarkAndTheChecksumOfTheOriginal() {
        assertEquals("batch-mg-f80b52d4", ReplacementName.of("batch"));
    }

    @Test
    void longestOriginalIsCutSoTheNameHasFortyCharactersAndFollowsGkesRule() {
        String name = ReplacementName.of("a234567890123456789012345678901234567890");

        assertEquals(40, name.length());
        assertTrue(GKE_NAME.matcher(name).matches(), name);
        assertTrue(name.startsWith("a234567890123456789012345678-mg-"), name);
    }

    @Test
    void originalsSharingTheirFirst28CharactersGetDifferentNames() {
        String common = "analytics-spot-highmem-west-";

        assertNotEquals(ReplacementName.of(common + "pool-a"), ReplacementName.of(common + "pool-b"));
    }

    @Test
    void cutEndingOnAHyphenDropsItBeforeTheMark() {
        String name = ReplacementName.of("abcdefghijklmnopqrstuvwxyz0-tail");

        assertTrue(name.startsWith("abcdefghijklmnopqrstuvwxyz0-mg-"), name);
        assertTrue(GKE_NAME.matcher(name).matches(), name);
    }
}
