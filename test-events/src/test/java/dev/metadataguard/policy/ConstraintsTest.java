package dev.metadataguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.metadataguard.policy.checks.Checks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each generated condition, evaluated by Google's CEL for Java on hand-made resources as the REST API writes
 * them (a JSON object: absent fields are absent keys), in the failing and passing shape of its check.
 */
class ConstraintsTest {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("resource", MapType.create(SimpleType.STRING, SimpleType.DYN)).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final String SA = "gke-nodes@acme-prod.iam.gserviceaccount.com";
    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    /** The names of the constraints that deny {@code resource} of {@code type}. */
    private static Set<String> refusing(String type, Map<String, Object> resource) {
        Set<String> names = new TreeSet<>();
        for (Prevention.Constraint c : ConstraintsFile.constraints(Checks.ALL)) {
            if (c.resourceType().equals(type) && evaluate(c.condition(), resource)) {
                names.add(c.name());
            }
        }
        return names;
    }

    private static boolean evaluate(String condition, Map<String, Object> resource) {
        try {
            return (Boolean) RUNTIME.createProgram(COMPILER.compile(condition).getAst()).eval(Map.of("resource", resource));
        } catch (Exception e) {
            throw new AssertionError(condition + " did not evaluate on " + resource + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> pool(Map<String, Object> config) {
        return refusing("container.googleapis.com/NodePool", Map.of("name", "batch", "config", config));
    }

    private static Map<String, Object> hardened() {
        return Map.of("serviceAccount", SA, "oauthScopes", List.of(CLOUD_PLATFORM),
                "metadata", Map.of("disable-legacy-endpoints", "true"), "workloadMetadataConfig", Map.of("mode", "GKE_METADATA"));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new java.util.HashMap<>(base);
        if (value == null) {
            out.remove(key);
        } else {
            out.put(key, value);
        }
        return Map.copyOf(out);
    }

    @Test
    void aHardenedPoolPassesEveryConstraint() {
        assertEquals(Set.of(), pool(hardened()));
    }

    @Test
    void mg001RefusesAnyModeButGkeMetadataAndAModeLeftOut() {
        assertEquals(Set.of("custom.metadataGuardMg001NodePool"),
                pool(with(hardened(), "workloadMetadataConfig", Map.of("mode", "GCE_METADATA"))));
        assertEquals(Set.of("custom.metadataGuardMg001NodePool"),
                pool(with(hardened(), "workloadMetadataConfig", Map.of())), "mode absent");
        assertEquals(Set.of("custom.metadataGuardMg001NodePool"), pool(with(hardened(), "workloadMetadataConfig", null)),
                "workloadMetadataConfig absent: GKE would fill it in on a Workload Identity cluster, the request did not");
    }

    @Test
    void mg002RefusesTheDefaultAccountInEachSpelling() {
        for (Object account : new Object[] {null, "", "default", "123456789012-compute@developer.gserviceaccount.com"}) {
            assertEquals(Set.of("custom.metadataGuardMg002NodePool", "custom.metadataGuardMg005NodePool"),
                    pool(with(hardened(), "serviceAccount", account)), String.valueOf(account));
        }
    }

    @Test
    void mg005RefusesBroadScopesOnlyWithTheDefaultAccount() {
        Map<String, Object> defaultAccount = with(hardened(), "serviceAccount", "default");
        assertEquals(Set.of("custom.metadataGuardMg002NodePool"), pool(with(defaultAccount, "oauthScopes", null)),
                "no scopes listed: none is broad");
        assertEquals(Set.of("custom.metadataGuardMg002NodePool"), pool(with(defaultAccount, "oauthScopes",
                List.of("https://www.googleapis.com/auth/devstorage.read_only"))));
        assertEquals(Set.of("custom.metadataGuardMg002NodePool", "custom.metadataGuardMg005NodePool"),
                pool(with(defaultAccount, "oauthScopes", List.of("https://www.googleapis.com/auth/compute"))));
        assertEquals(Set.of(), pool(hardened()), "cloud-platform on a least-privilege account is fine");
    }

    @Test
    void aPoolWithoutAnyConfigIsRefusedByEveryNodePoolConstraint() {
        assertEquals(Set.of("custom.metadataGuardMg001NodePool", "custom.metadataGuardMg002NodePool"),
                refusing("container.googleapis.com/NodePool", Map.of("name", "p")));
    }

    @Test
    void aClusterIsJudgedOnTheDefaultPoolItBuildsAndOnItsAutoProvisioningDefaults() {
        String cluster = "container.googleapis.com/Cluster";
        assertEquals(Set.of(), refusing(cluster, Map.of("name", "c", "nodePools", List.of(Map.of("name", "p")))),
                "pools listed in nodePools are the node-pool constraints'");
        assertEquals(Set.of(), refusing(cluster, Map.of("name", "c", "autopilot", Map.of("enabled", true))));
        assertEquals(Set.of("custom.metadataGuardMg001ClusterNodeConfig", "custom.metadataGuardMg002ClusterNodeConfig"),
                refusing(cluster, Map.of("name", "c", "initialNodeCount", 3)),
                "a default pool built from no settings at all");
        assertEquals(Set.of(), refusing(cluster, Map.of("name", "c", "nodeConfig", hardened())));
        assertEquals(Set.of("custom.metadataGuardMg002Autoprovisioning"), refusing(cluster, Map.of("name", "c",
                "nodePools", List.of(), "autoscaling", Map.of("enableNodeAutoprovisioning", true))),
                "auto-provisioning without defaults uses the default account");
        assertEquals(Set.of("custom.metadataGuardMg002Autoprovisioning", "custom.metadataGuardMg005Autoprovisioning"),
                refusing(cluster, Map.of("name", "c", "autoscaling", Map.of("enableNodeAutoprovisioning", true,
                        "autoprovisioningNodePoolDefaults", Map.of("oauthScopes", List.of(CLOUD_PLATFORM))))));
        assertEquals(Set.of(), refusing(cluster, Map.of("name", "c", "autoscaling", Map.of(
                "enableNodeAutoprovisioning", true, "autoprovisioningNodePoolDefaults", Map.of("serviceAccount", SA)))));
        assertEquals(Set.of(), refusing(cluster, Map.of("name", "c", "autoscaling", Map.of("enableNodeAutoprovisioning", false))));
    }

    @Test
    void withoutHasAnAbsentFieldOrMapKeyIsAnErrorNotFalse() throws Exception {
        // Why every generated condition goes through has() and in: CEL has no "absent is false".
        var field = RUNTIME.createProgram(COMPILER.compile("resource.config.workloadMetadataConfig.mode != 'GKE_METADATA'")
                .getAst());
        var key = RUNTIME.createProgram(COMPILER.compile("resource.config.metadata['disable-legacy-endpoints'] != 'true'")
                .getAst());
        Map<String, Object> bare = Map.of("config", Map.of("metadata", Map.of()));

        assertThrows(CelEvaluationException.class, () -> field.eval(Map.of("resource", bare)));
        assertThrows(CelEvaluationException.class, () -> key.eval(Map.of("resource", bare)));
    }
}
