package dev.metadataguard.policy;

/** Labels the guard reads and writes on GKE resources. */
public final class Labels {

    /** On a cluster (resource label) or a node pool (node or resource label): do not act, report as exempt. */
    public static final String EXEMPT = "metadata-guard-exempt";
    /** On a replacement pool: the name of the pool it replaces, which closes the loop on its ticket. */
    public static final String REPLACES = "metadata-guard-replaces";

    private Labels() {
    }
}
