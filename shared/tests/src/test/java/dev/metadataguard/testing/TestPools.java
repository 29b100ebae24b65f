package dev.metadataguard.testing;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.policy.checks.Checks;

/**
 * The node pools tests seed. A test spells out the settings of the checks it is about (mode, service account,
 * scopes, legacy endpoints: MG001 to MG005); every other registered check gets its own fix here, so a check added
 * later finds these pools compliant on its account and each test's findings stay the ones it is about.
 */
public final class TestPools {

    private TestPools() {
    }

    /** A pool of one node with service account {@code sa}, the legacy endpoints disabled and metadata {@code mode}. */
    public static NodePool pool(String name, String sa, WorkloadMetadataConfig.Mode mode) {
        return NodePool.newBuilder().setName(name).setInitialNodeCount(1).setConfig(withOtherChecksFixed(
                NodeConfig.newBuilder().setServiceAccount(sa).putMetadata("disable-legacy-endpoints", "true")
                        .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(mode)))).build();
    }

    /** {@code config} with the fix of every registered check it does not spell out. */
    public static NodeConfig.Builder withOtherChecksFixed(NodeConfig.Builder config) {
        Checks.ALL.stream().filter(check -> !SpelledOutChecks.IDS.contains(check.id()))
                .forEach(check -> check.fix().secure(config, config.getServiceAccount()));
        return config;
    }
}
