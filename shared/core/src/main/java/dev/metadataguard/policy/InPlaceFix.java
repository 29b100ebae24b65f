package dev.metadataguard.policy;

import com.google.container.v1.UpdateNodePoolRequest;
import java.util.function.UnaryOperator;

/**
 * An UpdateNodePool change that fixes a check on the live pool, so no replacement is needed. Only some
 * node settings can change in place (GKE API reference, {@code UpdateNodePoolRequest}); a node pool's
 * service account, scopes and metadata cannot.
 *
 * @param summary what changes, for people: {@code field = value}
 * @param change  sets that field on the request
 */
public record InPlaceFix(String summary, UnaryOperator<UpdateNodePoolRequest.Builder> change) {
}
