package dev.metadataguard.policy.checks;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.NodeConfig;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.FixContext;
import java.util.List;

/** The fix of the checks on the node service account: the policy's least-privilege account instead. */
abstract class LeastPrivilegeAccountFix implements Check {

    /** CIS GKE Benchmark 1.6.0: "Create and use minimally privileged Service accounts to run GKE cluster nodes". */
    static final CisItem NOT_DEFAULT_ACCOUNT = new CisItem("5.2.1",
            "Ensure GKE clusters are not running using the Compute Engine default service account");

    @Override
    public List<String> replacementSets() {
        return List.of("config.service_account = the policy's least-privilege node service account for the project");
    }

    @Override
    public void secure(NodeConfig.Builder config, String nodeServiceAccount) {
        config.setServiceAccount(nodeServiceAccount);
    }

    @Override
    public List<String> poolFlags(String nodeServiceAccount) {
        return List.of("--service-account=" + nodeServiceAccount);
    }

    @Override
    public void secureAutoprovisioning(AutoprovisioningNodePoolDefaults.Builder defaults, String nodeServiceAccount) {
        defaults.setServiceAccount(nodeServiceAccount);
    }

    @Override
    public List<String> autoprovisioningFlags(String nodeServiceAccount) {
        return List.of("--autoprovisioning-service-account=" + nodeServiceAccount);
    }

    @Override
    public List<FixStep> prerequisites(FixContext fix) {
        return fix.accountToCreate();
    }
}
