package dev.metadataguard.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damage any text can suffer on its way to a parser, drawn from a seeded {@link Random} so that a
 * failing input can be made again: cut short, bytes flipped, inserted, dropped or repeated, another
 * encoding, invalid UTF-8, or plain noise.
 */
public final class ByteMutations {

    /** Byte sequences that are not UTF-8: a stray continuation byte, overlong forms, a surrogate, 0xFF. */
    private static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xE2, (byte) 0x82});
    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16BE,
            StandardCharsets.UTF_16LE, Charset.forName("UTF-32"), StandardCharsets.ISO_8859_1);

    private final Random random;

    public ByteMutations(Random random) {
        this.random = random;
    }

    /** One mutation, chosen at random, of {@code input} (a UTF-8 text). */
    public byte[] mutate(byte[] input) {
        return switch (random.nextInt(8)) {
            case 0 -> truncate(input);
            case 1 -> flip(input);
            case 2 -> insert(input, noise(1 + random.nextInt(16)));
            case 3 -> drop(input);
            case 4 -> insert(input, INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size())));
            case 5 -> reencode(input);
            case 6 -> repeat(input);
            default -> noise(random.nextInt(2_048));
        };
    }

    public byte[] truncate(byte[] input) {
        return Arrays.copyOf(input, input.length == 0 ? 0 : random.nextInt(input.length));
    }

    /** Up to eight bytes changed to any other value. */
    public byte[] flip(byte[] input) {
        byte[] out = input.clone();
        for (int i = 0, n = 1 + random.nextInt(8); i < n && out.length > 0; i++) {
            out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return out;
    }

    public byte[] insert(byte[] input, byte[] piece) {
        int at = random.nextInt(input.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + piece.length);
        out.write(input, 0, at);
        out.write(piece, 0, piece.length);
        out.write(input, at, input.length - at);
        return out.toByteArray();
    }

    public byte[] drop(byte[] input) {
        if (input.length == 0) {
            return input;
        }
        int from = random.nextInt(input.length);
        int to = Math.min(input.length, from + 1 + random.nextInt(64));
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
        out.write(input, 0, from);
        out.write(input, to, input.length - to);
        return out.toByteArray();
    }

    /** The same text in UTF-16 (with or without byte order mark), UTF-32 or Latin-1. */
    public byte[] reencode(byte[] input) {
        return new String(input, StandardCharsets.UTF_8).getBytes(ENCODINGS.get(random.nextInt(ENCODINGS.size())));
    }

    /** A slice of the input repeated in place, as a retried write might leave it. */
    public byte[] repeat(byte[] input) {
        if (input.length == 0) {
            return input;
        }
        int from = random.nextInt(input.length);
        byte[] slice = Arrays.copyOfRange(input, from, Math.min(input.length, from + 1 + random.nextInt(256)));
        return insert(input, slice);
    }

    public byte[] noise(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
