package dev.metadataguard.policy.checks;

import dev.metadataguard.fix.FixStep;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.Fix;
import dev.metadataguard.policy.FixContext;
import dev.metadataguard.policy.NodeSetting;
import java.util.List;

/** The fix of the checks on the node service account: the policy's least-privilege account instead. */
abstract class LeastPrivilegeAccountFix implements Check {

    /** CIS GKE Benchmark 1.6.0: "Create and use minimally privileged Service accounts to run GKE cluster nodes". */
    static final CisItem NOT_DEFAULT_ACCOUNT = new CisItem("5.2.1",
            "Ensure GKE clusters are not running using the Compute Engine default service account");

    private static final Fix FIX = Fix.of(NodeSetting.of("service_account", NodeSetting.NODE_ACCOUNT, "--service-account")
            .autoprovisioning("--autoprovisioning-service-account"));

    @Override
    public Fix fix() {
        return FIX;
    }

    @Override
    public List<FixStep> prerequisites(FixContext fix) {
        return fix.accountToCreate();
    }
}
