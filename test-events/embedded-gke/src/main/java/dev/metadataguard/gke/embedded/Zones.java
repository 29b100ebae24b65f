package dev.metadataguard.gke.embedded;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The zones of the regions the test events and tests use, as Compute Engine lists them ("Regions and zones",
 * https://cloud.google.com/compute/docs/regions-zones, and {@code gcloud compute zones list}): europe-west1 has
 * no zone a, us-central1 has f and no d, europe-west4 has no d. For a region not listed here nothing is
 * invented: its zones stay unknown, and a zone in it is taken as given.
 */
final class Zones {

    private static final Map<String, List<String>> BY_REGION = Map.of(
            "asia-east1", List.of("a", "b", "c"),
            "europe-west1", List.of("b", "c", "d"),
            "europe-west4", List.of("a", "b", "c"),
            "us-central1", List.of("a", "b", "c", "f"),
            "us-east1", List.of("b", "c", "d"));
    /** "By default, GKE replicates each node pool across three zones of the control plane's region" (regional clusters). */
    private static final int REGIONAL_DEFAULT = 3;

    private Zones() {
    }

    /**
     * The zones a regional cluster's pools get when the request names none: three of the region's (which three GKE
     * picks is not documented; these are the first three listed); empty for a region whose zones are not known here.
     */
    static List<String> regionalDefault(String region) {
        return zonesOf(region).map(zones -> zones.stream().limit(REGIONAL_DEFAULT).toList()).orElse(List.of());
    }

    /**
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a zone its (listed) region does not have, in GKE's
     *         words: "Location "" does not exist." (estafette/estafette-gke-node-pool-shifter#12)
     */
    static void requireReal(String zone) {
        int dash = zone.lastIndexOf('-');
        Optional<List<String>> zones = zonesOf(zone.substring(0, Math.max(0, dash)));
        if (zones.isPresent() && !zones.get().contains(zone)) {
            throw Rejections.invalid("Location \"" + zone + "\" does not exist.");
        }
    }

    private static Optional<List<String>> zonesOf(String region) {
        return Optional.ofNullable(BY_REGION.get(region)).map(letters -> letters.stream().map(l -> region + "-" + l).toList());
    }
}
