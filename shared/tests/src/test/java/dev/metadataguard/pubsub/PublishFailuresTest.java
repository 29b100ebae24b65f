package dev.metadataguard.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import dev.metadataguard.api.FailureKind;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishFailuresTest {

    @ParameterizedTest
    @CsvSource({
        "UNAVAILABLE, TRANSIENT",
        "DEADLINE_EXCEEDED, TRANSIENT",
        "RESOURCE_EXHAUSTED, TRANSIENT",
        "ABORTED, TRANSIENT",
        "INTERNAL, TRANSIENT",
        "NOT_FOUND, PERMANENT",
        "PERMISSION_DENIED, PERMISSION_DENIED",
        "UNAUTHENTICATED, PERMANENT",
        "INVALID_ARGUMENT, PERMANENT",
    })
    void grpcStatusDecidesTheKind(Status.Code code, FailureKind expected) {
        var cause = ApiExceptionFactory.createException(new RuntimeException("server said no"),
                GrpcStatusCode.of(code), false);

        assertEquals(expected, PublishFailures.classify("projects/p/topics/t", cause).kind());
    }

    @org.junit.jupiter.api.Test
    void permissionDeniedSaysWhichRoleToGrant() {
        var cause = ApiExceptionFactory.createException(new RuntimeException("denied"),
                GrpcStatusCode.of(Status.Code.PERMISSION_DENIED), false);

        assertEquals("pubsub.projects.topics.publish: PERMISSION_DENIED publishing to projects/p/topics/t:"
                        + " this function's service account may not publish there: grant it roles/pubsub.publisher"
                        + " on the topic",
                PublishFailures.classify("projects/p/topics/t", cause).getMessage());
    }
}
