package dev.metadataguard.policy;

import java.util.List;
import java.util.Optional;

/**
 * One node setting a check's fix makes, said once: the field, its value, and the gcloud flags that set it.
 * {@link Fix} derives everything else from it (the replacement's node config, the auto-provisioning defaults,
 * the in-place update, the prose), and {@code FixAgreementTest} holds the flags to the field.
 *
 * @param field                a path below {@code NodeConfig}, in the API's snake_case names:
 *                             {@code workload_metadata_config.mode}, {@code metadata["disable-legacy-endpoints"]}
 *                             (one key of a map; the others stay), {@code oauth_scopes} (a repeated field, replaced whole)
 * @param value                a {@code String} (a string, or an enum value's name), a {@code Boolean}, a
 *                             {@code List<String>} for a repeated field, or {@link #NODE_ACCOUNT}
 * @param poolFlag             the {@code gcloud container node-pools create} flag that sets the field: a valued flag
 *                             takes {@code =value} ({@code key=value} for a map, a comma list for a repeated field), a
 *                             boolean one stands alone ({@code --shielded-secure-boot})
 * @param autoprovisioningFlag the {@code gcloud container clusters update} flag that sets the same field on node
 *                             auto-provisioning's defaults; empty where auto-provisioned nodes need none
 * @param inPlace              UpdateNodePool changes it on a live pool: its request has the field's top-level field,
 *                             of the same type ({@code UpdateNodePoolRequest}); a service account, scopes and metadata
 *                             cannot change in place
 */
public record NodeSetting(String field, Object value, String poolFlag, Optional<String> autoprovisioningFlag,
                          boolean inPlace) {

    /** The value that stands for the policy's least-privilege node service account for the project. */
    public static final Placeholder NODE_ACCOUNT = Placeholder.NODE_SERVICE_ACCOUNT;

    /** A value known only when the fix is made. */
    public enum Placeholder {
        NODE_SERVICE_ACCOUNT("the policy's least-privilege node service account for the project");

        private final String text;

        Placeholder(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public NodeSetting {
        if (!(value instanceof String || value instanceof Boolean || value instanceof Placeholder
                || value instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
            throw new IllegalArgumentException(field + ": a setting's value is a String, a Boolean, a List<String> or"
                    + " NODE_ACCOUNT, not " + value);
        }
        if (value instanceof List<?> list) {
            value = List.copyOf(list);
        }
        if (!poolFlag.startsWith("--")) {
            throw new IllegalArgumentException(field + ": the pool flag " + poolFlag + " is not a gcloud flag (--name)");
        }
    }

    /** Set by a replacement only (not in place, nor on auto-provisioning's defaults). */
    public static NodeSetting of(String field, Object value, String poolFlag) {
        return new NodeSetting(field, value, poolFlag, Optional.empty(), false);
    }

    /** The same, also on node auto-provisioning's defaults with {@code flag}. */
    public NodeSetting autoprovisioning(String flag) {
        return new NodeSetting(field, value, poolFlag, Optional.of(flag), inPlace);
    }

    /** The same, also changed in place by UpdateNodePool. */
    public NodeSetting changedInPlace() {
        return new NodeSetting(field, value, poolFlag, autoprovisioningFlag, true);
    }

    /** The value with {@code account} for the placeholder. */
    Object resolved(String account) {
        return value == NODE_ACCOUNT ? account : value;
    }
}
