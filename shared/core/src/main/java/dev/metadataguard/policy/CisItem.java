package dev.metadataguard.policy;

/**
 * A recommendation of the CIS Google Kubernetes Engine (GKE) Benchmark, numbered as in {@value #VERSION}.
 * Tickets name it beside the finding, and Security Command Center findings carry it in {@code compliances}.
 *
 * @param id    the recommendation's number, such as {@code 5.2.1}
 * @param title the recommendation as the benchmark words it
 */
public record CisItem(String id, String title) {

    public static final String BENCHMARK = "CIS GKE Benchmark";
    public static final String VERSION = "1.6.0";
    /** The {@code standard} of a Security Command Center {@code Compliance}: "such as CIS, PCI, and OWASP". */
    public static final String STANDARD = "cis-gke";

    /** "CIS GKE Benchmark 1.6.0 5.2.1". */
    public String reference() {
        return BENCHMARK + " " + VERSION + " " + id;
    }
}
