package dev.metadataguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.ShieldedInstanceConfig;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.metadataguard.policy.checks.Checks;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every check (the registered ones and the test's own MG901), what a ticket tells a person to run and what
 * the replacer sends to GKE are the same change: each gcloud flag, read back as the gcloud reference defines it
 * (the tables below, not the checks' declarations), sets exactly what {@link Fix#secure} sets on the same pool,
 * and likewise for node auto-provisioning's defaults and for the in-place update.
 */
class FixAgreementTest {

    private static final String ACCOUNT = "gke-nodes@shop.iam.gserviceaccount.com";

    /**
     * What each flag of {@code gcloud container node-pools create} sets, after its reference
     * (https://cloud.google.com/sdk/gcloud/reference/container/node-pools/create): {@code --workload-metadata} the
     * pool's workload metadata mode; {@code --service-account} the nodes' service account; {@code --scopes} the
     * nodes' scopes, a comma list of URIs (or aliases) that replaces the default list; {@code --metadata} a comma
     * list of KEY=VALUE pairs added to the instance metadata; {@code --shielded-secure-boot} Secure Boot on the
     * Shielded VM nodes.
     */
    private static final Map<String, BiConsumer<NodeConfig.Builder, String>> POOL_FLAGS = Map.of(
            "--workload-metadata", (config, value) -> config.setWorkloadMetadataConfig(WorkloadMetadataConfig
                    .newBuilder().setMode(WorkloadMetadataConfig.Mode.valueOf(value))),
            "--service-account", NodeConfig.Builder::setServiceAccount,
            "--scopes", (config, value) -> config.clearOauthScopes().addAllOauthScopes(List.of(value.split(","))),
            "--metadata", (config, value) -> Stream.of(value.split(",")).map(pair -> pair.split("=", 2))
                    .forEach(pair -> config.putMetadata(pair[0], pair[1])),
            "--shielded-secure-boot", (config, value) -> config.setShieldedInstanceConfig(
                    config.getShieldedInstanceConfig().toBuilder().setEnableSecureBoot(true)));

    /**
     * The same for node auto-provisioning's defaults on {@code gcloud container clusters update}
     * (https://cloud.google.com/sdk/gcloud/reference/container/clusters/update): {@code
     * --autoprovisioning-service-account} and {@code --autoprovisioning-scopes}, for the pools it creates.
     */
    private static final Map<String, BiConsumer<AutoprovisioningNodePoolDefaults.Builder, String>> AUTOPROVISIONING_FLAGS =
            Map.of("--autoprovisioning-service-account", AutoprovisioningNodePoolDefaults.Builder::setServiceAccount,
                    "--autoprovisioning-scopes", (defaults, value) -> defaults.clearOauthScopes()
                            .addAllOauthScopes(List.of(value.split(","))));

    /** Fails every check: exposed metadata, the default account with a broad scope, the endpoints on, no Secure Boot. */
    private static final NodeConfig EXPOSED = NodeConfig.newBuilder()
            .setMachineType("e2-standard-4")
            .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GCE_METADATA))
            .addOauthScopes("https://www.googleapis.com/auth/compute")
            .addOauthScopes("https://www.googleapis.com/auth/devstorage.read_only")
            .putMetadata("disable-legacy-endpoints", "false")
            .putMetadata("startup-note", "kept")
            .setShieldedInstanceConfig(ShieldedInstanceConfig.newBuilder().setEnableIntegrityMonitoring(true))
            .putLabels("team", "payments")
            .build();

    private static final AutoprovisioningNodePoolDefaults DEFAULTS = AutoprovisioningNodePoolDefaults.newBuilder()
            .addOauthScopes("https://www.googleapis.com/auth/compute")
            .setDiskSizeGb(100)
            .setImageType("COS_CONTAINERD")
            .build();

    static Stream<Check> checks() {
        return Stream.concat(Checks.ALL.stream(), Stream.of(new SecureBootOff()));
    }

    @ParameterizedTest
    @MethodSource("checks")
    void thePoolFlagsMakeTheChangeTheReplacementMakes(Check check) {
        NodeConfig.Builder byFlags = EXPOSED.toBuilder();
        check.fix().poolFlags(ACCOUNT).forEach(flag -> apply(POOL_FLAGS, byFlags, flag));
        NodeConfig.Builder byApi = EXPOSED.toBuilder();
        check.fix().secure(byApi, ACCOUNT);

        assertNotEquals(EXPOSED, byApi.build(), check.id() + "'s fix changes nothing on a pool it fails");
        assertEquals(byFlags.build(), byApi.build(), check.id() + ": " + check.fix().poolFlags(ACCOUNT));
    }

    @ParameterizedTest
    @MethodSource("checks")
    void theAutoprovisioningFlagsMakeTheChangeTheDefaultsGet(Check check) {
        AutoprovisioningNodePoolDefaults.Builder byFlags = DEFAULTS.toBuilder();
        check.fix().autoprovisioningFlags(ACCOUNT).forEach(flag -> apply(AUTOPROVISIONING_FLAGS, byFlags, flag));
        AutoprovisioningNodePoolDefaults.Builder byApi = DEFAULTS.toBuilder();
        check.fix().secureAutoprovisioning(byApi, ACCOUNT);

        assertEquals(byFlags.build(), byApi.build(), check.id() + ": " + check.fix().autoprovisioningFlags(ACCOUNT));
    }

    /** The request carries, field for field, what the replacement's node config gets. */
    @ParameterizedTest
    @MethodSource("checks")
    void anInPlaceUpdateSetsWhatTheReplacementSets(Check check) {
        NodeConfig.Builder secured = EXPOSED.toBuilder();
        check.fix().secure(secured, ACCOUNT);
        check.fix().inPlace().ifPresent(fix -> {
            UpdateNodePoolRequest request = fix.change().apply(UpdateNodePoolRequest.newBuilder()).build();
            assertTrue(!request.getAllFields().isEmpty(), check.id() + "'s in-place fix sets nothing");
            for (Map.Entry<FieldDescriptor, Object> field : request.getAllFields().entrySet()) {
                FieldDescriptor same = NodeConfig.getDescriptor().findFieldByName(field.getKey().getName());
                assertEquals(secured.getField(same), field.getValue(), check.id() + ": " + field.getKey().getName());
            }
        });
    }

    private static <B> void apply(Map<String, BiConsumer<B, String>> table, B target, String flag) {
        String[] nameValue = flag.split("=", 2);
        BiConsumer<B, String> meaning = table.get(nameValue[0]);
        if (meaning == null) {
            fail("no meaning for " + nameValue[0] + " in this test's table: add it as the gcloud reference defines it");
        }
        meaning.accept(target, nameValue.length == 2 ? nameValue[1] : "");
    }
}
