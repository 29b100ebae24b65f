package dev.metadataguard.gke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import dev.metadataguard.api.FailureKind;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The cases the embedded GKE cannot produce: server messages that decide the kind. */
class GaxFailuresTest {

    private static ApiException exhausted(String message) {
        return ApiExceptionFactory.createException(message, null, GrpcStatusCode.of(Status.Code.RESOURCE_EXHAUSTED), false);
    }

    @Test
    void rateLimitIsTransient() {
        assertEquals(FailureKind.TRANSIENT,
                GaxFailures.kindOf(exhausted("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'")));
    }

    @Test
    void insufficientResourceQuotaIsPermanent() {
        assertEquals(FailureKind.PERMANENT,
                GaxFailures.kindOf(exhausted("Insufficient regional quota to satisfy request: resource \"CPUS\"")));
    }
}
