package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.common.CelValidationException;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Prevention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checks' Organization Policy constraints would have refused, evaluated with Google's CEL for Java
 * on the resource as the REST API writes it, a JSON object. A creation is judged on its request as sent (the
 * stricter reading: GKE's defaults are not filled in), an update on the resource after the change (an
 * update of a resource that violates is refused unless it resolves the violation). terraform/README.md
 * ("Prevention") gives the sources.
 */
final class Preview {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("resource", MapType.create(SimpleType.STRING, SimpleType.DYN)).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final Map<Prevention.Constraint, CelRuntime.Program> programs = new LinkedHashMap<>();
    private final ObjectMapper mapper;

    Preview(List<Check> checks, ObjectMapper mapper) {
        this.mapper = mapper;
        for (Check check : checks) {
            check.prevention().ifPresent(p -> p.constraints().forEach(c -> programs.put(c, compile(c))));
        }
    }

    /** The ids of the checks that declare constraints, in registry order. */
    Set<String> preventableChecks() {
        Set<String> ids = new LinkedHashSet<>();
        programs.keySet().forEach(c -> ids.add(c.checkId()));
        return ids;
    }

    private static CelRuntime.Program compile(Prevention.Constraint c) {
        try {
            return RUNTIME.createProgram(COMPILER.compile(c.condition()).getAst());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException(c.name() + ": its condition does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * The constraints at {@code places} enforced on {@code method} that deny {@code resource}, a REST resource's
     * JSON; a v1beta1 {@code nodeMetadata} is read as the v1 mode it stands for, as GKE's v1 resource shows it.
     */
    List<Prevention.Constraint> refusing(Prevention.Method method, Set<Prevention.Place> places, JsonNode resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> value = mapper.convertValue(v1(resource), Map.class);
        List<Prevention.Constraint> refused = new ArrayList<>();
        programs.forEach((c, program) -> {
            if (places.contains(c.place()) && c.methods().contains(method) && denies(c, program, value)) {
                refused.add(c);
            }
        });
        return refused;
    }

    private static boolean denies(Prevention.Constraint c, CelRuntime.Program program, Map<String, Object> resource) {
        try {
            return Boolean.TRUE.equals(program.eval(Map.of("resource", resource)));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException(c.name() + " could not be evaluated (" + e.getMessage() + ")", e);
        }
    }

    /** The v1 view of a pool or cluster: v1beta1 GKE_METADATA_SERVER is mode GKE_METADATA, EXPOSE GCE_METADATA. */
    private static JsonNode v1(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        mode(copy.path("config"));
        mode(copy.path("nodeConfig"));
        copy.path("nodePools").forEach(pool -> mode(pool.path("config")));
        return copy;
    }

    private static void mode(JsonNode config) {
        if (config.path("workloadMetadataConfig") instanceof ObjectNode workload && !workload.has("mode")) {
            String mode = switch (workload.path("nodeMetadata").asText()) {
                case "GKE_METADATA_SERVER" -> "GKE_METADATA";
                case "EXPOSE" -> "GCE_METADATA";
                default -> null; // SECURE (concealment) has no v1 mode: a constraint sees none
            };
            if (mode != null) {
                workload.put("mode", mode);
            }
        }
    }
}
