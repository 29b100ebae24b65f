package dev.metadataguard.event;

/** The {@code protoPayload.status} of an audit entry: code 0 (or absent) means success. */
public record OperationStatus(int code, String message) {

    public static final OperationStatus OK = new OperationStatus(0, "");

    public boolean failed() {
        return code != 0;
    }
}
