package dev.metadataguard.gke.embedded;

import com.google.container.v1.NodePool;
import com.google.container.v1.ServerConfig;
import java.util.List;

/**
 * What GKE offers for new nodes: {@code GetServerConfig}'s valid node versions and image types, and the
 * check CreateNodePool makes against them. A node pool's {@code version} may be empty or {@code -} (the
 * control plane's version), {@code latest}, or a full or partial version of one offered (GKE versioning
 * guide, "Specifying the node version"; NodePool.version proto comment); anything else is refused with
 * INVALID_ARGUMENT, as GKE refuses a version it no longer offers. The image type must be one of
 * {@code valid_image_types} (ServerConfig proto comment: "List of valid image types").
 */
final class ServerOffer {

    /** Newest first, as GKE lists them. */
    private volatile List<String> nodeVersions = List.of(GkeDefaults.VERSION, "1.32.9-gke.1207000",
            "1.32.4-gke.1106006", "1.31.13-gke.1023000", "1.31.1-gke.1678000", "1.30.5-gke.1014001");
    private volatile List<String> imageTypes = List.of("COS_CONTAINERD", "UBUNTU_CONTAINERD",
            "WINDOWS_LTSC_CONTAINERD");

    void offer(List<String> nodeVersions, List<String> imageTypes) {
        if (nodeVersions.isEmpty() || imageTypes.isEmpty()) {
            throw new IllegalArgumentException("GKE always offers at least one node version and one image type");
        }
        this.nodeVersions = List.copyOf(nodeVersions);
        this.imageTypes = List.copyOf(imageTypes);
    }

    ServerConfig serverConfig() {
        List<String> versions = nodeVersions;
        return ServerConfig.newBuilder()
                .setDefaultClusterVersion(versions.get(0))
                .addAllValidNodeVersions(versions)
                .addAllValidMasterVersions(versions)
                .setDefaultImageType(imageTypes.get(0))
                .addAllValidImageTypes(imageTypes)
                .build();
    }

    /** @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a version or image type not offered */
    void requireOffered(String field, NodePool spec) {
        String version = spec.getVersion();
        if (!version.isEmpty() && !version.equals("-") && !version.equals("latest")
                && nodeVersions.stream().noneMatch(v -> v.equals(version) || v.startsWith(version + ".")
                        || v.startsWith(version + "-"))) {
            throw Rejections.invalid("Node version \"" + version + "\" is unsupported. Valid node versions are "
                    + nodeVersions + " (see GetServerConfig).");
        }
        String image = spec.getConfig().getImageType();
        if (!image.isEmpty() && !imageTypes.contains(image)) {
            throw Rejections.invalid("Invalid value for field \"" + field + ".config.image_type\": \"" + image
                    + "\" is not a supported image type. Valid image types are " + imageTypes + ".");
        }
    }
}
