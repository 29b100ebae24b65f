package dev.metadataguard.policy;

import dev.metadataguard.fix.FixStep;
import java.util.List;

/**
 * A check that only the test sources register (MG901): it shows that tickets, the replacer and the README's
 * table take a new check from its declarations alone. Secure Boot verifies the nodes' boot components
 * (GKE guide "Using Shielded GKE Nodes"); it is off unless asked for.
 */
public final class SecureBootOff implements Check {

    public static final String WHY = "Without Secure Boot a node boots whatever its disk holds, so a rootkit"
            + " planted through a compromised Pod survives the node's reboots.";

    @Override
    public String id() {
        return "MG901";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public String title() {
        return "Secure Boot is off on the nodes";
    }

    @Override
    public String rule() {
        return "`shieldedInstanceConfig.enableSecureBoot` is not true";
    }

    @Override
    public String whyItMatters() {
        return WHY;
    }

    @Override
    public Exposure exposure() {
        return new Exposure(3, "boots nodes without Secure Boot");
    }

    @Override
    public String category() {
        return "GKE_NODE_SECURE_BOOT_DISABLED";
    }

    @Override
    public java.util.Optional<CisItem> cis() {
        return java.util.Optional.of(new CisItem("5.5.7", "Ensure Secure Boot for Shielded GKE Nodes is Enabled"));
    }

    @Override
    public Verdict evaluate(Subject s) {
        return s.node().config().getShieldedInstanceConfig().getEnableSecureBoot() ? pass()
                : fail(s.node().field() + ".shieldedInstanceConfig.enableSecureBoot", "true", "false", "");
    }

    /** Its siblings in shieldedInstanceConfig (integrity monitoring) stay as the original has them. */
    @Override
    public Fix fix() {
        return Fix.of(NodeSetting.of("shielded_instance_config.enable_secure_boot", true, "--shielded-secure-boot"));
    }

    @Override
    public List<FixStep> prerequisites(FixContext fix) {
        return List.of(new FixStep("Secure Boot rejects unsigned kernel modules: check that the nodes load none.",
                List.of("kubectl get nodes -l cloud.google.com/gke-nodepool=" + fix.resource().nodePool())));
    }
}
