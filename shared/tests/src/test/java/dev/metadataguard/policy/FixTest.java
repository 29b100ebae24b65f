package dev.metadataguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fix's settings are checked against the Container API when the check is built, and its words follow the field types. */
class FixTest {

    @Test
    void aFieldTheNodeConfigLacksIsRefusedWhenTheFixIsBuilt() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Fix.of(NodeSetting.of("workload_metadata_config.mod", "GKE_METADATA", "--workload-metadata")));
        assertEquals("node setting workload_metadata_config.mod: WorkloadMetadataConfig has no field mod",
                wrong.getMessage());
    }

    @Test
    void anEnumValueTheApiLacksIsRefused() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Fix.of(NodeSetting.of("workload_metadata_config.mode", "GKE_METADATA_SERVER", "--workload-metadata")));
        assertTrue(wrong.getMessage().endsWith("GKE_METADATA_SERVER is no value of Mode"), wrong.getMessage());
    }

    @Test
    void aSettingUpdateNodePoolCannotChangeIsRefusedInPlace() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Fix.of(NodeSetting.of("metadata[\"disable-legacy-endpoints\"]", "true", "--metadata").changedInPlace()));
        assertTrue(wrong.getMessage().contains("UpdateNodePoolRequest has no field metadata"), wrong.getMessage());
    }

    @Test
    void anAutoprovisioningFlagNeedsTheFieldOnTheDefaults() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Fix.of(NodeSetting.of("metadata[\"disable-legacy-endpoints\"]", "true", "--metadata")
                        .autoprovisioning("--autoprovisioning-metadata")));
        assertTrue(wrong.getMessage().contains("AutoprovisioningNodePoolDefaults has no field metadata"),
                wrong.getMessage());
    }

    @Test
    void aMapSettingPutsItsKeyAndKeepsTheOthers() {
        NodeConfig.Builder config = NodeConfig.newBuilder().putMetadata("disable-legacy-endpoints", "false")
                .putMetadata("team", "payments");
        Fix.of(NodeSetting.of("metadata[\"disable-legacy-endpoints\"]", "true", "--metadata")).secure(config, "");
        assertEquals(java.util.Map.of("disable-legacy-endpoints", "true", "team", "payments"), config.getMetadataMap());
    }

    @Test
    void theWordsQuoteStringsAndNameTheAccount() {
        Fix fix = Fix.of(NodeSetting.of("metadata[\"k\"]", "true", "--metadata"),
                NodeSetting.of("workload_metadata_config.mode", "GKE_METADATA", "--workload-metadata"),
                NodeSetting.of("service_account", NodeSetting.NODE_ACCOUNT, "--service-account"),
                NodeSetting.of("shielded_instance_config.enable_secure_boot", true, "--shielded-secure-boot"),
                NodeSetting.of("oauth_scopes", List.of("a", "b"), "--scopes"));
        assertEquals(List.of("config.metadata[\"k\"] = \"true\"", "config.workload_metadata_config.mode = GKE_METADATA",
                "config.service_account = the policy's least-privilege node service account for the project",
                "config.shielded_instance_config.enable_secure_boot = true", "config.oauth_scopes = [\"a\", \"b\"]"),
                fix.replacementSets());
        assertEquals(List.of("--metadata=k=true", "--workload-metadata=GKE_METADATA", "--service-account=sa@p",
                "--shielded-secure-boot", "--scopes=a,b"), fix.poolFlags("sa@p"));
    }
}
