package dev.metadataguard.pubsub;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;

/** Turns a failed publish into an {@link ApiFailure} that says what to fix. */
final class PublishFailures {

    private PublishFailures() {
    }

    static ApiFailure classify(String topic, Throwable cause) {
        if (!(cause instanceof ApiException api)) {
            return new ApiFailure(FailureKind.PERMANENT, PubsubPublisher.CALL,
                    "publishing to " + topic + " failed: " + cause, cause);
        }
        StatusCode.Code code = api.getStatusCode().getCode();
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN, CANCELLED ->
                    failure(FailureKind.TRANSIENT, code, topic, "Pub/Sub did not take the message; retry later", api);
            case NOT_FOUND -> failure(FailureKind.PERMANENT, code, topic,
                    "the topic does not exist: create it or correct the topic name in the settings", api);
            case PERMISSION_DENIED -> failure(FailureKind.PERMISSION_DENIED, code, topic,
                    "this function's service account may not publish there: grant it roles/pubsub.publisher"
                            + " on the topic", api);
            case UNAUTHENTICATED -> failure(FailureKind.PERMANENT, code, topic,
                    "the credentials were rejected: check the function's service account", api);
            default -> failure(FailureKind.PERMANENT, code, topic, "the request was refused: " + api.getMessage(), api);
        };
    }

    private static ApiFailure failure(FailureKind kind, StatusCode.Code code, String topic, String advice,
            ApiException cause) {
        return new ApiFailure(kind, PubsubPublisher.CALL, code + " publishing to " + topic + ": " + advice, cause);
    }
}
