package dev.metadataguard.event;

/** A field of the input has the wrong type or form; the message starts with the field's path. */
final class BadField extends RuntimeException {

    BadField(String message) {
        super(message, null, false, false);
    }
}
