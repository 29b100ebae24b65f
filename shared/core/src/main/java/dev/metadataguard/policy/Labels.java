package dev.metadataguard.policy;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.text.Inert;
import java.util.Map;
import java.util.Optional;

/** Labels the guard reads and writes on GKE resources. */
public final class Labels {

    /** On a cluster (resource label) or a node pool (node or resource label): do not act, report as exempt. */
    public static final String EXEMPT = "metadata-guard-exempt";
    /**
     * On a replacement pool's node labels ({@code config.labels}): the name of the pool it replaces. A claim
     * anyone can write: it keeps the pool from being replaced in turn (a ticket instead), and never resolves
     * the original's ticket. A cluster's resource labels never carry it.
     */
    public static final String REPLACES = "metadata-guard-replaces";

    private Labels() {
    }

    /**
     * What a pool's node labels claim with {@link #REPLACES}.
     *
     * @param pool the pool it names, when the value is a node-pool name by GKE's rules
     * @param note for the decision's reason, when the label is there but names no pool
     */
    public record Claim(Optional<String> pool, Optional<String> note) {
    }

    /** Reads {@link #REPLACES} from {@code nodeLabels}: a value outside GKE's name rules is evidence, never an error. */
    public static Claim replaces(Map<String, String> nodeLabels) {
        String value = nodeLabels.get(REPLACES);
        if (value == null) {
            return new Claim(Optional.empty(), Optional.empty());
        }
        if (ResourceRef.isGkeName(value)) {
            return new Claim(Optional.of(value), Optional.empty());
        }
        return new Claim(Optional.empty(), Optional.of("; note: label " + REPLACES + "=\"" + Inert.value(value)
                + "\" names no node pool (GKE's rule: a lowercase letter, then up to 39 lowercase letters, digits or"
                + " hyphens, not ending in a hyphen), so it marks nothing"));
    }
}
