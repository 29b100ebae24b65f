package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a replacement to what GKE offers now ({@code GetServerConfig}): a copied node version that is no
 * longer offered is left unset, so GKE gives the pool the control plane's version (NodePool.version proto
 * comment and the GKE versioning guide), and an image type no longer offered becomes the first offered one
 * of its family (COS to COS_CONTAINERD), else GKE's default. Each change is said, for the ticket.
 *
 * @param spec  the replacement GKE will accept
 * @param notes one sentence per change; empty when the original's version and image are still offered
 */
record NodeOffer(NodePool spec, List<String> notes) {

    static NodeOffer fit(NodePool spec, ServerConfig offer) {
        NodePool.Builder fitted = spec.toBuilder();
        List<String> notes = new ArrayList<>();
        String version = spec.getVersion();
        if (!version.isEmpty() && !version.equals("-") && !version.equals("latest")
                && !offer.getValidNodeVersionsList().contains(version)) {
            fitted.clearVersion();
            notes.add("GKE no longer offers node version " + version + " here, so the replacement runs the control"
                    + " plane's version (GKE's default for a pool that names none).");
        }
        String image = spec.getConfig().getImageType();
        if (!image.isEmpty() && !offer.getValidImageTypesList().contains(image)) {
            String nearest = nearest(image, offer);
            fitted.getConfigBuilder().setImageType(nearest);
            notes.add("GKE no longer offers image type " + image + ", so the replacement uses " + nearest
                    + ", the nearest one offered.");
        }
        return new NodeOffer(fitted.build(), List.copyOf(notes));
    }

    /** The first offered type of the same family (COS, UBUNTU, WINDOWS); GKE's default when there is none. */
    private static String nearest(String image, ServerConfig offer) {
        String family = image.split("_", 2)[0];
        return offer.getValidImageTypesList().stream()
                .filter(type -> type.equals(family) || type.startsWith(family + "_"))
                .findFirst()
                .orElse(offer.getDefaultImageType());
    }
}
