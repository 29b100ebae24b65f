package dev.metadataguard.google;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import dev.metadataguard.api.FailureKind;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Server messages that decide the kind, as GKE and Compute Engine word them. */
class GaxFailuresTest {

    private static ApiException failed(Status.Code code, String message) {
        return ApiExceptionFactory.createException(message, null, GrpcStatusCode.of(code), false);
    }

    @Test
    void rateLimitIsTransient() {
        assertEquals(FailureKind.TRANSIENT, GaxFailures.kindOf(failed(Status.Code.RESOURCE_EXHAUSTED,
                "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'")));
    }

    @Test
    void insufficientResourceQuotaIsCapacityWhateverTheCode() {
        String quota = "Insufficient regional quota to satisfy request: resource \"CPUS\": request requires '24.0'"
                + " and is short '8.0'";
        assertEquals(FailureKind.CAPACITY, GaxFailures.kindOf(failed(Status.Code.RESOURCE_EXHAUSTED, quota)));
        assertEquals(FailureKind.CAPACITY, GaxFailures.kindOf(failed(Status.Code.PERMISSION_DENIED, quota)),
                "GKE answers quota with 403: not a permission the guard lacks");
    }

    @Test
    void stockoutsAndExhaustedRangesAreCapacity() {
        assertEquals(FailureKind.CAPACITY, GaxFailures.kindOf(failed(Status.Code.FAILED_PRECONDITION,
                "ZONE_RESOURCE_POOL_EXHAUSTED: The zone 'projects/p/zones/europe-west1-b' does not have enough"
                        + " resources available to fulfill the request.")));
        assertEquals(FailureKind.CAPACITY, GaxFailures.kindOf(failed(Status.Code.FAILED_PRECONDITION,
                "IP_SPACE_EXHAUSTED: no free pod range in subnetwork default")));
    }

    @Test
    void aMissingPermissionStaysOneEvenWhenANameInTheMessageSaysQuota() {
        assertEquals(FailureKind.PERMISSION_DENIED, GaxFailures.kindOf(failed(Status.Code.PERMISSION_DENIED,
                "Required \"container.clusters.update\" permission(s) for \"projects/p/locations/l/clusters/"
                        + "insufficient-quota-zone_resource_pool_exhausted\".")));
    }
}
