package dev.metadataguard.policy.checks;

import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Fix;
import dev.metadataguard.policy.NodeSetting;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;

/**
 * MG004: the nodes do not declare the legacy metadata endpoints (v0.1, v1beta1) disabled. Informational:
 * Compute Engine shut those endpoints down on 2020-09-30 (the seed guide, section 4: "were shut down on 30
 * September 2020"), GKE has set the key itself since 1.12 (CIS GKE Benchmark 1.4.0, 5.4.1: "For GKE versions
 * 1.12 and newer, the legacy GCE metadata endpoint is disabled by default"), and CIS GKE Benchmark 1.6.0 no
 * longer has the item (its 5.4.1 is now the GKE metadata server). So it is LOW, and never on its own a reason
 * to replace or retire a pool.
 */
public final class LegacyEndpointsEnabled implements Check {

    static final String KEY = "disable-legacy-endpoints";
    /** Milder than the exposures of the other checks: nothing answers on these endpoints any more. */
    static final Exposure LEGACY_SETTING = new Exposure(3, "keeps a legacy metadata setting");

    @Override
    public String id() {
        return "MG004";
    }

    @Override
    public Severity severity() {
        return Severity.LOW;
    }

    @Override
    public String title() {
        return "Legacy metadata endpoints are not disabled";
    }

    @Override
    public String rule() {
        return "node metadata `disable-legacy-endpoints` is not `\"true\"`; informational: Compute Engine shut the"
                + " endpoints down on 2020-09-30 and GKE sets the key itself since 1.12, so it never leads to a"
                + " replacement on its own";
    }

    @Override
    public String whyItMatters() {
        return "Little, any more: the legacy metadata endpoints (v0.1, v1beta1), which answered without the"
                + " Metadata-Flavor header, were shut down by Compute Engine on 30 September 2020, and GKE has set"
                + " disable-legacy-endpoints=true itself since version 1.12; CIS GKE Benchmark 1.6.0 dropped the"
                + " recommendation. It is reported so the pool's settings match GKE's defaults, and is never on its"
                + " own a reason to replace the pool.";
    }

    @Override
    public Exposure exposure() {
        return LEGACY_SETTING;
    }

    @Override
    public boolean informational() {
        return true;
    }

    /** Other metadata keys stay as the original has them; auto-provisioned nodes always have the endpoints disabled. */
    private static final Fix FIX = Fix.of(NodeSetting.of("metadata[\"" + KEY + "\"]", "true", "--metadata"));

    @Override
    public Fix fix() {
        return FIX;
    }

    @Override
    public String category() {
        return "GKE_NODE_LEGACY_METADATA_ENDPOINTS";
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (s.cluster().autopilot()) {
            return pass();
        }
        String value = s.node().metadata().get(KEY);
        // GKE stores metadata values as strings; only the exact "true" disables the endpoints.
        return "true".equals(value) ? pass()
                : fail(s.node().field() + ".metadata[\"" + KEY + "\"]", "\"true\"",
                        value == null ? "(absent)" : "\"" + value + "\"",
                        "Informational: the endpoints were shut down on 2020-09-30; not a reason to replace the pool.");
    }
}
