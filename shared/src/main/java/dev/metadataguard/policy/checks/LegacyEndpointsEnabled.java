package dev.metadataguard.policy.checks;

import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;

/** MG004: the legacy metadata endpoints (v0.1, v1beta1) are not disabled on the nodes. */
public final class LegacyEndpointsEnabled implements Check {

    static final String KEY = "disable-legacy-endpoints";

    @Override
    public String id() {
        return "MG004";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public String title() {
        return "Legacy metadata endpoints are not disabled";
    }

    @Override
    public String category() {
        return "GKE_NODE_LEGACY_METADATA_ENDPOINTS";
    }

    @Override
    public Verdict evaluate(Subject s) {
        if (s.autopilot()) {
            return pass();
        }
        String value = s.node().metadata().get(KEY);
        // GKE stores metadata values as strings; only the exact "true" disables the endpoints.
        return "true".equals(value) ? pass()
                : fail(s.node().field() + ".metadata[\"" + KEY + "\"]", "\"true\"",
                        value == null ? "(absent)" : "\"" + value + "\"", "");
    }
}
