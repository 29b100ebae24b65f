package dev.metadataguard.policy;

/** Labels the guard reads and writes on GKE resources. */
public final class Labels {

    /** On a cluster (resource label) or a node pool (node or resource label): do not act, report as exempt. */
    public static final String EXEMPT = "metadata-guard-exempt";
    /**
     * On a replacement pool: the name of the pool it replaces. A claim anyone can write: it keeps the pool
     * from being replaced in turn (a ticket instead), and never resolves the original's ticket.
     */
    public static final String REPLACES = "metadata-guard-replaces";

    private Labels() {
    }
}
