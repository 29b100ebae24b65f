package dev.metadataguard.fix;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The name of the replacement of a node pool: always the same for the same original, so a redelivered
 * or concurrent request finds the replacement an earlier one made instead of making another.
 *
 * <p>{@code <original cut to 28 characters, without trailing hyphens>-mg-<CRC-32 of the original, 8 hex digits>}.
 * It fits GKE's rule for node-pool names ({@code [a-z]([-a-z0-9]*[a-z0-9])?}, at most 40 characters):
 * the original starts with a letter and the checksum ends in an alphanumeric. The checksum keeps apart
 * two long originals that share their first 28 characters, which the cut alone would merge.
 */
public final class ReplacementName {

    private static final int LIMIT = 40;
    private static final String MARK = "-mg-";
    private static final int PREFIX_LIMIT = LIMIT - MARK.length() - 8;

    private ReplacementName() {
    }

    /** @param originalPool the short name of the pool being replaced, e.g. {@code batch} */
    public static String of(String originalPool) {
        String prefix = originalPool.substring(0, Math.min(originalPool.length(), PREFIX_LIMIT)).replaceAll("-+$", "");
        CRC32 crc = new CRC32();
        crc.update(originalPool.getBytes(StandardCharsets.UTF_8));
        return prefix + MARK + String.format("%08x", crc.getValue());
    }
}
