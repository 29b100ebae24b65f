package dev.metadataguard.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A policy file's bytes as text. A file saved in another encoding is refused with the line and column
 * of its first byte that is not UTF-8, like every other policy error, rather than an I/O message.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    static String decode(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never gives more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw notUtf8(bytes, in.position(), source);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static PolicyException notUtf8(byte[] bytes, int at, String source) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        // The bytes before the bad one decoded, so they count as characters.
        int column = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8).length() + 1;
        return new PolicyException(source, line, String.format("not UTF-8 text (byte 0x%02X at column %d)",
                bytes[at] & 0xFF, column), "save the policy file as UTF-8");
    }
}
