package dev.metadataguard.gke.embedded;

import com.google.container.v1.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GKE's rules for node metadata, from the NodeConfig.metadata field comment of the container v1 API:
 * "Keys must conform to the regexp [a-zA-Z0-9-_]+ and be less than 128 bytes in length", must not be one
 * of the reserved keys, "each value's size must be less than or equal to 32 KB", and "the total size of
 * all keys and values must be less than 512 KB". Values are otherwise free-form: this is where text
 * written by whoever creates a pool really reaches the guard.
 */
final class MetadataRules {

    static final int MAX_VALUE_BYTES = 32 * 1024;
    private static final int MAX_KEY_BYTES = 128;
    private static final int MAX_TOTAL_BYTES = 512 * 1024;
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9-_]+");
    private static final Set<String> RESERVED = Set.of("cluster-location", "cluster-name", "cluster-uid",
            "configure-sh", "containerd-configure-sh", "enable-os-login", "gci-ensure-gke-docker",
            "gci-metrics-enabled", "gci-update-strategy", "instance-template", "kube-env", "startup-script",
            "user-data", "disable-address-manager", "windows-startup-script-ps1", "common-psm1",
            "k8s-node-setup-psm1", "install-ssh-psm1", "user-profile-psm1");

    private MetadataRules() {
    }

    /** @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT naming the field, as GKE refuses it */
    static void requireValid(String field, NodeConfig config) {
        long total = 0;
        for (Map.Entry<String, String> entry : config.getMetadataMap().entrySet()) {
            String key = entry.getKey();
            int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
            int valueBytes = entry.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (!KEY.matcher(key).matches() || keyBytes >= MAX_KEY_BYTES) {
                throw Rejections.invalid("Invalid value for field \"" + field + ".metadata\": key must match"
                        + " [a-zA-Z0-9-_]+ and be less than 128 bytes.");
            }
            if (RESERVED.contains(key)) {
                throw Rejections.invalid("Invalid value for field \"" + field + ".metadata\": \"" + key
                        + "\" is a reserved key.");
            }
            if (valueBytes > MAX_VALUE_BYTES) {
                throw Rejections.invalid("Invalid value for field \"" + field + ".metadata\": the value of \"" + key
                        + "\" is " + valueBytes + " bytes, over 32 KB.");
            }
            total += keyBytes + valueBytes;
        }
        if (total >= MAX_TOTAL_BYTES) {
            throw Rejections.invalid("Invalid value for field \"" + field + ".metadata\": keys and values total "
                    + total + " bytes, 512 KB or more.");
        }
    }
}
