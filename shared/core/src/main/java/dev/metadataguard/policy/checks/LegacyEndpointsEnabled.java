package dev.metadataguard.policy.checks;

import com.google.container.v1.NodeConfig;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Prevention;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    public String rule() {
        return "node metadata `disable-legacy-endpoints` is not `\"true\"`";
    }

    @Override
    public String whyItMatters() {
        return "The legacy metadata endpoints (v0.1, v1beta1) answer without the Metadata-Flavor header,"
                + " so a simple request forgery in a workload can read instance metadata. Google shut them"
                + " down on 30 September 2020; nodes must still declare disable-legacy-endpoints=true.";
    }

    @Override
    public Exposure exposure() {
        return Exposure.NODE_METADATA;
    }

    /** Other metadata keys stay as the original has them. */
    @Override
    public List<String> replacementSets() {
        return List.of("config.metadata[\"" + KEY + "\"] = \"true\"");
    }

    @Override
    public void secure(NodeConfig.Builder config, String nodeServiceAccount) {
        config.putMetadata(KEY, "true");
    }

    /** Auto-provisioned nodes always have the endpoints disabled: no auto-provisioning flag. */
    @Override
    public List<String> poolFlags(String nodeServiceAccount) {
        return List.of("--metadata=" + KEY + "=true");
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

    /** Auto-provisioned nodes always disable the endpoints, and the defaults have no metadata: two places. */
    @Override
    public Optional<Prevention> prevention() {
        return Optional.of(Prevention.of(this, Set.of(Prevention.Place.NODE_POOL, Prevention.Place.DEFAULT_POOL),
                node -> "!(" + node.present("metadata") + " && '" + KEY + "' in " + node.field("metadata") + " && "
                        + node.field("metadata") + "['" + KEY + "'] == 'true')"));
    }
}
