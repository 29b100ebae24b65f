package dev.metadataguard.text;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON's escaping layer: besides what JSON itself requires (quotes, backslashes, control characters),
 * every character {@link Inert#visible} would show as a code is written as a {@code \\uXXXX} escape, so a
 * log line, a ticket or a message read as raw text shows no bidi override, zero-width character, line
 * separator or lone surrogate, while a JSON reader still gets the exact value back.
 */
public final class InertJson extends CharacterEscapes {

    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        ASCII[0x7F] = ESCAPE_CUSTOM; // DEL, which JSON lets through
    }

    private InertJson() {
    }

    /** {@code mapper}, writing with these escapes. */
    public static ObjectMapper escaping(ObjectMapper mapper) {
        mapper.getFactory().setCharacterEscapes(new InertJson());
        return mapper;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return Inert.unsafe(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
